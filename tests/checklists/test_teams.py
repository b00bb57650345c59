"""Forms per department and inspection teams, through the web: the KSNK lead gives a form to the
operating theatre only, builds "Đoàn 1" of two people and splits the items between them; each scores
their own items (the other's are read-only, and refused by the server), saving at the same time loses
nothing, and the audit combines both into one score.

The operating-theatre template is SYNTHETIC (made up for the tests, not an official or hospital text)."""
from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa

from quality_assess.checklists.models import Answer, Audit, ChecklistTemplate, Team, TeamItem, TeamMember, TemplateDepartment
from quality_assess.checklists.operations import ItemInput, create_audit, import_template, save_answers, submit_audit
from quality_assess.database import db
from tests.conftest import Auth, attach, fresh, reload, scalar, scalars

THEATRE_FORM = {  # synthetic: two groups, four items, 20 points
    "code": "thu-phong-mo", "name": "Bảng kiểm thử nghiệm phòng mổ", "source": "Dữ liệu thử nghiệm (không phải văn bản chính thức)",
    "total_points": 20,
    "groups": [
        {"code": "A", "name": "Nhóm thử A", "items": [
            {"code": "A1", "text": "Mục thử A1", "max_points": 5, "critical": False, "guidance": ""},
            {"code": "A2", "text": "Mục thử A2", "max_points": 5, "critical": True, "guidance": ""}]},
        {"code": "B", "name": "Nhóm thử B", "items": [
            {"code": "B1", "text": "Mục thử B1", "max_points": 5, "critical": False, "guidance": ""},
            {"code": "B2", "text": "Mục thử B2", "max_points": 5, "critical": False, "guidance": ""}]},
    ],
}


def theatre_template(make, hospital=None) -> ChecklistTemplate:
    lead = make.user("ksnk_lead", hospital=hospital)
    with fresh(make.app):
        template, _ = import_template(dict(THEATRE_FORM), hospital_id=attach(lead).hospital_id, user=attach(lead))
        db.session.commit()
        template.items  # loaded: readable after the block
        return template


def item(template, code):
    return next(i for i in template.items if i.code == code)


def points(template, *codes: str, given: dict[str, str] | None = None) -> dict[str, str]:
    """Form data giving these items their maximum (or `given` code → value)."""
    given = given or {}
    return {f"i{item(template, c).id}_points": given.get(c, str(item(template, c).max_points)) for c in codes}


def newest_audit(app) -> Audit:
    return scalar(app, sa.select(Audit).order_by(Audit.id.desc()).limit(1))


# ----------------------------------------------------------------------------- forms per department

def test_a_form_given_to_one_department_is_offered_there_only(app, client, auth, make, template):
    theatre, ward = make.department("Khoa Phẫu thuật – Gây mê hồi sức"), make.department("Khoa Nội tổng hợp")
    own = theatre_template(make)
    auth.login("ksnk_lead")
    page = client.get(f"/xsd/templates/{own.id}/departments").get_data(as_text=True)
    assert "Khoa Phẫu thuật – Gây mê hồi sức" in page and "Khoa Nội tổng hợp" in page
    response = client.post(f"/xsd/templates/{own.id}/departments", data={"department_ids": [theatre.id], "confirmed": "1"},
                           follow_redirects=True)
    assert "Đã giao mẫu cho 1 khoa/phòng." in response.get_data(as_text=True)
    assert scalars(app, sa.select(TemplateDepartment.department_id).where(TemplateDepartment.template_code == "thu-phong-mo")) == [theatre.id]
    listing = client.get("/xsd/templates").get_data(as_text=True)
    assert 'data-departments-of="thu-phong-mo">Khoa Phẫu thuật – Gây mê hồi sức' in listing
    assert "Toàn bệnh viện" in listing  # the shipped checklist stays hospital-wide

    auth.logout()
    auth.login("ksnk")
    index = client.get("/xsd/").get_data(as_text=True)
    assert f'data-departments="{theatre.id}"' in index  # the new-audit form knows where the form applies
    assert "Kiểm tra: Bảng kiểm thử nghiệm phòng mổ" in index  # the theatre's row offers its own form beside the common one
    assert index.count("Kiểm tra: Bảng kiểm thử nghiệm phòng mổ") == 1  # …and the ward's row does not
    refused = client.post("/xsd/audits/new", data={"department_id": ward.id, "template_id": own.id, "audit_date": "2026-11-02"},
                          follow_redirects=True)
    assert "Mẫu bảng kiểm “Bảng kiểm thử nghiệm phòng mổ” không áp dụng cho Khoa Nội tổng hợp." in refused.get_data(as_text=True)
    assert scalar(app, sa.select(sa.func.count()).select_from(Audit)) == 0
    started = client.post("/xsd/audits/new", data={"department_id": theatre.id, "template_id": own.id, "audit_date": "2026-11-02"})
    assert started.status_code == 302
    assert newest_audit(app).template_id == own.id
    shared = client.post("/xsd/audits/new", data={"department_id": ward.id, "template_id": template.id, "audit_date": "2026-11-02"})
    assert shared.status_code == 302  # the common checklist still applies everywhere


