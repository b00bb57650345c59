"""Criterion titles checked against an independent public list (criteria_data/sources/): where the two
agree the title is "verified against two sources", where they differed the external title was taken
("one independent source"); C4.5, C4.6 and C5.1, absent from that list, stay as they were. A load
brings an existing installation's titles up to date, but never over an admin's correction or an
imported official list.
"""
from __future__ import annotations

import csv
import re
import tomllib
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from quality_assess import create_app
from quality_assess.catalog.cli import load_everything
from quality_assess.catalog.models import Criterion
from quality_assess.database import db
from tests.conftest import attach, fresh, reload, scalars

DATA = Path(__file__).resolve().parents[2] / "criteria_data"
SOURCE = DATA / "sources" / "criteria-titles-external.csv"

# The 23 codes whose recalled title differed from the external list (the comparison of 02/12/2026).
DIFFERED = {
    "A1.2", "A1.3", "A1.5", "A2.5", "A3.2", "A4.2", "B1.3", "B2.2", "B3.2", "B3.4", "B4.1", "B4.2",
    "C6.2", "C6.3", "C7.1", "C7.2", "C8.1", "C9.2", "C9.3", "C9.5", "D1.3", "E1.2", "E1.3",
}
ABSENT = {"C4.5", "C4.6", "C5.1"}
# The recalled title of C6.2 before the check (one of the badly wrong ones), as an older installation has it.
OLD_C62 = ("Người bệnh được điều dưỡng hướng dẫn, tư vấn điều trị và chăm sóc, giáo dục sức khỏe phù hợp "
           "với bệnh đang được điều trị")
NEW_C62 = "Người bệnh được tư vấn, giáo dục sức khỏe khi điều trị và trước khi ra viện"


def external() -> dict[str, str]:
    with SOURCE.open(encoding="utf-8", newline="") as f:
        return {row["code"]: row["title"] for row in csv.DictReader(f)}


def shipped() -> dict[str, dict]:
    data = tomllib.loads((DATA / "qd-6858-2016.toml").read_text(encoding="utf-8"))
    return {c["code"]: c for c in data["criteria"]}


def provenance_cell(page: str, code: str) -> str:
    row = re.search(rf">{re.escape(code)}</a>.*?</tr>", page, re.S).group(0)
    return re.search(r'<td class="provenance provenance-([\w-]+)">([^<]*)</td>', row).group(0)


def test_the_kept_source_lists_80_criteria_with_its_two_typo_corrections_marked():
    titles = external()
    assert len(titles) == 80 and not ABSENT & set(titles)
    with SOURCE.open(encoding="utf-8", newline="") as f:
        notes = {row["code"]: row["note"] for row in csv.DictReader(f) if row["note"]}
    assert set(notes) == {"A1.6", "C7.2"} and all(n.startswith("typo corrected") for n in notes.values())
    notes_file = (DATA / "sources" / "README.md").read_text(encoding="utf-8")
    assert "two-sources" in notes_file and "one-source" in notes_file


def test_every_title_of_the_source_is_in_the_data_file_with_its_provenance():
    titles, ours = external(), shipped()
    for code, title in titles.items():
        assert ours[code]["title"] == title, code
    by_provenance: dict[str, set[str]] = {}
    for code, c in ours.items():
        by_provenance.setdefault(c["title_confidence"], set()).add(code)
    assert by_provenance == {"two-sources": set(titles) - DIFFERED, "one-source": DIFFERED, "recalled": ABSENT}
    assert len(by_provenance["two-sources"]) == 57 and len(by_provenance["one-source"]) == 23
    assert ours["C6.2"]["title"] == NEW_C62
    assert ours["C6.3"]["title"] == "Người bệnh được theo dõi, chăm sóc phù hợp với tình trạng bệnh và phân cấp chăm sóc"
    assert ours["B4.2"]["title"] == "Triển khai thực hiện văn bản chỉ đạo dành cho bệnh viện"


def test_the_loaded_catalogue_carries_the_new_provenances(app):
    rows = scalars(app, sa.select(Criterion).order_by(Criterion.position))
    counts: dict[str, int] = {}
    for c in rows:
        counts[c.title_confidence] = counts.get(c.title_confidence, 0) + 1
    assert counts == {"two-sources": 57, "one-source": 23, "recalled": 3}
    assert {c.code: c.title for c in rows}["C6.2"] == NEW_C62


