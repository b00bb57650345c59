"""Loading criteria_data/: the 83 criteria, idempotent reloads, and broken copies refused whole."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from quality_assess.assessments.models import Result
from quality_assess.catalog.models import Chapter, Criterion, Part
from tests.conftest import attach, count_rows, fresh, reload, scalar

DATA = Path(__file__).resolve().parents[2] / "criteria_data" / "qd-6858-2016.toml"


def test_the_catalogue_has_83_criteria_in_23_chapters_and_5_parts(app):
    assert count_rows(app, Part) == 5
    assert count_rows(app, Chapter) == 23
    assert count_rows(app, Criterion) == 83
    with fresh(app) as session:
        doubled = session.scalars(sa.select(Criterion).where(Criterion.coefficient == 2)).all()
        assert len(doubled) == 7
        assert {c.chapter.code for c in doubled} == {"C3", "C5"}
        assert sum(c.coefficient for c in session.scalars(sa.select(Criterion))) == 90
        e_chapters = {c.code: c.applicability for c in session.scalars(sa.select(Criterion).join(Chapter).where(Chapter.code.in_(["E1", "E2"])))}
        assert set(e_chapters.values()) == {"obstetrics", "paediatrics"}


def test_reloading_adds_nothing_and_leaves_results_alone(app, runner, make):
    round_ = make.round()
    with fresh(app) as session:
        result = session.scalar(sa.select(Result).where(Result.round_id == round_.id).join(Criterion).where(Criterion.code == "A1.1"))
        result.level, result.note = 3, "Đã kiểm tra"
        session.commit()

    outcome = runner.invoke(args=["catalog", "load"])

    assert outcome.exit_code == 0, outcome.output
    assert "0 mới" in outcome.output
    assert count_rows(app, Criterion) == 83 and count_rows(app, Chapter) == 23
    result = reload(app, result)
    assert (result.level, result.note) == (3, "Đã kiểm tra")


BROKEN = {
    "duplicate code": (r'code = "A1\.2"', 'code = "A1.1"', "A1.1"),
    "wrong chapter count": (r'(code = "A1"\npart = "A"\nname = "[^"]*"\nname_confidence = "[^"]*"\n)criteria_count = 6', r"\1criteria_count = 7", "A1"),
    "wrong coefficient": (r'(code = "C3\.1"\nchapter = "C3"\ntitle = "[^"]*"\n)coefficient = 2', r"\1coefficient = 1", "C3.1"),
    "bad TOML": (r"\[catalog\]", "[catalog", None),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_broken_data_file_is_refused_naming_file_and_code(app, case, runner, tmp_path):
    pattern, replacement, code = BROKEN[case]
    text = DATA.read_text(encoding="utf-8")
    # Also change a title: it must not reach the database when the file is refused.
    text = text.replace('title = "Người bệnh được chỉ dẫn rõ ràng', 'title = "ĐỔI TÊN Người bệnh được chỉ dẫn rõ ràng')
    broken, n = re.subn(pattern, replacement, text, count=1)
    assert n == 1, "the test's edit no longer matches the data file"
    (tmp_path / DATA.name).write_text(broken, encoding="utf-8")
    if (DATA.parent / "checklists").exists():
        shutil.copytree(DATA.parent / "checklists", tmp_path / "checklists")

    outcome = runner.invoke(args=["catalog", "load", "--dir", str(tmp_path)])

    assert outcome.exit_code != 0
    assert DATA.name in outcome.output
    if code:
        assert f": {code}: " in outcome.output
    assert "không thay đổi" in outcome.output
    assert not scalar(app, sa.select(Criterion).where(Criterion.title.startswith("ĐỔI TÊN")))
    assert count_rows(app, Criterion) == 83


@pytest.mark.parametrize("confidence", ["admin", "imported"])
def test_load_keeps_titles_corrected_by_an_admin_or_imported(app, confidence, runner, make):
    with fresh(app) as session:
        criterion = attach(make.criterion("B1.1"))
        criterion.title, criterion.title_confidence = "Tên đã sửa theo văn bản gốc", confidence
        session.commit()

    outcome = runner.invoke(args=["catalog", "load"])

    assert outcome.exit_code == 0, outcome.output
    criterion = reload(app, criterion)
    assert (criterion.title, criterion.title_confidence) == ("Tên đã sửa theo văn bản gốc", confidence)


def test_load_restores_a_recalled_title_changed_outside_the_app(app, runner, make):
    with fresh(app) as session:
        criterion = attach(make.criterion("B1.1"))
        original = criterion.title
        criterion.title = "Sửa tay trong cơ sở dữ liệu"
        session.commit()

    assert runner.invoke(args=["catalog", "load"]).exit_code == 0

    assert reload(app, criterion).title == original