def test_no_department_ticked_makes_the_form_hospital_wide_again(app, client, auth, make):
    theatre, ward = make.department("Khoa Phẫu thuật"), make.department("Khoa Nhi")
    own = theatre_template(make)
    auth.login("ksnk_lead")
    client.post(f"/xsd/templates/{own.id}/departments", data={"department_ids": [theatre.id], "confirmed": "1"})
    response = client.post(f"/xsd/templates/{own.id}/departments", data={"confirmed": "1"}, follow_redirects=True)
    assert "Mẫu áp dụng cho toàn bệnh viện." in response.get_data(as_text=True)
    assert scalar(app, sa.select(sa.func.count()).select_from(TemplateDepartment)) == 0
    assert client.post("/xsd/audits/new", data={"department_id": ward.id, "template_id": own.id, "audit_date": "2026-11-02"}).status_code == 302


def test_a_department_of_another_hospital_cannot_be_given_a_form(app, client, auth, make):
    own = theatre_template(make)
    elsewhere = make.department("Khoa Ngoại", hospital=make.hospital("Bệnh viện khác"))
    auth.login("ksnk_lead")
    response = client.post(f"/xsd/templates/{own.id}/departments", data={"department_ids": [elsewhere.id], "confirmed": "1"})
    assert response.status_code == 400
    assert scalar(app, sa.select(sa.func.count()).select_from(TemplateDepartment)) == 0


def test_the_dashboard_shows_one_grid_per_form(app, client, auth, make, audit_of, template):
    theatre, ward = make.department("Khoa Phẫu thuật"), make.department("Khoa Nội")
    own = theatre_template(make)
    lead = auth.login("ksnk_lead")
    client.post(f"/xsd/templates/{own.id}/departments", data={"department_ids": [theatre.id], "confirmed": "1"})
    audit_of(ward, date(2026, 10, 5), lost={"X1": 1})
    audit_of(theatre, date(2026, 10, 6), template=own, lost={"B1": 5})  # 15 / 20
    page = client.get("/xsd/dashboard?year=2026").get_data(as_text=True)
    assert "Theo mẫu: Bảng kiểm thử nghiệm phòng mổ" in page and "Theo mẫu: Bảng kiểm Xanh" in page
    own_grid = page.split('data-template="thu-phong-mo"')[1].split("</section>")[0]
    assert "Khoa Phẫu thuật" in own_grid and "Khoa Nội" not in own_grid  # only where the form applies
    assert "75,0" in own_grid
    assert lead.role == "ksnk_lead"


# ----------------------------------------------------------------------------- teams

