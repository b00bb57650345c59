"""Who may reach each endpoint: the table the authorization test checks every route against.

A value is PUBLIC, LOGIN (any signed-in user), a capability of auth/roles.py, `hospital(capability)`
for pages that also need a hospital account (the province has none), or a dict per HTTP method.
A route missing here fails tests/security/test_authorization.py: add its rule with the route.
"""
from __future__ import annotations

PUBLIC = "public"
LOGIN = "login"


def hospital(capability: str) -> str:
    return f"hospital:{capability}"


RULES: dict[str, str | dict[str, str]] = {
    "static": PUBLIC,
    "main.favicon": PUBLIC,
    # Installable app (quality_assess/pwa.py): nobody's data, fetched by the browser without cookies.
    "pwa.manifest": PUBLIC,
    "pwa.service_worker": PUBLIC,
    "pwa.offline": PUBLIC,
    "main.index": LOGIN,
    "auth.login": PUBLIC,
    "auth.logout": LOGIN,
    "auth.password": LOGIN,
    "auth.preferences": LOGIN,
    "auth.tokens": LOGIN,
    "auth.revoke_token": LOGIN,                      # only the user's own tokens (tests/security/test_tokens.py)
    "auth.users": hospital("users.manage"),
    "auth.edit_user": hospital("users.manage"),
    "auth.reset_password": hospital("users.manage"),
    "auth.revoke_user_token": hospital("users.manage"),
    # Installation-level: no role has these; users.installation_role grants them (tests/security/test_privilege.py).
    "auth.installation": "installation.manage",
    # Each user's own notifications (tests/notifications): another user's is a 404.
    "notifications.index": LOGIN,
    "notifications.open_one": LOGIN,
    "notifications.read_all": LOGIN,
    "notifications_api.list_api": LOGIN,
    "notifications_api.read_api": LOGIN,
    "auth.installation_grant": "installation.manage",
    "org.profile": {"GET": hospital("round.view"), "POST": hospital("hospital.manage")},
    "org.departments": hospital("hospital.manage"),
    "org.toggle_department": hospital("hospital.manage"),
    "org.edit_department": hospital("hospital.manage"),
    "org.merge_department_into": hospital("hospital.manage"),
    "org.four_eyes": hospital("hospital.manage"),
    "catalog.index": "round.view",
    "catalog.criterion": "round.view",
    "catalog.tt35_index": "round.view",
    "catalog.tt35_import": "catalog.manage",
    "catalog.tt35_confirm_import": "catalog.manage",
    "catalog.tt35_item": {"GET": "round.view", "POST": "catalog.manage"},
    "catalog.template": "round.view",
    "catalog.title": "catalog.manage",
    "catalog.import_items": "catalog.manage",
    "catalog.confirm_import": "catalog.manage",
    "catalog.cancel_import": "catalog.manage",
    "assessments.index": {"GET": "round.view", "POST": hospital("round.manage")},
    "assessments.change_status": hospital("round.manage"),
    "assessments.overview": "round.view",
    # Saving: assessors only the criteria assigned to them (workflow.hooks.may_answer, tests/workflow), so an
    # unassigned assessor is refused like a role without the capability.
    "assessments.criterion": {"GET": "round.view", "POST": "round.answer_any"},
    "assessments.result": "round.view",
    # A TT 35/2024 round's item: any assessor may answer (the department is who answers in practice).
    "assessments.item": {"GET": "round.view", "POST": "round.answer"},
    "assessments.item_review": "round.review",
    "assessments.item_department": hospital("round.manage"),
    "assessments.rename": hospital("round.manage"),
    "assessments.delete": hospital("round.manage"),
    "assessments.reopen": hospital("round.reopen"),
    "assessments.chapter_not_applicable": hospital("round.manage"),
    "assessments.undo_chapter": hospital("round.manage"),
    "assessments.confirm": "round.answer_any",  # as assessments.criterion POST
    "assessments.jump": "round.view",
    "assessments_api.frameworks": "round.view",
    "assessments_api.catalog": "round.view",
    "assessments_api.rounds": "round.view",
    "assessments_api.summary": "round.view",
    "assessments_api.create": hospital("round.manage"),
    "assessments_api.put_result": "round.answer_any",  # as assessments.criterion POST
    "assessments_api.get_result": "round.view",
    "assessments_api.confirm": "round.answer_any",
    "assessments_api.patch_result": "round.answer_any",  # as PUT
    "checklists.index": hospital("xsd.view"),
    "checklists.new_audit": hospital("xsd.audit"),
    "checklists.delete_audit": hospital("xsd.audit"),
    # A team's audit: its members score their own items whatever their role (tests/checklists/test_teams.py);
    # anyone else needs xsd.audit as before.
    "checklists.audit": {"GET": "xsd.view", "POST": hospital("xsd.audit")},
    "checklists.submit": hospital("xsd.audit"),
    "checklists.photo": "xsd.view",
    "checklists.new_follow_up": hospital("xsd.audit"),
    "checklists.follow_ups": hospital("xsd.view"),
    # Also the head of the owning department and the owner (tests/checklists/test_follow_ups.py): any action needs xsd.audit.
    "checklists.follow_up_status": hospital("xsd.audit"),
    "checklists.follow_up_photo": "xsd.view",
    "checklists.dashboard": hospital("xsd.view"),
    "checklists.settings": hospital("xsd.manage"),
    "checklists.templates": hospital("xsd.view"),
    "checklists.template_xlsx": hospital("xsd.view"),
    "checklists.template_import": hospital("xsd.manage"),
    "checklists.template_departments": hospital("xsd.manage"),
    "checklists.teams_page": {"GET": hospital("xsd.view"), "POST": hospital("xsd.manage")},
    "checklists.team": {"GET": hospital("xsd.view"), "POST": hospital("xsd.manage")},
    "checklists.add_team_member": hospital("xsd.manage"),
    "checklists.remove_team_member": hospital("xsd.manage"),
    "checklists.team_items": hospital("xsd.manage"),
    "checklists.sheet_import": hospital("xsd.manage"),
    "checklists.sheet_review": hospital("xsd.manage"),
    "checklists.template_edit": hospital("xsd.manage"),
    "checklists.audit_pdf": "xsd.view",
    "checklists.audit_xlsx": "xsd.view",
    "checklists.month_pdf": hospital("xsd.view"),
    "checklists.month_xlsx": hospital("xsd.view"),
    # Audits on a phone with no network (checklists/offline.py, checklists/api.py; tests/checklists/test_sync_api.py).
    "checklists.offline_audit": hospital("xsd.audit"),
    "checklists_api.offline_kit": hospital("xsd.audit"),
    "checklists_api.create_audit": hospital("xsd.audit"),
    "checklists_api.audit": {"GET": "xsd.view", "PUT": hospital("xsd.audit")},
    "checklists_api.add_photo": hospital("xsd.audit"),
    "plans.index": "plan.view",
    "plans.generate": hospital("plan.edit"),
    "plans.regenerate": hospital("plan.edit"),
    "plans.targets": {"GET": hospital("plan.view"), "POST": hospital("plan.edit")},
    "plans.show": "plan.view",
    "plans.delete": hospital("plan.edit"),
    "plans.change_status": "plan.approve",          # the builder's status is "approved"
    "plans.entry_target": hospital("plan.edit"),
    "plans.remove_entry": hospital("plan.edit"),
    "plans.add_action": hospital("plan.edit"),
    "plans.edit_action": hospital("plan.edit"),
    "plans.progress": hospital("plan.edit"),         # an action that is not the user's own
    "plans.mine": "plan.view",
    "plans.pdf": "plan.view",
    "plans.xlsx": "plan.view",
    "plans.docx": "plan.view",
    "reports.index": "report.view",
    "reports.dashboard": "report.view",
    "reports.pdf": "report.view",
    "reports.docx": "report.view",
    "reports.departments": "report.view",            # as the round report (reports.dashboard)
    "reports.compare": "report.view",
    "reports.compare_xlsx": "report.view",
    "reports.compare_pdf": "report.view",
    "reports.export": "report.view",
    "reports.year_over_year": "report.view",
    "reports.year_over_year_xlsx": "report.view",
    "reports.year_over_year_pdf": "report.view",
    "reports.trend": "report.view",
    "reports.texts": hospital("report.write"),
    "reports.logo": hospital("report.write"),
    "reports.import_workbook": hospital("round.answer_any"),
    "reports.confirm_import": hospital("round.answer_any"),
    "province.index": "province.view",
    "province.export": "province.view",
    "province.export_archive": "province.view",
    "province.hospital": "province.view",
    "province.aggregates": "province.view",
    "province.aggregates_export": "province.view",
    "province.aggregates_csv_export": "province.view",
    "province_api.aggregates": "province.view",
    # The province inspector's own pages (its given hospitals' inspection rounds; tests/province/test_inspector.py).
    "inspections.index": "inspection.write",
    "inspections.lock": "inspection.write",
    "province_api.inspections": "inspection.write",
    "province_api.create_inspection": "inspection.write",
    "auth.inspected_hospitals": "installation.manage",
    "workflow.index": "round.view",
    "workflow.assignments": {"GET": "round.view", "POST": hospital("round.manage")},
    "workflow.apply_default": hospital("round.manage"),
    "workflow.review_result": "round.answer",
    "workflow.upload_evidence": "evidence.upload",
    "workflow.download_evidence": "round.view",
    "workflow.remove_evidence": "evidence.upload",
    # A TT 35 item's files: any role that may answer the round's items.
    "workflow.upload_item_evidence": "evidence.upload",
    "workflow.download_item_evidence": "round.view",
    "workflow.remove_item_evidence": "evidence.upload",
    "workflow.submit_round": hospital("round.manage"),
    "workflow.history": "audit.view",
    "workflow.review_queue": "round.review",
    "reports_api.export": "report.view",
    "reports_api.export_csv": "report.view",
    "reports_api.compare": "report.view",
    "reports_api.departments": "report.view",
    "reports_api.year_over_year_api": "report.view",
    "reports_api.trend_api": "report.view",
    "workflow_api.bulk_review": "round.review",
    "workflow_api.review_result": "round.answer",
    "workflow_api.evidence": "round.view",
}

