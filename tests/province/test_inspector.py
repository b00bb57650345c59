"""The health department's inspection team: a province inspector, given some hospitals by the installation
admin, creates and scores their inspection rounds (web and API) and nothing else; the hospital reads the
team's round, cannot alter its scores, and compares it with its self-assessment."""
from __future__ import annotations

import sqlalchemy as sa

from quality_assess.assessments.models import Result, Round
from quality_assess.auth.models import User
from quality_assess.database import db
from tests.conftest import PASSWORD, fresh
from tests.province.conftest import dump_database, set_levels
from tests.security.route_rules import team_round

LEVEL_3 = {"finding": "no", "met_2": "yes", "met_3": "yes", "met_4": "no", "met_5": "no", "action": "save"}


def level_of(app, round_id: int, code: str) -> int | None:
    with fresh(app):
        return db.session.scalar(sa.select(Result.level).join(Result.criterion)
                                 .where(Result.round_id == round_id, sa.text("criteria.code = :c")).params(c=code))


def version_of(app, round_id: int, code: str) -> int:
    with fresh(app):
        return db.session.scalar(sa.select(Result.version).join(Result.criterion)
                                 .where(Result.round_id == round_id, sa.text("criteria.code = :c")).params(c=code))


def login_as(client, user) -> None:
    client.post("/logout")
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_the_installation_admin_makes_an_inspector_and_gives_it_a_hospital(app, client, auth, two_sites):
    a, b = two_sites
    auth.login("admin", installation_role="admin")
    response = client.post("/installation", data={"role": "inspector", "username": "doankiemtra", "full_name": "Đoàn kiểm tra Sở Y tế",
                                                   "password": "mat-khau-doan-kiem-tra"})
    assert response.status_code == 302
    with fresh(app):
        inspector = db.session.scalar(sa.select(User).where(User.username == "doankiemtra"))
        assert (inspector.role, inspector.hospital_id) == ("inspector", None)
        inspector_id = inspector.id
    page = client.get("/installation").get_data(as_text=True)
    assert "Đoàn kiểm tra của Sở Y tế" in page and "Bệnh viện giao cho doankiemtra" in page
    response = client.post(f"/installation/inspectors/{inspector_id}/hospitals", data={"hospitals": [str(a.hospital.id)]})
    assert response.status_code == 302
    with fresh(app):
        assert [h.name for h in db.session.get(User, inspector_id).inspected_hospitals] == ["Bệnh viện Alpha"]
    assert "Đã cập nhật các bệnh viện giao cho doankiemtra." in client.get("/installation").get_data(as_text=True)


def test_only_the_installation_admin_gives_hospitals_and_only_to_an_inspector(app, client, auth, make, two_sites):
    a, b = two_sites
    inspector = make.user("inspector")
    auth.login("admin", hospital=a.hospital)
    assert client.post(f"/installation/inspectors/{inspector.id}/hospitals", data={"hospitals": [str(a.hospital.id)]}).status_code == 403
    province = make.user("province")
    auth.logout()
    auth.login("admin", installation_role="admin")
    client.post(f"/installation/inspectors/{province.id}/hospitals", data={"hospitals": [str(a.hospital.id)]})
    assert "Chỉ giao bệnh viện cho tài khoản đoàn kiểm tra" in client.get("/installation").get_data(as_text=True)
    with fresh(app):
        assert db.session.get(User, province.id).inspected_hospitals == []
        assert db.session.get(User, inspector.id).inspected_hospitals == []


def test_the_inspector_creates_and_scores_its_hospitals_inspection_round_on_the_web(app, client, make, two_sites):
    a, b = two_sites
    inspector = make.user("inspector")
    team_round(make, inspector)   # gives it the first hospital (Alpha) …
    with fresh(app):
        assert db.session.get(User, inspector.id).inspected_hospital_ids == [a.hospital.id]
    login_as(client, inspector)
    page = client.get("/province/inspections/").get_data(as_text=True)
    assert "Bệnh viện Alpha" in page and "Bêta" not in page
    response = client.post("/province/inspections/", data={"hospital_id": str(a.hospital.id), "name": "Kiểm tra cuối năm 2026", "year": "2026"})
    assert response.status_code == 302
    with fresh(app):
        round_ = db.session.scalar(sa.select(Round).where(Round.name == "Kiểm tra cuối năm 2026"))
        assert (round_.hospital_id, round_.kind, round_.province_team, round_.created_by_id) == (a.hospital.id, "inspection", True, inspector.id)
        round_id = round_.id
    assert response.headers["Location"].endswith(f"/rounds/{round_id}")
    assert client.get(f"/rounds/{round_id}").status_code == 200
    response = client.post(f"/rounds/{round_id}/criteria/A1.1", data={**LEVEL_3, "version": str(version_of(app, round_id, "A1.1"))})
    assert response.status_code == 302
    assert level_of(app, round_id, "A1.1") == 3