def build_team(client, make, template, *, split: dict[str, tuple[str, ...]]):
    """Through the lead's pages: "Đoàn 1" with a KSNK nurse and a quality officer, items split between them."""
    nurse = make.user("ksnk", full_name="Điều dưỡng Lan", username="lan")
    officer = make.user("quality", full_name="Dược sĩ Minh", username="minh")
    response = client.post("/xsd/teams", data={"name": "Đoàn 1"})
    assert response.status_code == 302, response.get_data(as_text=True)
    team = scalar(client.application, sa.select(Team).where(Team.name == "Đoàn 1"))
    for user, position in ((nurse, "Trưởng đoàn"), (officer, "Thành viên")):
        added = client.post(f"/xsd/teams/{team.id}/members", data={"user_id": user.id, "position": position}, follow_redirects=True)
        assert f"Đã thêm {user.full_name} vào đoàn." in added.get_data(as_text=True)
    members = {m.user_id: m.id for m in scalars(client.application, sa.select(TeamMember).where(TeamMember.team_id == team.id))}
    owner = {"lan": members[nurse.id], "minh": members[officer.id]}
    data = {f"m{item(template, code).id}": owner[who] for who, codes in split.items() for code in codes}
    saved = client.post(f"/xsd/teams/{team.id}/items/{template.id}", data=data, follow_redirects=True)
    assert "Đã lưu người chấm từng mục." in saved.get_data(as_text=True)
    return team, nurse, officer


def test_a_team_of_two_scores_its_own_items_and_the_audit_combines_them(app, client, auth, make):
    theatre = make.department("Khoa Phẫu thuật")
    own = theatre_template(make)
    auth.login("ksnk_lead")
    team, nurse, officer = build_team(client, make, own, split={"lan": ("A1", "A2"), "minh": ("B1",)})  # B2: anyone
    assert {(r.item_code, r.member_id) for r in scalars(app, sa.select(TeamItem))} == {
        ("A1", r) for r in scalars(app, sa.select(TeamMember.id).where(TeamMember.user_id == nurse.id))} | {
        ("A2", r) for r in scalars(app, sa.select(TeamMember.id).where(TeamMember.user_id == nurse.id))} | {
        ("B1", r) for r in scalars(app, sa.select(TeamMember.id).where(TeamMember.user_id == officer.id))}
    auth.logout()

    auth.login(user=nurse)
    started = client.post("/xsd/audits/new", data={"department_id": theatre.id, "template_id": own.id, "audit_date": "2026-11-02",
                                                   "team_id": team.id})
    assert started.status_code == 302, started.get_data(as_text=True)
    audit = newest_audit(app)
    assert audit.team_id == team.id
    page = client.get(f"/xsd/audits/{audit.id}").get_data(as_text=True)
    assert "Chấm theo đoàn: Đoàn 1" in page
    b1 = page.split('id="item-B1"')[0].rsplit("<fieldset", 1)[1] + page.split('id="item-B1"')[1].split(">", 1)[0]
    assert "disabled" in b1  # the officer's item is read-only for the nurse
    assert "disabled" not in page.split('id="item-A1"')[1].split(">", 1)[0]
    saved = client.post(f"/xsd/audits/{audit.id}", data=points(own, "A1", "A2", "B2"), follow_redirects=True)
    text = saved.get_data(as_text=True)
    assert "Đã lưu phiếu kiểm tra." in text
    assert "Đã chấm bởi Điều dưỡng Lan" in text
    refused = client.post(f"/xsd/audits/{audit.id}", data={"then": "submit"}, follow_redirects=True)
    assert "Còn 1 mục chưa chấm: B1." in refused.get_data(as_text=True)  # the existing submit rule
    auth.logout()

    auth.login(user=officer)  # a quality officer: no KSNK role, a member of the team
    page = client.get(f"/xsd/audits/{audit.id}").get_data(as_text=True)
    progress = page.split('id="team-progress"')[1].split("</section>")[0]
    assert "Dược sĩ Minh" in progress and '<a href="#item-B1">B1</a>' in progress  # what is still to score, and whose
    done = client.post(f"/xsd/audits/{audit.id}", data=points(own, "B1", given={"B1": "2"}) | {
        f"i{item(own, 'B1').id}_note": "Thiếu nhãn trên thùng", "then": "submit"}, follow_redirects=True)
    text = done.get_data(as_text=True)
    assert "Đã nộp phiếu kiểm tra." in text
    assert "85" in text  # 17 of 20 points, combined from both members
    with fresh(app):
        answers = {a.item.code: a for a in db.session.scalars(sa.select(Answer).where(Answer.audit_id == audit.id))}
        assert {code: (a.points, a.scored_by_id) for code, a in answers.items()} == {
            "A1": (5, nurse.id), "A2": (5, nurse.id), "B2": (5, nurse.id), "B1": (2, officer.id)}
    assert reload(app, audit).status == "submitted"
    recent = client.get("/xsd/").get_data(as_text=True).split("Phiếu kiểm tra gần đây")[1]
    assert "Khoa Phẫu thuật <small class=\"muted\">· Đoàn 1</small>" in recent  # the list says which team did it


