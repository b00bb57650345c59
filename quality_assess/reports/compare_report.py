"""Two rounds compared, as the page, the workbook and the PDF show it: grouped by part and chapter with
the catalogue's names and titles, each group's means, gap A − B and counts, the criteria the filters keep,
and the plain sentences ("Tự đánh giá cao hơn đoàn: 14 tiêu chí"). Read once from the database; the
arithmetic is reports/compare.py's.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from quality_assess.assessments.models import Round
from quality_assess.assessments.operations import round_scores
from quality_assess.catalog.models import Chapter, Criterion, Part
from quality_assess.database import db
from quality_assess.reports.compare import Comparison, Counts, CriterionChange, Filters, compare, count


@dataclass(frozen=True)
class Row:
    code: str
    title: str
    level_a: int | None
    level_b: int | None
    gap: int | None            # A − B, None unless both have a level
    na_a: bool                 # not applicable in A (else a missing level is "not assessed")
    na_b: bool


@dataclass(frozen=True)
class ChapterBlock:
    code: str
    name: str
    mean_a: float | None
    mean_b: float | None
    gap: float | None
    counts: Counts             # every criterion of the chapter, whatever the filters
    rows: list[Row]            # the criteria the filters keep


@dataclass(frozen=True)
class PartBlock:
    code: str
    name: str
    mean_a: float | None
    mean_b: float | None
    gap: float | None
    counts: Counts
    chapters: list[ChapterBlock]

    @property
    def shown(self) -> list[ChapterBlock]:
        """The chapters with at least one criterion kept by the filters."""
        return [c for c in self.chapters if c.rows]


@dataclass(frozen=True)
class CompareReport:
    a: Round
    b: Round
    comparison: Comparison
    filters: Filters
    parts: list[PartBlock]
    counts: Counts             # all criteria

    @property
    def chapters(self) -> list[ChapterBlock]:
        return [c for p in self.parts for c in p.chapters]

    @property
    def shown(self) -> int:
        """How many criteria the filters keep."""
        return sum(len(c.rows) for c in self.chapters)

    @property
    def locked(self) -> bool:
        return self.a.locked and self.b.locked

    def sentences(self, counts: Counts | None = None) -> list[str]:
        """The counts in words, for the whole comparison or one part or chapter."""
        counts = counts or self.counts
        (a_first, a_after), (b_first, b_after) = self.names_of("a"), self.names_of("b")
        return [
            _("%(higher)s cao hơn %(lower)s: %(n)s tiêu chí", higher=a_first, lower=b_after, n=counts.a_higher),
            _("%(higher)s cao hơn %(lower)s: %(n)s tiêu chí", higher=b_first, lower=a_after, n=counts.b_higher),
            _("Cùng mức: %(n)s tiêu chí", n=counts.equal),
            _("Chưa so sánh được (chưa đánh giá hoặc không áp dụng): %(n)s tiêu chí", n=counts.not_compared),
        ]

    def names_of(self, which: str) -> tuple[str, str]:
        """How a sentence names a round, at its start and within it: by kind when the kinds differ
        ("Tự đánh giá" / "đoàn"), else "Đợt A" / "đợt B"."""
        round_ = self.a if which == "a" else self.b
        if self.a.kind == self.b.kind:
            return (_("Đợt A"), _("đợt A")) if which == "a" else (_("Đợt B"), _("đợt B"))
        return (_("Tự đánh giá"), _("tự đánh giá")) if round_.kind == "self" else (_("Đoàn"), _("đoàn"))

    def filter_text(self) -> str:
        """The filters applied, in words (printed on the PDF and in the workbook)."""
        if not self.filters.active:
            return _("Không lọc: tất cả các tiêu chí.")
        said = []
        if self.filters.chapter:
            said.append(_("chương %(code)s", code=self.filters.chapter))
        if self.filters.b_lower:
            said.append(_("chỉ tiêu chí B thấp hơn A"))
        elif self.filters.only_gaps:
            said.append(_("chỉ tiêu chí có chênh lệch"))
        return _("Đã lọc: %(filters)s (%(n)s tiêu chí).", filters="; ".join(said), n=self.shown)


def chapter_choices() -> list[tuple[str, str]]:
    """The chapters of the catalogue in order, as (code, "code · name") for the chapter filter."""
    return [(code, f"{code} · {name}") for code, name in db.session.execute(sa.select(Chapter.code, Chapter.name).order_by(Chapter.position))]


def _row(r: CriterionChange, title: str, na: dict[str, tuple[bool, bool]]) -> Row:
    na_a, na_b = na.get(r.code, (False, False))
    return Row(r.code, title, r.level_a, r.level_b, r.gap, na_a, na_b)


def compare_report(a: Round, b: Round, filters: Filters) -> CompareReport:
    scores_a, scores_b = round_scores(a.id), round_scores(b.id)
    result = compare(scores_a, scores_b)
    na_a = {s.code for s in scores_a if not s.applicable}
    na_b = {s.code for s in scores_b if not s.applicable}
    na = {r.code: (r.code in na_a, r.code in na_b) for r in result.rows}
    titles: dict[str, str] = {code: title for code, title in db.session.execute(sa.select(Criterion.code, Criterion.title))}
    chapter_names: dict[str, str] = {code: name for code, name in db.session.execute(sa.select(Chapter.code, Chapter.name))}
    part_names: dict[str, str] = {code: name for code, name in db.session.execute(sa.select(Part.code, Part.name))}
    parts: list[PartBlock] = []
    for part in result.part_gaps:
        part_rows = [r for r in result.rows if r.part == part]
        chapters = []
        for chapter in dict.fromkeys(r.chapter for r in part_rows):
            gap = result.chapters[chapter]
            rows = [r for r in part_rows if r.chapter == chapter]
            chapters.append(ChapterBlock(chapter, chapter_names.get(chapter, ""), gap.mean_a, gap.mean_b, gap.gap, count(rows),
                                         [_row(r, titles.get(r.code, ""), na) for r in rows if filters.keep(r)]))
        parts.append(PartBlock(part, part_names.get(part, ""), result.summary_a.parts.get(part), result.summary_b.parts.get(part),
                               result.part_gaps[part], count(part_rows), chapters))
    return CompareReport(a, b, result, filters, parts, count(result.rows))
