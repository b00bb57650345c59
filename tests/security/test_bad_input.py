"""Bad input as an intranet user (or a script with a token) can send it: a 4xx with a message, never a 500,
nothing written. Each test is one finding of issue #13 ("Bad input"); they run on SQLite and on PostgreSQL
(DATABASE_URL), where an id above 2^31 - 1 and a NUL character used to end in a database error."""
from __future__ import annotations

import json
import re

import pytest
import sqlalchemy as sa

from quality_assess import limits
from quality_assess.assessments.models import Result, Round
from quality_assess.checklists.models import ChecklistTemplate
from quality_assess.org.models import Hospital
from quality_assess.plans.models import PlanTarget
from quality_assess.web.converters import at_most
from tests.conftest import PASSWORD, count_rows, fresh, scalar
from tests.fuzz.conftest import changes, snapshot

HUGE_IDS = [2**31, 2**63, 2**64, 10**30]


def error_text(response) -> str:
    """What the user reads: the JSON error, or the error page / flash of an HTML answer."""
    if response.is_json:
        return response.get_json()["error"]
    return response.get_data(as_text=True)


@pytest.fixture
def token_headers(client, make):
    """A quality officer's token, used once already (each use records its time, which a test's
    before/after comparison would otherwise see; the test clock stands still)."""
    user = make.user("quality")
    headers = {"Authorization": f"Bearer {make.token(user)}"}
    assert client.get("/api/v1/rounds", headers=headers).status_code == 200
    return user, headers


# ---------------------------------------------------------------- numbers out of range

def test_an_id_beyond_the_database_integer_in_any_url_is_a_404_page(app, client, auth, make):
    admin = auth.login("admin")
    make.round(user=admin)
    adapter = app.url_map.bind("localhost")
    tried = 0
    for rule in app.url_map.iter_rules():
        ids = [name for name, converter in rule._converters.items() if type(converter).__name__ == "IdConverter"]
        if not ids or rule.endpoint == "auth.logout":
            continue
        values = {name: 1 for name in rule.arguments} | {"code": "A1.1", "status": "submitted", "kind": "xlsx"}
        url = adapter.build(rule.endpoint, {k: v for k, v in values.items() if k in rule.arguments})
        for huge in HUGE_IDS:
            wrong = url.replace("/1", f"/{huge}", 1)
            for method in sorted(rule.methods & {"GET", "POST", "PUT", "PATCH"}):  # GET, PUT, PATCH share a result's path
                response = client.open(wrong, method=method)
                assert response.status_code == 404, (method, wrong, response.status_code)
                assert error_text(response)
                tried += 1
    assert tried > 100  # every route with an id, not a few


def test_the_id_pattern_of_a_url_takes_exactly_0_to_the_maximum():
    """The range lives in the route's pattern: a huge id matches no rule, whichever rule shares its path."""
    pattern = re.compile(at_most(limits.ID_MAX) + r"\Z")
    for number in ("0", "7", "007", str(10**9), str(limits.ID_MAX - 1), str(limits.ID_MAX)):
        assert pattern.match(number), number
    for text in (str(limits.ID_MAX + 1), str(2**32), str(10**10), "٣", "²", "1_0", "-1", ""):
        assert not pattern.match(text), text


def test_a_carried_round_or_a_confirmation_naming_a_huge_id_is_refused(app, auth, client, make, token_headers):
    admin = auth.login("admin")
    round_ = make.round(user=admin)
    user, headers = token_headers
    before = snapshot(app)
    for huge in HUGE_IDS:
        created = client.post("/api/v1/rounds", json={"name": "Đợt mới", "year": 2027, "source_round": huge, "carry_answers": True},
                              headers=headers)
        assert created.status_code == 400 and created.get_json()["field"] == "source_round", created.get_json()
        confirmed = client.post(f"/api/v1/rounds/{round_.id}/results/A1.1/confirm", json={"version": huge}, headers=headers)
        assert confirmed.status_code == 400 and confirmed.get_json()["field"] == "version", confirmed.get_json()
    assert not changes(before, snapshot(app))