def test_a_member_cannot_score_another_members_item(app, client, auth, make):
    theatre = make.department("Khoa Phẫu thuật")
    own = theatre_template(make)
    auth.login("ksnk_lead")
    team, nurse, officer = build_team(client, make, own, split={"lan": ("A1", "A2"), "minh": ("B1", "B2")})
    auth.logout()
    auth.login(user=nurse)
    client.post("/xsd/audits/new", data={"department_id": theatre.id, "template_id": own.id, "audit_date": "2026-11-02", "team_id": team.id})
    audit = newest_audit(app)
    auth.logout()

    auth.login(user=officer)
    refused = client.post(f"/xsd/audits/{audit.id}", data=points(own, "B1", "A1"))
    assert refused.status_code == 403
    assert "Mục A1 do Điều dưỡng Lan chấm: bạn chỉ được chấm các mục của mình." in refused.get_data(as_text=True)
    assert scalar(app, sa.select(sa.func.count()).select_from(Answer)) == 0  # all or nothing: B1 was not kept either
    auth.logout()

    auth.login("ksnk")  # a KSNK nurse outside the team
    outsider = client.post(f"/xsd/audits/{audit.id}", data=points(own, "A1"))
    assert outsider.status_code == 403
    assert scalar(app, sa.select(sa.func.count()).select_from(Answer)) == 0


def test_two_members_saving_at_once_keep_each_others_scores(app, client, auth, make):
    theatre = make.department("Khoa Phẫu thuật")
    own = theatre_template(make)
    auth.login("ksnk_lead")
    team, nurse, officer = build_team(client, make, own, split={"lan": ("A1", "A2"), "minh": ("B1", "B2")})
    auth.logout()
    auth.login(user=nurse)
    client.post("/xsd/audits/new", data={"department_id": theatre.id, "template_id": own.id, "audit_date": "2026-11-02", "team_id": team.id})
    audit = newest_audit(app)
    other = app.test_client()
    Auth(other, make).login(user=officer)
    # Both open the audit, then both save what their page holds, one after the other.
    assert client.get(f"/xsd/audits/{audit.id}").status_code == 200
    assert other.get(f"/xsd/audits/{audit.id}").status_code == 200
    assert client.post(f"/xsd/audits/{audit.id}", data=points(own, "A1", "A2")).status_code == 302
    assert other.post(f"/xsd/audits/{audit.id}", data=points(own, "B1", "B2", given={"B2": "5"})).status_code == 302
    with fresh(app):
        saved = {a.item.code: a.scored_by_id for a in db.session.scalars(sa.select(Answer).where(Answer.audit_id == audit.id))}
    assert saved == {"A1": nurse.id, "A2": nurse.id, "B1": officer.id, "B2": officer.id}


