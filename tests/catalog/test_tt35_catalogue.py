"""The TT 35 items in the catalogue: provenance where the text appears, the links to the 83 criteria both
ways (an editable file, the hospital's judgement), and an admin's correction kept by the next load."""
from __future__ import annotations

import sqlalchemy as sa

from quality_assess.catalog.models import FrameworkItem
from quality_assess.history.models import ChangeLog
from tests.conftest import fresh


def item(app, code: str) -> FrameworkItem:
    with fresh(app) as session:
        row = session.scalar(sa.select(FrameworkItem).where(FrameworkItem.code == code))
        session.expunge(row)
        return row


def test_the_catalogue_lists_the_items_with_provenance_and_links(client, auth):
    auth.login("assessor")
    page = client.get("/catalog/tt35").get_data(as_text=True)
    assert "Báo cáo sự cố y khoa." in page and "chỉ một bản chép công khai" in page
    assert "không phải văn bản chính thức" in page
    row = page[page.index('data-item="V.4.6"'):]
    assert "D2.2" in row[:row.index("</tr>")]


def test_a_link_is_shown_both_ways(client, auth, make):
    auth.login("quality")
    assert 'data-linked="D2.2"' in client.get("/catalog/tt35/V.4.6").get_data(as_text=True)
    criterion = client.get("/catalog/criteria/D2.2").get_data(as_text=True)
    assert "Liên quan TT 35/2024" in criterion and 'data-linked="V.4.6"' in criterion
    round_ = make.round(framework="tt35")
    assert 'data-linked="D2.2"' in client.get(f"/rounds/{round_.id}/items/V.4.6").get_data(as_text=True)


def test_the_links_follow_the_edited_file(app, client, auth, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "tt35-links.csv").write_text("# nhận định của bệnh viện\ntt35_item,criterion\nI.1,A1.2\nX.9,A1.1\n", encoding="utf-8")
    app.config["CATALOG_DIR"] = str(folder)
    auth.login("quality")
    page = client.get("/catalog/tt35/I.1").get_data(as_text=True)
    assert 'data-linked="A1.2"' in page
    assert 'data-linked="D2.2"' not in client.get("/catalog/tt35/V.4.6").get_data(as_text=True)


def test_an_admin_corrects_an_item_and_the_next_load_keeps_it(app, client, auth, runner):
    auth.login("admin", installation_role="catalog")
    text = "Bệnh viện có địa điểm cố định (theo văn bản chính thức của bệnh viện)."
    assert client.post("/catalog/tt35/I.1", data={"title": text}).status_code == 302
    saved = item(app, "I.1")
    assert (saved.title, saved.provenance) == (text, "admin") and saved.corrected_at is not None
    assert "quản trị viên đã sửa" in client.get("/catalog/tt35/I.1").get_data(as_text=True)
    refused = client.post("/catalog/tt35/I.1", data={"title": "   "}, follow_redirects=True)
    assert "Nội dung mục" in refused.get_data(as_text=True) and item(app, "I.1").title == text
    assert runner.invoke(args=["catalog", "load"]).exit_code == 0
    assert item(app, "I.1").title == text
    with fresh(app) as session:
        assert session.scalar(sa.select(ChangeLog.new).where(ChangeLog.entity == "framework_item", ChangeLog.field == "title")) == text


def test_a_hospital_admin_cannot_correct_the_shared_text(app, client, auth):
    auth.login("admin")
    assert client.post("/catalog/tt35/I.1", data={"title": "Khác"}).status_code == 403
    assert item(app, "I.1").provenance == "two-transcriptions"
