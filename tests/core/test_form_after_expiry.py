"""A form sent after the session ended, or with a CSRF token that no longer matches, is not a bare "Lỗi 400": the
user is sent back to the page the form was on (through the login page when signed out), marked #restore-draft so
the browser puts back what was typed (tests/browser/test_walk_faster.py shows it in chromium). A request that did
not come from one of our pages keeps its plain refusal."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from quality_assess.plans.models import PlanTarget
from tests.builders import Builders
from tests.conftest import PASSWORD, count_rows, make_app

TYPED = {"mean_min": "3.6", "criteria": "A1.2 = 4"}


def test_signed_out_the_login_leads_back_to_the_form_page(client, app):
    response = client.post("/plans/targets/2026", data=TYPED, headers={"Referer": "http://localhost/plans/targets/2026"})
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login" and parse_qs(location.query)["next"] == ["/plans/targets/2026#restore-draft"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Phiên làm việc đã hết hạn nên biểu mẫu chưa được lưu" in page
    assert count_rows(app, PlanTarget) == 0


def test_a_stale_csrf_token_sends_the_signed_in_user_back_to_the_form(tmp_path, template_db):
    protected = make_app(tmp_path, template_db, WTF_CSRF_ENABLED=True)
    user = Builders(protected, PASSWORD).user("quality")
    client = protected.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = user.get_id(), True
    response = client.post("/plans/targets/2026", data={**TYPED, "csrf_token": "from-an-older-session"},
                           headers={"Referer": "http://localhost/plans/targets/2026?tab=1"})
    assert response.status_code == 302 and response.headers["Location"] == "/plans/targets/2026?tab=1#restore-draft"
    assert "Biểu mẫu đã hết hạn nên chưa được lưu" in client.get("/plans/targets/2026").get_data(as_text=True)
    assert count_rows(protected, PlanTarget) == 0

    from_elsewhere = client.post("/plans/targets/2026", data=TYPED, headers={"Referer": "https://attacker.example/form"})
    assert from_elsewhere.status_code == 400  # a forged request is refused as before


def test_a_form_refused_by_a_redirect_is_restored_on_the_next_page_only(client, auth, make):
    auth.login("admin")
    refused = client.post("/hospital/departments", data={"name": "", "kind": "clinical"})  # a department needs a name
    assert refused.status_code == 302
    assert "data-restore-draft" in client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "data-restore-draft" not in client.get(refused.headers["Location"]).get_data(as_text=True)  # once
    assert "Đã thêm khoa/phòng." in client.post("/hospital/departments", data={"name": "Khoa Nhi", "kind": "clinical"}, follow_redirects=True).get_data(as_text=True)
    assert "data-restore-draft" not in client.get("/hospital/").get_data(as_text=True)  # a success restores nothing