def test_two_sessions_that_loaded_the_audit_before_either_saved_lose_nothing(app, make):
    """The same race below the web: each member's session read the audit (no answers yet) before the other committed."""
    theatre = make.department("Khoa Phẫu thuật")
    own = theatre_template(make)
    nurse, officer = make.user("ksnk"), make.user("quality")
    with fresh(app):
        team = Team(hospital_id=theatre.hospital_id, name="Đoàn 2")
        team.members = [TeamMember(hospital_id=theatre.hospital_id, user_id=nurse.id), TeamMember(hospital_id=theatre.hospital_id, user_id=officer.id)]
        db.session.add(team)
        db.session.flush()
        for code, member in (("A1", team.members[0]), ("B1", team.members[1])):
            db.session.add(TeamItem(team_id=team.id, template_code=own.code, item_code=code, member_id=member.id))
        audit = create_audit(hospital_id=theatre.hospital_id, department=attach(theatre), template=attach(own),
                             audit_date=date(2026, 11, 2), user=attach(nurse), team=team)
        db.session.commit()
        audit_id = audit.id
    first, second = app.app_context(), app.app_context()
    with first:
        mine = db.session.get(Audit, audit_id)
        assert mine.answers == []
        with second:
            theirs = db.session.get(Audit, audit_id)
            assert theirs.answers == []
            save_answers(theirs, {item(own, "B1").id: ItemInput("5")}, user=db.session.get(type(officer), officer.id))
            db.session.commit()
        save_answers(mine, {item(own, "A1").id: ItemInput("5")}, user=db.session.get(type(nurse), nurse.id))
        db.session.commit()
    with fresh(app):
        assert {a.item.code for a in db.session.scalars(sa.select(Answer).where(Answer.audit_id == audit_id))} == {"A1", "B1"}
        # Both changes move the audit's version (a phone that read it between them is then told it changed).
        assert db.session.get(Audit, audit_id).version == 1 + 2


def test_a_one_person_audit_works_as_before(app, client, auth, make, template):
    """No team: the KSNK nurse scores every item, and a quality officer may not."""
    auth.login("ksnk")
    department = make.department()
    client.post("/xsd/audits/new", data={"department_id": department.id, "template_id": template.id, "audit_date": "2026-11-02"})
    audit = newest_audit(app)
    assert audit.team_id is None
    page = client.get(f"/xsd/audits/{audit.id}").get_data(as_text=True)
    assert "Chấm theo đoàn" not in page and "disabled" not in page.split('id="item-X1"')[1].split(">", 1)[0]
    auth.logout()
    auth.login("quality")
    assert client.post(f"/xsd/audits/{audit.id}", data=points(template, "X1")).status_code == 403


def test_team_pages_refuse_bad_input_with_a_message(app, client, auth, make):
    auth.login("ksnk_lead")
    empty = client.post("/xsd/teams", data={"name": "  "})
    assert empty.status_code == 400
    client.post("/xsd/teams", data={"name": "Đoàn 1"})
    twice = client.post("/xsd/teams", data={"name": "Đoàn 1"})
    assert twice.status_code == 400 and "Tên đoàn: bệnh viện đã có đoàn “Đoàn 1”." in twice.get_data(as_text=True)
    team = scalar(app, sa.select(Team))
    stranger = make.user("ksnk", hospital=make.hospital("Bệnh viện khác"))
    refused = client.post(f"/xsd/teams/{team.id}/members", data={"user_id": stranger.id, "position": ""})
    assert refused.status_code == 400
    assert scalar(app, sa.select(sa.func.count()).select_from(TeamMember)) == 0


def test_a_team_of_another_hospital_is_not_found(app, client, auth, make):
    make.default_hospital()
    other = make.hospital("Bệnh viện khác")
    lead = make.user("ksnk_lead", hospital=other)
    with fresh(app):
        team = Team(hospital_id=other.id, name="Đoàn của bệnh viện khác")
        db.session.add(team)
        db.session.commit()
    auth.login("ksnk_lead")
    assert client.get(f"/xsd/teams/{team.id}").status_code == 404
    assert "Đoàn của bệnh viện khác" not in client.get("/xsd/teams").get_data(as_text=True)
    assert lead.hospital_id == other.id


