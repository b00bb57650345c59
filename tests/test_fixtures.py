"""The test net itself: a request runs in its own session, so a view that forgets to commit fails its test."""
from __future__ import annotations

from quality_assess.database import db
from quality_assess.org.models import Hospital
from tests.builders import Builders
from tests.conftest import PASSWORD, count_rows, fresh, make_app, reload


def test_a_change_a_view_only_flushes_is_reported_unsaved_and_a_committed_one_saved(tmp_path, template_db):
    """The app's request transaction (web/transaction.py) commits for every view; take it away, as a
    bug would, and a view that only flushes must show up as not saved through the suite's helpers."""
    from quality_assess.web.transaction import end_transaction

    app = make_app(tmp_path, template_db)
    app.after_request_funcs[None].remove(end_transaction)

    @app.post("/_test/rename/<int:hospital_id>/<how>")
    def rename(hospital_id: int, how: str):  # a throw-away view, registered before the first request
        hospital = db.session.get(Hospital, hospital_id)
        hospital.name = f"Đổi tên ({how})"
        db.session.add(Hospital(name=f"Bệnh viện mới ({how})"))
        db.session.commit() if how == "commit" else db.session.flush()
        return "", 204

    hospital = Builders(app, PASSWORD).hospital("Bệnh viện Ban đầu")
    client = app.test_client()
    before = count_rows(app, Hospital)

    assert client.post(f"/_test/rename/{hospital.id}/flush").status_code == 204
    assert reload(app, hospital).name == "Bệnh viện Ban đầu"          # the view forgot to commit: not saved
    assert count_rows(app, Hospital) == before

    assert client.post(f"/_test/rename/{hospital.id}/commit").status_code == 204
    assert reload(app, hospital).name == "Đổi tên (commit)"           # the control: a committing view is saved
    assert count_rows(app, Hospital) == before + 1
    with fresh(app) as session:
        assert session.get(Hospital, hospital.id).name == "Đổi tên (commit)"


def test_each_request_finds_its_user_from_its_own_cookies(app, make):
    """Two clients on one app: Flask-Login's cache lives in each request's own context, never across them."""
    lan, binh = make.user("quality", full_name="Nguyễn Thị Lan"), make.user("director", full_name="Trần Văn Bình")
    first, second = app.test_client(), app.test_client()
    for client, user in ((first, lan), (second, binh)):
        assert client.post("/login", data={"username": user.username, "password": PASSWORD}).status_code == 302
    assert "Nguyễn Thị Lan" in first.get("/").get_data(as_text=True)
    assert "Trần Văn Bình" in second.get("/").get_data(as_text=True)
    assert "Nguyễn Thị Lan" in first.get("/").get_data(as_text=True)