def test_the_inspector_scores_through_the_api_and_is_refused_elsewhere(app, client, make, two_sites):
    a, b = two_sites
    inspector = make.user("inspector")
    team = team_round(make, inspector)
    headers = {"Authorization": f"Bearer {make.token(inspector)}"}
    created = client.post("/api/v1/province/inspections", json={"hospital": a.hospital.id, "name": "Kiểm tra API", "year": 2026}, headers=headers)
    assert created.status_code == 201 and created.get_json()["kind"] == "inspection"
    listed = client.get("/api/v1/province/inspections", headers=headers).get_json()
    assert listed["hospitals"] == [{"id": a.hospital.id, "name": "Bệnh viện Alpha"}]
    assert {r["id"] for r in listed["rounds"]} == {team.id, created.get_json()["id"]}
    answer = {"level1_finding": False, "met": {"2": True, "3": True, "4": True, "5": False}}
    saved = client.put(f"/api/v1/rounds/{team.id}/results/A1.2", json=answer, headers=headers)
    assert saved.status_code == 200 and saved.get_json()["level"] == 4
    assert level_of(app, team.id, "A1.2") == 4

    # Another hospital, the hospital's own self-assessment, its plans: refused.
    other = client.post("/api/v1/province/inspections", json={"hospital": b.hospital.id, "name": "Kiểm tra", "year": 2026}, headers=headers)
    assert other.status_code == 403 and other.get_json()["field"] == "hospital"
    assert client.put(f"/api/v1/rounds/{a.round.id}/results/A1.2", json=answer, headers=headers).status_code == 404
    assert client.get(f"/api/v1/rounds/{a.round.id}/summary", headers=headers).status_code == 404
    assert level_of(app, a.round.id, "A1.2") == 5   # the hospital's own answer stays
    assert client.post("/api/v1/rounds", json={"name": "Tự đánh giá", "year": 2026}, headers=headers).status_code == 403
    assert client.get(f"/api/v1/rounds/{a.round.id}/export", headers=headers).status_code == 403


def test_the_inspector_gets_403_or_404_on_self_rounds_plans_and_other_hospitals(app, client, make, two_sites):
    a, b = two_sites
    inspector = make.user("inspector")
    team_round(make, inspector)
    login_as(client, inspector)
    refused = [
        f"/rounds/{a.round.id}", f"/rounds/{a.locked_round.id}/result", f"/rounds/{b.round.id}",
        "/plans/", f"/plans/{a.plan.id}", "/reports/", f"/reports/rounds/{a.round.id}", "/xsd/",
        "/province/", "/province/aggregates", f"/province/hospitals/{a.hospital.id}", "/hospital/",
    ]
    statuses = {url: client.get(url).status_code for url in refused}
    assert {url: status for url, status in statuses.items() if status not in (403, 404)} == {}
    assert statuses["/plans/"] == statuses["/reports/"] == 403
    before = dump_database()
    assert client.post(f"/rounds/{a.round.id}/criteria/A1.1", data=LEVEL_3).status_code == 404
    assert client.post("/province/inspections/", data={"hospital_id": str(b.hospital.id), "name": "Kiểm tra", "year": "2026"}).status_code == 400
    assert client.post("/rounds/", data={"name": "Tự đánh giá", "year": "2026", "kind": "self"}).status_code == 403
    assert client.post(f"/rounds/{a.round.id}/status/submitted").status_code == 403
    assert dump_database() == before


