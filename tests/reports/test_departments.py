"""Results by responsible department, as a pure function (no app): the director sees which department
leads how many criteria, their mean by the round's own rule, the Mức 1–2 counts, the rank, and a
department × chapter heatmap. Scores here are synthetic codes and levels, not catalogue text."""
from __future__ import annotations

from quality_assess.assessments.scoring import CriterionScore, weighted_mean
from quality_assess.reports.departments import band, by_department


def score(code: str, level: int | None, *, coefficient: int = 1, applicable: bool = True) -> CriterionScore:
    return CriterionScore(code, code[0], code.split(".")[0], coefficient, applicable, level)


SCORES = [
    score("A1.1", 4), score("A1.2", 3), score("A1.3", None),          # Khám bệnh: 4, 3, open
    score("B1.1", 2), score("B1.2", 1),                                # Tổ chức cán bộ: 2, 1
    score("C3.1", 4, coefficient=2), score("C3.2", 3, coefficient=2),  # Điều dưỡng: coefficient 2
    score("C3.3", 5, applicable=False),                                # not applicable: counted, not scored
    score("D1.1", 3),                                                  # nobody leads it
]
LEADS = {"A1.1": "Khoa Khám bệnh", "A1.2": "Khoa Khám bệnh", "A1.3": "Khoa Khám bệnh",
         "B1.1": "Phòng Tổ chức cán bộ", "B1.2": "Phòng Tổ chức cán bộ",
         "C3.1": "Phòng Điều dưỡng", "C3.2": "Phòng Điều dưỡng", "C3.3": "Phòng Điều dưỡng"}


def rows_by_name(report):
    return {r.name: r for r in report.rows}


def test_each_department_counts_its_criteria_levels_and_open_ones():
    rows = rows_by_name(by_department(SCORES, LEADS))
    kham = rows["Khoa Khám bệnh"]
    assert (kham.criteria, kham.applicable, kham.answered, kham.unanswered) == (3, 3, 2, 1)
    assert kham.mean == 3.5
    tccb = rows["Phòng Tổ chức cán bộ"]
    assert (tccb.level_1, tccb.level_2, tccb.low) == (1, 1, ["B1.1", "B1.2"])
    dd = rows["Phòng Điều dưỡng"]
    assert (dd.criteria, dd.applicable, dd.answered, dd.unanswered) == (3, 2, 2, 0)


def test_the_mean_follows_the_round_summary_rule_with_coefficients():
    rows = rows_by_name(by_department(SCORES, LEADS))
    nursing = [s for s in SCORES if s.chapter == "C3"]
    assert rows["Phòng Điều dưỡng"].mean == weighted_mean(nursing) == (4 * 2 + 3 * 2) / 4


def test_departments_are_ranked_by_mean_and_the_unassigned_row_comes_last_without_rank():
    report = by_department(SCORES, LEADS)
    assert [(r.name, r.rank) for r in report.rows] == [
        ("Khoa Khám bệnh", 1), ("Phòng Điều dưỡng", 1), ("Phòng Tổ chức cán bộ", 3), (None, None)]
    unassigned = report.rows[-1]
    assert unassigned.unassigned and unassigned.criteria == 1 and unassigned.mean == 3


def test_a_department_with_nothing_answered_has_no_rank_and_follows_the_ranked_ones():
    leads = {**LEADS, "A1.3": "Khoa Dược"}
    report = by_department(SCORES, leads)
    assert [(r.name, r.rank) for r in report.rows][-2:] == [("Khoa Dược", None), (None, None)]
    assert rows_by_name(report)["Khoa Dược"].unanswered == 1


def test_the_heatmap_has_a_cell_per_department_and_chapter_it_leads():
    report = by_department(SCORES, LEADS)
    assert report.chapters == ["A1", "B1", "C3", "D1"]
    kham = rows_by_name(report)["Khoa Khám bệnh"]
    assert list(kham.chapters) == ["A1"]
    cell = kham.chapters["A1"]
    assert (cell.criteria, cell.answered, cell.mean, cell.band) == (3, 2, 3.5, 3)
    assert rows_by_name(report)[None].chapters["D1"].mean == 3


def test_without_any_assignment_everything_is_one_unassigned_row():
    report = by_department(SCORES, {})
    assert not report.assigned
    assert [(r.name, r.criteria) for r in report.rows] == [(None, 9)]


def test_the_colour_band_is_the_whole_part_of_the_mean():
    assert [band(m) for m in (None, 1.0, 1.99, 2.0, 3.6, 4.999, 5.0)] == [None, 1, 1, 2, 3, 4, 5]