def test_an_older_installation_gets_the_checked_titles_on_load_but_keeps_corrections_and_imports(app, runner, make):
    # An installation loaded before the check: recalled titles. One of them an admin corrected, one
    # came from the hospital's official list.
    with fresh(app) as session:
        old = attach(make.criterion("C6.2"))
        old.title, old.title_confidence = OLD_C62, "recalled"
        corrected = attach(make.criterion("B4.2"))
        corrected.title, corrected.title_confidence = "Tên quản trị viên sửa (dữ liệu thử nghiệm)", "admin"
        imported = attach(make.criterion("C6.3"))
        imported.title, imported.title_confidence = "Tên từ danh sách đã nhập (dữ liệu thử nghiệm)", "imported"
        session.commit()

    outcome = runner.invoke(args=["catalog", "load"])

    assert outcome.exit_code == 0, outcome.output
    assert (reload(app, old).title, reload(app, old).title_confidence) == (NEW_C62, "one-source")
    assert (reload(app, corrected).title, reload(app, corrected).title_confidence) == ("Tên quản trị viên sửa (dữ liệu thử nghiệm)", "admin")
    assert (reload(app, imported).title, reload(app, imported).title_confidence) == ("Tên từ danh sách đã nhập (dữ liệu thử nghiệm)", "imported")


def test_an_admin_corrects_a_checked_title_and_the_next_load_keeps_it(app, client, auth, runner):
    auth.login("admin", installation_role="admin")
    assert "Đã đối chiếu hai nguồn" in client.get("/catalog/criteria/A1.4").get_data(as_text=True)

    response = client.post("/catalog/criteria/A1.4/title", data={"title": "Tên đối chiếu văn bản gốc (dữ liệu thử nghiệm)"})

    assert response.status_code == 302
    assert runner.invoke(args=["catalog", "load"]).exit_code == 0
    page = client.get("/catalog/criteria/A1.4").get_data(as_text=True)
    assert "Tên đối chiếu văn bản gốc (dữ liệu thử nghiệm)" in page and "Quản trị viên đã sửa" in page


@pytest.mark.parametrize("locale, two, one, recalled", [
    ("vi", "Đã đối chiếu hai nguồn", "Theo một nguồn độc lập", "Ghi theo trí nhớ, chưa đối chiếu"),
    ("en", "Verified against two sources", "From one independent source", "Written from memory, not yet checked"),
])
def test_the_catalogue_page_shows_where_each_title_comes_from(locale, two, one, recalled, client, auth, make):
    auth.login(user=make.user("director", locale=locale))

    page = client.get("/catalog/").get_data(as_text=True)

    assert provenance_cell(page, "A1.1") == f'<td class="provenance provenance-two-sources">{two}</td>'
    assert provenance_cell(page, "C6.2") == f'<td class="provenance provenance-one-source">{one}</td>'
    assert provenance_cell(page, "C4.5") == f'<td class="provenance provenance-recalled">{recalled}</td>'
    assert NEW_C62 in page and OLD_C62 not in page
    assert one in client.get("/catalog/criteria/B4.2").get_data(as_text=True)


def test_the_migration_widens_the_check_and_undoing_it_falls_back_to_recalled(empty_database_url):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url, "SECRET_KEY": "test"})
    with app.app_context():
        upgrade(revision="0001")
        with db.engine.begin() as conn:  # a row as an installation of revision 0001 holds it
            conn.execute(sa.text("INSERT INTO parts (code, name, position) VALUES ('C', 'HOẠT ĐỘNG CHUYÊN MÔN', 3)"))
            conn.execute(sa.text("INSERT INTO chapters (part_id, code, name, position, coefficient) "
                                 "SELECT id, 'C6', 'Chương', 14, 1 FROM parts WHERE code = 'C'"))
            conn.execute(sa.text(
                "INSERT INTO criteria (chapter_id, code, title, title_confidence, coefficient, applicability, position) "
                "SELECT id, 'C6.2', :title, 'recalled', 1, 'all', 56 FROM chapters WHERE code = 'C6'"), {"title": OLD_C62})
        upgrade(revision="head")
        load_everything(Path(app.config["CATALOG_DIR"]))
        row = db.session.execute(sa.text("SELECT title, title_confidence FROM criteria WHERE code = 'C6.2'")).one()
        assert tuple(row) == (NEW_C62, "one-source")
        db.session.remove()
        with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as conn:
            conn.execute(sa.text("UPDATE criteria SET title_confidence = 'guessed' WHERE code = 'C6.2'"))

        downgrade(revision="0001")
        with db.engine.connect() as conn:
            left = set(conn.execute(sa.text("SELECT DISTINCT title_confidence FROM criteria")).scalars())
        assert left == {"recalled"}
        db.engine.dispose()