def test_an_id_beyond_the_database_integer_in_a_body_or_query_is_refused(app, client, auth, make, token_headers):
    admin = auth.login("admin")
    round_ = make.round(user=admin)
    user, headers = token_headers
    before = snapshot(app)
    for huge in HUGE_IDS:
        answered = client.put(f"/api/v1/rounds/{round_.id}/results/A1.1", json={"level1_finding": False, "version": huge}, headers=headers)
        assert answered.status_code == 400 and answered.get_json()["field"] == "version", answered.get_json()
        assert str(limits.ID_MAX) in answered.get_json()["error"]
        generated = client.post("/plans/generate", data={"round_id": str(huge)})
        assert generated.status_code == 302
        assert "Hãy chọn đợt đánh giá" in client.get(generated.location).get_data(as_text=True)
        history = client.get(f"/workflow/rounds/{round_.id}/history", query_string={"user": str(huge)})
        assert history.status_code == 200
    assert not changes(before, snapshot(app))


@pytest.mark.parametrize("year", ["99999", "0", "-1", str(2**64), "²"])
def test_a_year_out_of_range_shows_this_years_page_or_a_404(app, client, auth, year):
    auth.login("admin")
    assert client.get("/xsd/dashboard", query_string={"year": year}).status_code == 200
    for url in (f"/plans/targets/{year}", f"/xsd/months/{year}-11.pdf"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Không tìm thấy" in response.get_data(as_text=True)
    auth.logout()
    auth.login("province")
    assert client.get("/province/", query_string={"year": year}).status_code == 200


def test_the_points_value_superscript_two_is_refused_with_a_message(app, client, auth, make):
    """"²".isdigit() is True in Python and int("²") a ValueError: the audit form used to end in a 500."""
    auth.login("admin")
    department = make.department("Khoa Nội")
    template_id = scalar(app, sa.select(ChecklistTemplate.id).order_by(ChecklistTemplate.id).limit(1))
    created = client.post("/xsd/audits/new", data={"department_id": str(department.id), "template_id": str(template_id), "audit_date": "2026-11-02"})
    assert created.status_code == 302, created.get_data(as_text=True)[:500]
    item = re.search(r'name="(i\d+_points)"', client.get(created.location).get_data(as_text=True)).group(1)
    before = snapshot(app)
    response = client.post(created.location, data={item: "²"})
    assert response.status_code < 500
    shown = response.get_data(as_text=True) + client.get(created.location).get_data(as_text=True)
    assert "điểm phải là số nguyên" in shown
    assert not changes(before, snapshot(app))


# ---------------------------------------------------------------- characters no database can store

@pytest.mark.parametrize("url", ["/catalog/criteria/A1.1%00", "/rounds/{round}/criteria/A1.1%00", "/api/v1/rounds/{round}/results/%00/evidence"])
def test_a_nul_in_the_url_is_a_400_with_a_message(app, client, auth, make, url):
    admin = auth.login("admin")
    round_ = make.round(user=admin)
    response = client.get(url.format(round=round_.id))
    assert response.status_code == 400
    assert "ký tự không hợp lệ" in error_text(response)


def test_a_nul_in_a_form_or_query_is_refused_and_nothing_is_saved(app, client, auth, make):
    admin = auth.login("admin")
    round_ = make.round(user=admin)
    before = snapshot(app)
    for response in (
        client.post("/hospital/departments", data={"name": "Khoa\x00Dược", "code": "", "kind": "clinical"}),
        client.post(f"/rounds/{round_.id}/criteria/A1.1", data={"version": "1", "note": "Ghi chú\x00", "action": "save"}),
        client.get("/rounds/", query_string={"next": "\x00"}),
    ):
        assert response.status_code == 400
        assert "ký tự không hợp lệ" in response.get_data(as_text=True)
    assert not changes(before, snapshot(app))


@pytest.mark.parametrize("body", [
    {"name": "Đợt \ud800", "year": 2027}, {"name": "Đợt\x00", "year": 2027}, {"name": "Đợt", "year": 2027, "\udfff": 1},
])
def test_a_lone_surrogate_or_nul_in_a_json_body_is_a_400(app, client, token_headers, body):
    _, headers = token_headers
    response = client.post("/api/v1/rounds", data=json.dumps(body), content_type="application/json", headers=headers)
    assert response.status_code == 400 and response.is_json
    assert "ký tự không hợp lệ" in response.get_json()["error"]
    assert count_rows(app, Round) == 0


def test_a_deeply_nested_json_body_is_a_400_not_a_recursion_error(app, client, make, token_headers):
    user, headers = token_headers
    round_ = make.round(user=user)
    for url, method in ((f"/api/v1/rounds/{round_.id}/results/A1.1", "put"), ("/api/v1/rounds", "post"),
                        (f"/api/v1/rounds/{round_.id}/results/A1.1/review", "post")):
        for depth in (limits.JSON_DEPTH_MAX + 1, 100_000):
            body = '{"items": ' + "[" * depth + "]" * depth + "}"
            response = getattr(client, method)(url, data=body[: limits.JSON_BODY_MAX], content_type="application/json", headers=headers)
            assert response.status_code == 400 and response.is_json, (url, depth, response.status_code)
            assert str(limits.JSON_DEPTH_MAX) in response.get_json()["error"]
    # brackets inside strings are text, not nesting
    ok = client.put(f"/api/v1/rounds/{round_.id}/results/A1.1", json={"level1_finding": False, "note": "[" * 1000}, headers=headers)
    assert ok.status_code == 200, ok.get_json()


# ---------------------------------------------------------------- sizes

def test_a_thirty_megabyte_note_is_refused_and_the_cap_is_the_forms(app, client, auth, make, token_headers):
    user, headers = token_headers
    round_ = make.round(user=user)
    url = f"/api/v1/rounds/{round_.id}/results/A1.1"
    huge = client.put(url, data=json.dumps({"level1_finding": False, "note": "x" * 30_000_000}), content_type="application/json", headers=headers)
    assert huge.status_code == 413 and str(limits.JSON_BODY_MAX // 1024) in huge.get_json()["error"]
    long = client.put(url, json={"level1_finding": False, "note": "ư" * (limits.NOTE_MAX + 1)}, headers=headers)
    assert long.status_code == 400 and long.get_json()["field"] == "note"
    assert str(limits.NOTE_MAX) in long.get_json()["error"]
    assert client.put(url, json={"level1_finding": False, "note": "ư" * limits.NOTE_MAX}, headers=headers).status_code == 200
    with fresh(app) as session:
        assert len(session.scalar(sa.select(Result.note).where(Result.round_id == round_.id).limit(1).where(Result.note != ""))) == limits.NOTE_MAX
    # the walk-through form has the same cap, 30 MB or one character over
    auth.logout()
    auth.login(user=user)
    before = snapshot(app)
    for note in ("x" * (limits.NOTE_MAX + 1), "x" * 30_000_000):
        page = client.post(f"/rounds/{round_.id}/criteria/A1.1", data={"version": "2", "note": note, "action": "save"})
        assert page.status_code == 400 and str(limits.NOTE_MAX) in page.get_data(as_text=True)
    multipart = client.post(f"/rounds/{round_.id}/criteria/A1.1", data={"version": "2", "note": "x" * 30_000_000, "action": "save"},
                            content_type="multipart/form-data")
    assert multipart.status_code == 413 and "quá lớn" in multipart.get_data(as_text=True)
    assert not changes(before, snapshot(app))


@pytest.mark.parametrize("field,cap,body", [
    ("reason", limits.REASON_MAX, {"not_applicable": True}),
    ("name", limits.NAME_MAX, {"year": 2027}),
    ("comment", limits.COMMENT_MAX, {"action": "submit"}),
])
def test_every_text_field_of_the_api_has_the_forms_cap(app, client, make, token_headers, field, cap, body):
    user, headers = token_headers
    round_ = make.round(user=user)
    url = {"reason": f"/api/v1/rounds/{round_.id}/results/A1.1", "name": "/api/v1/rounds",
           "comment": f"/api/v1/rounds/{round_.id}/results/A1.1/review"}[field]
    method = client.put if field == "reason" else client.post
    response = method(url, json=body | {field: "a" * (cap + 1)}, headers=headers)
    assert response.status_code == 400, response.get_json()
    assert response.get_json()["field"] == field and str(cap) in response.get_json()["error"]


# ---------------------------------------------------------------- forms a page never sends

def test_plan_targets_without_the_criteria_field_are_refused_and_the_stored_ones_kept(app, client, auth):
    auth.login("admin")
    saved = client.post("/plans/targets/2027", data={"mean_min": "3", "mean_max": "4", "xsd_target": "90", "criteria": "A1.1 = 4"})
    assert saved.status_code == 302
    response = client.post("/plans/targets/2027", data={"mean_min": "3", "mean_max": "4", "xsd_target": "90"})
    assert response.status_code == 400
    assert "Biểu mẫu thiếu trường này" in response.get_data(as_text=True)
    with fresh(app) as session:
        assert session.scalar(sa.select(PlanTarget.criteria).where(PlanTarget.year == 2027)) == {"A1.1": 4}


def test_renaming_the_hospital_to_another_hospitals_name_is_refused(app, client, auth, make):
    admin = auth.login("admin")
    make.hospital("Bệnh viện Đa khoa Huyện Khác")
    before = snapshot(app)
    response = client.post("/hospital/", data={"name": "Bệnh viện Đa khoa Huyện Khác", "xsd_target": "85"})
    assert response.status_code == 400
    assert "Đã có một bệnh viện khác tên" in response.get_data(as_text=True)
    assert not changes(before, snapshot(app))
    with fresh(app) as session:
        assert session.get(Hospital, admin.hospital_id).name != "Bệnh viện Đa khoa Huyện Khác"


# ---------------------------------------------------------------- where a form sends the user next

@pytest.mark.parametrize("target", [
    "//evil.example", "/\t/evil.example", "/\n/evil.example", "/\\evil.example", "\\\\evil.example", "https://evil.example/",
    "javascript:alert(1)", " //evil.example", "/ /evil.example", "evil.example",
])
def test_a_next_to_another_site_goes_home_instead(app, client, auth, target):
    auth.login("quality")
    response = client.post("/account/preferences", data={"locale": "vi", "next": target})
    assert response.status_code == 302
    assert response.location == "/", (target, response.location)


def test_every_next_goes_through_the_one_helper(app, client, make):
    """Login's `?next=` and the workflow forms' `next` (review, evidence) use web/redirects.py too."""
    from quality_assess.web.redirects import redirect_back, safe_next

    user = make.user("quality")
    response = client.post("/login?next=/%09/evil.example", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response.location == "/"
    with app.test_request_context():
        assert redirect_back("/\t/evil.example", "/rounds/1/criteria/A1.1").location == "/rounds/1/criteria/A1.1"
        assert redirect_back("/workflow/", "/rounds/1/criteria/A1.1").location == "/workflow/"
        assert safe_next("/\\evil.example") == "/"


def test_a_next_on_this_site_is_followed(app, client, auth):
    from quality_assess.web.redirects import is_local_path

    assert is_local_path("/rounds/1?tab=2#x")
    auth.login("quality")
    assert client.post("/account/preferences", data={"locale": "vi", "next": "/rounds/"}).location == "/rounds/"


# ---------------------------------------------------------------- messages in the user's language

def test_the_apis_401_and_403_follow_the_users_language(app, client, make):
    assert "xác thực" in client.get("/api/v1/rounds").get_json()["error"]
    reader = make.user("assessor", locale="en")
    headers = {"Authorization": f"Bearer {make.token(reader)}"}
    refused = client.post("/api/v1/rounds", json={"name": "x", "year": 2027}, headers=headers)
    assert refused.status_code == 403
    assert refused.get_json()["error"] == "You do not have permission to do this."


def test_wtforms_own_messages_come_out_in_the_users_language(app, client, auth, make):
    auth.login("admin")
    refused = {"department_id": "999999", "template_id": "999999", "audit_date": "2026-11-02"}
    text = client.post("/xsd/audits/new", data=refused, follow_redirects=True).get_data(as_text=True)
    assert "Not a valid choice" not in text and "Lựa chọn không hợp lệ" in text
    auth.logout()
    auth.login("admin", locale="en")
    text = client.post("/xsd/audits/new", data=refused, follow_redirects=True).get_data(as_text=True)
    assert "Lựa chọn không hợp lệ" not in text and "Not a valid choice" in text


def test_every_message_wtforms_and_flask_wtf_can_say_has_ours():
    """A WTForms upgrade that adds a message fails here, not in front of a Vietnamese user."""
    from pathlib import Path

    import flask_wtf
    import wtforms

    from quality_assess.forms import BUILT_IN_MESSAGES

    said = set()
    for package in (wtforms, flask_wtf):
        for path in Path(package.__file__).parent.rglob("*.py"):
            source = path.read_text()
            said |= set(re.findall(r'gettext\(\s*"([^"]+)"', source))
            said |= {m for pair in re.findall(r'ngettext\(\s*"([^"]+)",\s*"([^"]+)"', source) for m in pair}
    labels = {"Token", "Submit"}  # not messages
    missing = sorted(said - set(BUILT_IN_MESSAGES) - labels)
    assert missing == [], "\n".join(missing)