def test_submit_by_a_member_without_ksnk_role_follows_the_existing_rule(app, make):
    """The operation itself: a member may submit a team's audit once every item is scored."""
    theatre = make.department("Khoa Phẫu thuật")
    own = theatre_template(make)
    officer = make.user("quality")
    with fresh(app):
        team = Team(hospital_id=theatre.hospital_id, name="Đoàn 3")
        team.members = [TeamMember(hospital_id=theatre.hospital_id, user_id=officer.id)]
        db.session.add(team)
        user = attach(officer)
        audit = create_audit(hospital_id=theatre.hospital_id, department=attach(theatre), template=attach(own),
                             audit_date=date(2026, 11, 2), user=user, team=team)
        save_answers(audit, {i.id: ItemInput(str(i.max_points)) for i in audit.template.items}, user=user)
        submit_audit(audit, user=user)
        assert audit.submitted


def seen_on(page: str, template, code: str) -> str:
    """The answer version a page holds for an item (its hidden field), as the browser would send it back."""
    match = re.search(rf'name="i{item(template, code).id}_seen" type="hidden" value="(\d+)"', page)
    assert match, code
    return match.group(1)


def test_a_shared_item_saved_by_two_members_is_never_overwritten_silently(app, client, auth, make):
    """B2 is given to nobody: both may score it. The second save, made from a page that showed no score yet,
    is refused with the first one's score shown; saving again from that page then replaces it knowingly."""
    theatre = make.department("Khoa Phẫu thuật")
    own = theatre_template(make)
    auth.login("ksnk_lead")
    team, nurse, officer = build_team(client, make, own, split={"lan": ("A1", "A2"), "minh": ("B1",)})
    auth.logout()
    auth.login(user=nurse)
    client.post("/xsd/audits/new", data={"department_id": theatre.id, "template_id": own.id, "audit_date": "2026-11-02", "team_id": team.id})
    audit = newest_audit(app)
    other = app.test_client()
    Auth(other, make).login(user=officer)
    nurse_page = client.get(f"/xsd/audits/{audit.id}").get_data(as_text=True)
    officer_page = other.get(f"/xsd/audits/{audit.id}").get_data(as_text=True)
    b2 = item(own, "B2")

    first = client.post(f"/xsd/audits/{audit.id}", data=points(own, "B2") | {f"i{b2.id}_seen": seen_on(nurse_page, own, "B2")})
    assert first.status_code == 302
    late = other.post(f"/xsd/audits/{audit.id}", data=points(own, "B2", given={"B2": "3"}) | {
        f"i{b2.id}_note": "Sàn còn ướt", f"i{b2.id}_seen": seen_on(officer_page, own, "B2")})
    assert late.status_code == 409
    text = late.get_data(as_text=True)
    assert "Mục B2 vừa được Điều dưỡng Lan lưu sau khi bạn mở phiếu: xem điểm hiện tại rồi lưu lại nếu vẫn muốn sửa." in text
    assert "Đã chấm bởi Điều dưỡng Lan (5 điểm)" in text  # the stored answer, beside what the officer sent
    assert "Sàn còn ướt" in text
    assert scalar(app, sa.select(Answer.points).where(Answer.audit_id == audit.id, Answer.item_id == b2.id)) == 5

    again = other.post(f"/xsd/audits/{audit.id}", data=points(own, "B2", given={"B2": "3"}) | {
        f"i{b2.id}_note": "Sàn còn ướt", f"i{b2.id}_seen": seen_on(text, own, "B2")})
    assert again.status_code == 302
    with fresh(app):
        answer = db.session.scalar(sa.select(Answer).where(Answer.audit_id == audit.id, Answer.item_id == b2.id))
        assert (answer.points, answer.scored_by_id, answer.version) == (3, officer.id, 2)