def _audit(make):
    """A draft Xanh – Sạch – Đẹp audit of the tested hospital, with a photo on its first item."""
    from quality_assess.checklists.loader import latest_template
    from quality_assess.checklists.operations import ItemInput, Photo, create_audit, save_answers
    from quality_assess.database import db

    from tests.builders import attach, building

    department = make.department()
    auditor = make.user("ksnk", hospital=department.hospital)
    with building(make.app):
        department, auditor = attach(department), attach(auditor)
        template = latest_template("xsd-khoa-phong", None)
        audit = create_audit(hospital_id=department.hospital_id, department=department, template=template, audit_date=_today(), user=auditor)
        png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
        first = template.items[0]
        save_answers(audit, {first.id: ItemInput(str(first.max_points), photo=Photo(png, "anh.png"))}, user=auditor)
        db.session.commit()  # operations flush; the builder commits, as a request would
        audit.answers, audit.auditor  # loaded: readable once the context is gone
        return audit


def _today():
    from quality_assess import clock

    return clock.today()  # the hospital's date at the tests' fixed clock


def _follow_up(make):
    from quality_assess.checklists.operations import create_follow_up
    from tests.builders import attach, building

    audit = _audit(make)
    with building(make.app):
        audit = attach(audit)
        return create_follow_up(audit, None, text="Bổ sung dung dịch sát khuẩn tay", due_date=None, user=audit.auditor).id


