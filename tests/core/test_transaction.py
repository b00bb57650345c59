"""One transaction per request: operations flush, the request commits once on success and rolls
back on an error response or a refusal. Each write is proven by a read in a fresh app context."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import abort

from quality_assess.database import db
from quality_assess.domain import ValidationError
from quality_assess.org.models import Department, Hospital
from quality_assess.org.operations import add_department
from quality_assess.web.refusals import refusals
from tests.conftest import make_app


@pytest.fixture
def app(tmp_path, template_db):
    """A private app: these tests mount throw-away views, which the suite's shared app cannot take."""
    return make_app(tmp_path, template_db)


@pytest.fixture
def client(app):
    return app.test_client()


def departments(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(Department.name).order_by(Department.name)))


def install(app, path: str, view) -> None:
    app.add_url_rule(path, endpoint=path.strip("/").replace("/", "_"), view_func=view, methods=["POST"])


def _hospital() -> Hospital:
    return db.session.scalar(sa.select(Hospital).order_by(Hospital.id)) or Hospital(name="Bệnh viện")


def test_a_successful_request_commits_what_the_operation_flushed(app, client):
    install(app, "/t/ok", lambda: (add_department(_hospital(), "Khoa Nội"), "ok")[1])
    assert client.post("/t/ok").status_code == 200
    assert departments(app) == ["Khoa Nội"]


def test_an_error_response_rolls_back(app, client):
    def view():
        add_department(_hospital(), "Khoa Ngoại")
        abort(403)

    install(app, "/t/forbidden", view)
    assert client.post("/t/forbidden").status_code == 403
    assert departments(app) == []


def test_a_refusal_rolls_back_what_the_operation_had_already_flushed(app, client):
    def view():
        add_department(_hospital(), "Khoa Dược")
        raise ValidationError("Tên khoa/phòng không được để trống.", field="name")

    install(app, "/t/refused", view)
    install(app, "/api/t/refused", view)
    page = client.post("/t/refused")
    assert page.status_code == 400 and "Tên khoa/phòng không được để trống." in page.get_data(as_text=True)
    api = client.post("/api/t/refused")
    assert api.status_code == 400 and api.get_json() == {"error": "Tên khoa/phòng không được để trống.", "field": "name"}
    assert departments(app) == []


def test_refusals_flash_and_let_the_view_answer_with_what_was_typed(app, client):
    def view():
        with refusals() as refusal:
            add_department(_hospital(), "Khoa Nhi")
            add_department(_hospital(), "Khoa Nhi")  # the second is refused: the first is rolled back too
            return "saved"
        return f"again: {refusal.error.field}", refusal.status

    install(app, "/t/twice", view)
    response = client.post("/t/twice")
    assert (response.status_code, response.get_data(as_text=True)) == (400, "again: name")
    with client.session_transaction() as session:
        assert [m for _c, m in session["_flashes"]] == ["Khoa/phòng “Khoa Nhi” đã có."]
    assert departments(app) == []