def test_a_shared_item_left_blank_on_an_older_page_keeps_the_other_members_score(app, client, auth, make):
    """The nurse's page still shows B2 (given to nobody) unscored; the officer scores it; the nurse then saves her
    own items from that page, B2 blank: the officer's score stays, and nothing is refused."""
    theatre = make.department("Khoa Phẫu thuật")
    own = theatre_template(make)
    auth.login("ksnk_lead")
    team, nurse, officer = build_team(client, make, own, split={"lan": ("A1", "A2"), "minh": ("B1",)})
    auth.logout()
    auth.login(user=nurse)
    client.post("/xsd/audits/new", data={"department_id": theatre.id, "template_id": own.id, "audit_date": "2026-11-02", "team_id": team.id})
    audit = newest_audit(app)
    nurse_page = client.get(f"/xsd/audits/{audit.id}").get_data(as_text=True)
    other = app.test_client()
    Auth(other, make).login(user=officer)
    other_page = other.get(f"/xsd/audits/{audit.id}").get_data(as_text=True)
    b2 = item(own, "B2")
    assert other.post(f"/xsd/audits/{audit.id}", data=points(own, "B2") | {f"i{b2.id}_seen": seen_on(other_page, own, "B2")}).status_code == 302
    # What the nurse's browser sends: her items scored, B2's note empty and no chip chosen, with the version she saw.
    sent = points(own, "A1", "A2") | {f"i{b2.id}_note": "", f"i{b2.id}_seen": seen_on(nurse_page, own, "B2")}
    assert client.post(f"/xsd/audits/{audit.id}", data=sent).status_code == 302
    with fresh(app):
        saved = {a.item.code: (a.points, a.scored_by_id) for a in db.session.scalars(sa.select(Answer).where(Answer.audit_id == audit.id))}
    assert saved == {"A1": (5, nurse.id), "A2": (5, nurse.id), "B2": (5, officer.id)}


def test_a_member_continuing_a_teams_audit_offline_sends_back_the_others_scores_untouched(app, client, auth, make):
    """The offline page holds the whole audit and sends all of it back: the other member's scores, unchanged,
    are not a change of theirs (so not refused), and the nurse's own items are saved; changing the other's
    item is still refused, naming whose it is."""
    theatre = make.department("Khoa Phẫu thuật")
    own = theatre_template(make)
    auth.login("ksnk_lead")
    team, nurse, officer = build_team(client, make, own, split={"lan": ("A1", "A2"), "minh": ("B1", "B2")})
    auth.logout()
    auth.login(user=nurse)
    client.post("/xsd/audits/new", data={"department_id": theatre.id, "template_id": own.id, "audit_date": "2026-11-02", "team_id": team.id})
    audit = newest_audit(app)
    other = app.test_client()
    Auth(other, make).login(user=officer)
    b1 = item(own, "B1")
    assert other.post(f"/xsd/audits/{audit.id}", data=points(own, "B1", "B2", given={"B1": "3"}) | {
        f"i{b1.id}_note": "Thiếu nhãn"}).status_code == 302

    state = client.get(f"/api/v1/xsd/audits/{audit.id}").get_json()  # what the offline page keeps
    answers = {key: {"choice": a["choice"], "note": a["note"]} for key, a in state["answers"].items()}
    answers |= {str(item(own, code).id): {"choice": "5", "note": ""} for code in ("A1", "A2")}
    sent = client.put(f"/api/v1/xsd/audits/{audit.id}", json={"base_version": state["version"], "answers": answers})
    assert sent.status_code == 200, sent.get_json()
    assert sent.get_json()["version"] == state["version"] + 1
    with fresh(app):
        saved = {a.item.code: (a.points, a.note, a.scored_by_id) for a in db.session.scalars(sa.select(Answer).where(Answer.audit_id == audit.id))}
    assert saved == {"A1": (5, "", nurse.id), "A2": (5, "", nurse.id), "B1": (3, "Thiếu nhãn", officer.id), "B2": (5, "", officer.id)}

    answers[str(b1.id)] = {"choice": "5", "note": ""}
    refused = client.put(f"/api/v1/xsd/audits/{audit.id}", json={"base_version": sent.get_json()["version"], "answers": answers})
    assert refused.status_code == 403
    assert refused.get_json()["error"] == "Mục B1 do Dược sĩ Minh chấm: bạn chỉ được chấm các mục của mình."
    assert scalar(app, sa.select(Answer.points).where(Answer.audit_id == audit.id, Answer.item_id == b1.id)) == 3
