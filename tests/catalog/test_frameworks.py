"""The catalogue holds two frameworks: the 83 criteria ("qd6858", levels) and TT 35/2024 (Có/Không/Không áp dụng)."""
from __future__ import annotations

import shutil
from pathlib import Path

import sqlalchemy as sa

from quality_assess.catalog.models import Framework, FrameworkItem
from tests.conftest import count_rows, fresh

DATA = Path(__file__).resolve().parents[2] / "criteria_data"


def items(app) -> dict[str, FrameworkItem]:
    with fresh(app) as session:
        rows = session.scalars(sa.select(FrameworkItem).join(Framework).where(Framework.code == "tt35")).all()
        session.expunge_all()
        return {row.code: row for row in rows}


def test_both_frameworks_are_loaded_with_their_kind_of_answer(app):
    with fresh(app) as session:
        found = {f.code: (f.kind, f.version) for f in session.scalars(sa.select(Framework))}
    assert found == {"qd6858": ("levels", "2.0"), "tt35": ("yes_no_na", "2024")}


def test_tt35_has_44_items_in_five_groups_with_their_provenance(app):
    loaded = items(app)
    assert len(loaded) == 44
    groups = {}
    for item in loaded.values():
        groups[item.group_code] = groups.get(item.group_code, 0) + 1
    assert groups == {"I": 13, "II": 10, "III": 2, "IV": 5, "V": 14}
    assert loaded["V.4.6"].title == "Báo cáo sự cố y khoa."  # as the reference gives it
    assert loaded["V.4.6"].provenance == "two-transcriptions"
    assert {c for c, i in loaded.items() if i.provenance == "one-transcription"} == {"II.3.a", "II.3.b"}


def test_reloading_adds_nothing_and_keeps_an_admin_correction(app, runner):
    with fresh(app) as session:
        item = session.scalar(sa.select(FrameworkItem).where(FrameworkItem.code == "I.1"))
        item.title, item.provenance = "Văn bản đã sửa theo bản chính thức của bệnh viện.", "admin"
        session.commit()
    outcome = runner.invoke(args=["catalog", "load"])
    assert outcome.exit_code == 0, outcome.output
    assert "tt35: 0 mới" in outcome.output
    assert count_rows(app, FrameworkItem) == 44
    assert items(app)["I.1"].title == "Văn bản đã sửa theo bản chính thức của bệnh viện."


def test_a_broken_framework_file_is_refused_whole(app, runner, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    path = folder / "tt35-2024.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\nI.2,I,", "\nI.1,I,", 1), encoding="utf-8")
    outcome = runner.invoke(args=["catalog", "load", "--dir", str(folder)])
    assert outcome.exit_code != 0
    assert "I.1: mã mục bị lặp" in outcome.output