def _follow_up_update(make):
    """A progress report with a photo on a follow-up of the tested hospital."""
    from quality_assess.checklists.models import FollowUp
    from quality_assess.checklists.operations import Photo, update_follow_up
    from quality_assess.database import db
    from tests.builders import attach, building

    follow_up_id = _follow_up(make)
    nurse = make.user("ksnk")
    with building(make.app):
        png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
        update = update_follow_up(db.session.get(FollowUp, follow_up_id), status="in_progress", note="Đã lắp giá",
                                  photo=Photo(png, "anh.png"), user=attach(nurse))
        db.session.commit()
        return update.id


def _template_id(make):
    from quality_assess.checklists.loader import latest_template
    from tests.builders import building

    with building(make.app):
        return latest_template("xsd-khoa-phong", None).id


def _team(make):
    """An inspection team of the tested hospital with one member (a KSNK nurse)."""
    from quality_assess.checklists.models import Team, TeamMember
    from quality_assess.database import db
    from tests.builders import building

    nurse = make.user("ksnk")
    with building(make.app):
        team = Team(hospital_id=nurse.hospital_id, name=f"Đoàn {nurse.id}")
        team.members = [TeamMember(hospital_id=nurse.hospital_id, user_id=nurse.id, position="Thành viên")]
        db.session.add(team)
        db.session.commit()
        team.members  # loaded: readable once the context is gone
        return team


def _plan(make):
    """A plan generated from a round where B1.1 is at Mức 2, with one action."""
    import sqlalchemy as sa

    from quality_assess.assessments.models import Result
    from quality_assess.assessments.operations import Answer, save_result
    from quality_assess.catalog.models import Criterion
    from quality_assess.database import db
    from quality_assess.plans.operations import ActionFields, add_action, generate_plan

    from tests.builders import attach, building

    office = make.user("quality")
    round_ = make.round()
    with building(make.app):
        office = attach(office)
        result = db.session.scalar(sa.select(Result).join(Result.criterion).where(Result.round_id == round_.id, Criterion.code == "B1.1"))
        save_result(result, Answer(finding=False, met={2: True, 3: False}), user=office)
        plan = generate_plan(attach(round_), include_level_3=False, user=office)
        add_action(plan.entries[0], ActionFields(text="Lắp biển chỉ dẫn"), user=office)
        db.session.commit()  # operations flush; the builder commits, as a request would
        plan.entries[0].actions  # loaded: the plan's first entry and action stay readable
        return plan