def test_the_hospital_reads_the_teams_round_cannot_alter_it_and_compares_it(app, client, auth, make, two_sites):
    a, b = two_sites
    inspector = make.user("inspector")
    team = team_round(make, inspector)
    set_levels(team, {"A1.1": 2, "A1.2": 3, "C3.1": 2})
    office = auth.login("quality", hospital=a.hospital)
    rounds = client.get("/rounds/").get_data(as_text=True)
    assert "Kiểm tra của Sở Y tế" in rounds and "Đoàn kiểm tra của Sở Y tế" in rounds
    overview = client.get(f"/rounds/{team.id}").get_data(as_text=True)
    assert "bệnh viện chỉ xem và so sánh, không sửa được" in overview
    assert f'href="/rounds/{team.id}/rename"' not in overview and f'href="/rounds/{team.id}/delete"' not in overview
    page = client.get(f"/rounds/{team.id}/criteria/A1.1").get_data(as_text=True)
    assert "Bạn chỉ có quyền xem tiêu chí này." in page and "<fieldset disabled>" in page   # shown, not editable

    before = dump_database()
    refused = {
        "answer": client.post(f"/rounds/{team.id}/criteria/A1.1", data={**LEVEL_3, "version": str(version_of(app, team.id, "A1.1"))}),
        "status": client.post(f"/rounds/{team.id}/status/submitted", data={"override_reason": "Bệnh viện nộp thay"}),
        "rename": client.post(f"/rounds/{team.id}/rename", data={"name": "Đổi tên"}),
        "delete": client.post(f"/rounds/{team.id}/delete", data={"confirmed": "1"}),
        "chapter": client.post(f"/rounds/{team.id}/chapters/A1/not-applicable", data={"reason": "Không áp dụng"}),
    }
    assert {k: r.status_code for k, r in refused.items()} == {"answer": 403, "status": 302, "rename": 403, "delete": 302, "chapter": 302}
    messages = client.get(f"/rounds/{team.id}").get_data(as_text=True)   # the refusals flashed on the round's page
    assert "do đoàn kiểm tra của Sở Y tế chấm: bệnh viện chỉ xem, không thay đổi được" in messages
    token = make.token(office)
    api = client.put(f"/api/v1/rounds/{team.id}/results/A1.1", json={"level1_finding": True, "met": {}},
                     headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 403
    after = dump_database()
    for table in ("rounds", "results", "sub_item_answers", "round_versions"):
        assert after[table] == before[table], table
    assert level_of(app, team.id, "A1.1") == 2

    compare = client.get(f"/reports/compare?a={a.round.id}&b={team.id}")
    assert compare.status_code == 200
    text = compare.get_data(as_text=True)
    assert a.round.name in text and "Kiểm tra của Sở Y tế" in text

    auth.logout()
    auth.login("admin", hospital=b.hospital)
    assert client.get(f"/rounds/{team.id}").status_code == 404


def test_an_inspector_no_longer_given_a_hospital_loses_its_rounds(app, client, make, two_sites):
    a, b = two_sites
    inspector = make.user("inspector")
    team = team_round(make, inspector)
    with fresh(app):
        db.session.get(User, inspector.id).inspected_hospitals = []
        db.session.commit()
    login_as(client, inspector)
    assert client.get(f"/rounds/{team.id}").status_code == 404
    assert "Bạn chưa được giao bệnh viện nào" in client.get("/province/inspections/").get_data(as_text=True)


def test_the_inspector_locks_its_round_and_the_hospital_compares_with_the_frozen_result(app, client, auth, make, two_sites):
    a, b = two_sites
    inspector = make.user("inspector")
    team = team_round(make, inspector)
    set_levels(team, {"A1.1": 2, "A1.2": 2, "C3.1": 2})
    login_as(client, inspector)
    assert client.post(f"/province/inspections/{team.id}/lock", data={}).status_code == 302
    with fresh(app):
        assert db.session.get(Round, team.id).status == "draft"   # the box was not ticked
    assert client.post(f"/province/inspections/{team.id}/lock", data={"confirm": "y"}).status_code == 302
    with fresh(app):
        locked = db.session.get(Round, team.id)
        assert locked.status == "locked" and locked.snapshot["mean"] == 2.0
    assert client.post(f"/province/inspections/{a.round.id}/lock", data={"confirm": "y"}).status_code == 404   # a self round
    assert client.put(f"/api/v1/rounds/{team.id}/results/A1.1", json={"level1_finding": True, "met": {}}).status_code == 409

    client.post("/logout")
    auth.login("quality", hospital=a.hospital)
    body = client.get(f"/api/v1/compare?a={a.locked_round.id}&b={team.id}").get_json()
    gaps = {c["code"]: c["gap"] for c in body["criteria"]}
    assert (gaps["A1.1"], gaps["A1.2"], gaps["C3.1"]) == (1, 2, 0)   # self 3, 4, 2 against the team's 2, 2, 2