def _evidence(make):
    """An evidence file in a LOCKED round: every role's delete attempt then leaves it for the next one."""
    import io

    import sqlalchemy as sa

    from quality_assess.assessments.models import Result
    from quality_assess.assessments.operations import set_round_status
    from quality_assess.database import db
    from quality_assess.workflow.evidence import add_evidence

    from tests.builders import attach, building

    manager = make.user("quality")
    round_ = make.round()
    with building(make.app):
        manager, round_ = attach(manager), attach(round_)
        result = db.session.scalars(sa.select(Result).where(Result.round_id == round_.id).limit(1)).one()
        evidence = add_evidence(result, io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "minh-chung.pdf", user=manager)
        set_round_status(round_, "submitted", user=manager, override_reason="Kiểm thử phân quyền")
        set_round_status(round_, "locked", user=manager)
        db.session.commit()  # operations flush; the builder commits, as a request would
        return evidence.id


def _item_evidence(make):
    """An evidence file of a TT 35 item in a LOCKED round (as _evidence)."""
    import io

    from quality_assess.assessments.items import item_result_select
    from quality_assess.assessments.operations import set_round_status
    from quality_assess.database import db
    from quality_assess.workflow.evidence import add_item_evidence

    from tests.builders import attach, building

    manager = make.user("quality")
    round_ = make.round(framework="tt35")
    with building(make.app):
        manager, round_ = attach(manager), attach(round_)
        row = db.session.scalars(item_result_select(round_, "I.1")).one()
        evidence = add_item_evidence(row, io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "minh-chung.pdf", user=manager)
        set_round_status(round_, "submitted", user=manager)
        set_round_status(round_, "locked", user=manager)
        db.session.commit()
        return evidence.id


# What the province inspector writes beyond its capabilities: the answers of its team's inspection round
# (workflow.hooks.may_answer lets it answer every criterion of it, and nobody else).
INSPECTOR_ANSWERS = {
    "assessments.criterion", "assessments.confirm", "assessments_api.put_result", "assessments_api.patch_result",
    "assessments_api.confirm",
}


def team_round(make, inspector):
    """The province team's inspection round of the tested hospital, `inspector` given that hospital."""
    from quality_assess.auth.models import User
    from quality_assess.database import db
    from quality_assess.province.operations import create_inspection_round

    from tests.builders import attach, building

    hospital = make.default_hospital()
    with building(make.app):
        user = db.session.get(User, inspector.id)
        if hospital.id not in user.inspected_hospital_ids:
            user.inspected_hospitals.append(attach(hospital))
            db.session.flush()
        round_ = create_inspection_round(attach(hospital), name="Kiểm tra của Sở Y tế", year=2026, user=user)
        db.session.commit()
        return round_


# URL arguments by name → a builder of a real value in the tested hospital (`make` is tests.builders.Builders).
URL_ARGUMENTS = {
    "round_id": lambda make: make.round().id,
    "user_id": lambda make: make.user("assessor").id,
    "department_id": lambda make: make.department().id,
    "status": lambda make: "approved",
    "filename": lambda make: "css/app.css",
    "code": lambda make: "A1.1",
    "tt35_round_id": lambda make: make.round(framework="tt35").id,   # a round of TT 35/2024
    "item_code": lambda make: "I.1",
    "item_evidence_id": lambda make: _item_evidence(make),
    "criterion_code": lambda make: "A1.1",
    "chapter_code": lambda make: "A1",
    "kind": lambda make: "xlsx",
    "plan_id": lambda make: _plan(make).id,
    "hospital_id": lambda make: make.default_hospital().id,
    "entry_id": lambda make: _plan(make).entries[0].id,
    "action_id": lambda make: _plan(make).entries[0].actions[0].id,
    "year": lambda make: _today().year,
    "month": lambda make: _today().month,
    "audit_id": lambda make: _audit(make).id,
    "answer_id": lambda make: _audit(make).answers[0].id,
    "follow_up_id": _follow_up,
    "update_id": _follow_up_update,
    "evidence_id": _evidence,
    "template_id": _template_id,
    "team_id": lambda make: _team(make).id,
    "member_id": lambda make: _team(make).members[0].id,
}
# Arguments naming rows of one hospital: a user of another hospital must get 403/404 for them.
HOSPITAL_ROWS = {"round_id", "tt35_round_id", "item_evidence_id", "user_id", "department_id", "audit_id", "answer_id", "follow_up_id",
                 "update_id", "plan_id", "entry_id", "action_id", "evidence_id", "team_id", "member_id"}
