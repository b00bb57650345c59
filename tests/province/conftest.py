"""Two hospitals with real rows (rounds with answers, Xanh – Sạch – Đẹp audits, follow-ups, users)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from quality_assess.plans.operations import ActionFields, add_action, generate_plan
import sqlalchemy as sa

from quality_assess.assessments.models import Result, Round
from quality_assess.assessments.operations import Answer, save_result, set_round_status
from quality_assess.checklists.loader import content, latest_template
from quality_assess.checklists.models import Audit, FollowUp
from quality_assess.checklists.operations import (
    ItemInput, Photo, create_audit, create_follow_up, import_template, photo_dir, save_answers, submit_audit, update_follow_up,
)
from quality_assess.database import db
from tests.conftest import attach, fresh, step
from quality_assess.org.models import Department, Hospital


def answer_for(level: int) -> Answer:
    return Answer(finding=level == 1, met={n: n <= level for n in (2, 3, 4, 5)})


@step
def set_levels(round_: Round, levels: dict[str, int]) -> None:
    results = {r.criterion.code: r for r in db.session.scalars(sa.select(Result).where(Result.round_id == round_.id))}
    for code, level in levels.items():
        save_result(results[code], answer_for(level), user=None)
    db.session.commit()


@step
def xsd_audit(department: Department, day: date, user, *, lost: int = 0) -> Audit:
    """A submitted audit of the shipped checklist: full points except `lost` points on the first item."""
    template = latest_template("xsd-khoa-phong", None)
    audit = create_audit(hospital_id=department.hospital_id, department=department, template=template, audit_date=day, user=user)
    items = template.items
    save_answers(audit, {i.id: ItemInput(str(i.max_points - (lost if n == 0 else 0)), note="Tồn tại" if lost and n == 0 else "")
                         for n, i in enumerate(items)}, user=user)
    submit_audit(audit, user=user)
    return audit


@dataclass
class Site:
    """One hospital and one of each of its rows, for URL substitution."""

    hospital: Hospital
    department: Department
    round: Round
    locked_round: Round
    audit: Audit
    follow_up: FollowUp
    user: object
    template: object
    plan: object = None
    answer_id: int = 0          # the answer that carries the photo
    update_id: int = 0          # the follow-up's progress report that carries a photo
    tt35_round: Round | None = None  # a TT 35/2024 self-assessment


@pytest.fixture
def site(app, make):
    def build(name: str, levels: dict[str, int]) -> Site:
        hospital = make.hospital(name, grade="Hạng II", province="Tỉnh Thử nghiệm")
        department = make.department(f"Khoa Nội {name}", hospital=hospital)
        ksnk = make.user("ksnk_lead", hospital=hospital)
        manager = make.user("quality", hospital=hospital)  # a submission override needs a quality manager
        office = make.user("quality", hospital=hospital)
        locked = make.round(hospital, name=f"Tự đánh giá 2025 {name}", year=2025)
        current = make.round(hospital, name=f"Tự đánh giá 2026 {name}", year=2026)
        tt35 = make.round(hospital, name=f"TT 35 năm 2025 {name}", year=2025, framework="tt35")
        with fresh(app):
            hospital, department, ksnk, locked, current = map(attach, (hospital, department, ksnk, locked, current))
            set_levels(locked, levels)
            set_round_status(locked, "submitted", user=attach(manager), override_reason="Thử nghiệm")
            set_round_status(locked, "locked", user=ksnk)
            set_levels(current, {code: min(level + 1, 5) for code, level in levels.items()})
            audit = xsd_audit(department, date(2026, 10, 5), ksnk, lost=1)
            answer = audit.answers[0]
            answer.photo_name, answer.photo_type = f"photo-{hospital.id}.png", "image/png"
            photo_dir().mkdir(parents=True, exist_ok=True)
            (photo_dir() / answer.photo_name).write_bytes(b"\x89PNG\r\n\x1a\n")
            db.session.commit()
            follow_up = create_follow_up(audit, None, text=f"Khắc phục tại {name}", due_date=None, user=ksnk)
            update = update_follow_up(follow_up, status="in_progress", note=f"Đang làm tại {name}",
                                      photo=Photo(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16, "anh.png"), user=ksnk)
            data = content(latest_template("xsd-khoa-phong", None)) | {"code": f"rieng-{hospital.id}", "name": f"Mẫu riêng {name}"}
            template, _ = import_template(data, hospital_id=hospital.id, user=ksnk)
            plan = generate_plan(current, include_level_3=True, user=attach(office))
            if plan.entries:
                add_action(plan.entries[0], ActionFields(text=f"Hành động của {name}"), user=attach(office))
                plan.entries[0].actions  # loaded: readable after the block
            return Site(hospital, department, current, locked, audit, follow_up, ksnk, template, plan, answer.id, update.id, tt35)

    return build


@pytest.fixture
def two_sites(site):
    """Hospital A and hospital B, each with a locked 2025 round, an open 2026 round and an XSĐ audit."""
    a = site("Bệnh viện Alpha", {"A1.1": 3, "A1.2": 4, "C3.1": 2})
    b = site("Bệnh viện Bêta Riêng Tư", {"A1.1": 2, "A1.2": 2, "C3.1": 2})
    return a, b


# ---------------------------------------------------------------- building URLs from the URL map

# URL arguments naming a row of a hospital → that row's id in a Site. A new route with another
# `*_id` argument fails the generated tests until its row is added here (so it cannot escape them).
ROW_ARGS = {
    "hospital_id": lambda s: s.hospital.id,
    "round_id": lambda s: s.round.id,
    "tt35_round_id": lambda s: s.tt35_round.id,
    "audit_id": lambda s: s.audit.id,
    "answer_id": lambda s: s.answer_id,
    "follow_up_id": lambda s: s.follow_up.id,
    "update_id": lambda s: s.update_id,
    "department_id": lambda s: s.department.id,
    "user_id": lambda s: s.user.id,
    "template_id": lambda s: s.template.id,
    "plan_id": lambda s: s.plan.id,
    "entry_id": lambda s: s.plan.entries[0].id,
    "action_id": lambda s: s.plan.entries[0].actions[0].id,
    "evidence_id": lambda s: _evidence_id(s),
    "item_evidence_id": lambda s: _item_evidence_id(s),
    "team_id": lambda s: _team_member(s)[0],
    "member_id": lambda s: _team_member(s)[1],
}


@step
def _team_member(site: Site) -> tuple[int, int]:
    """(team id, member id) of an inspection team of the site with its KSNK lead as member, made on first use."""
    from quality_assess.checklists.models import Team, TeamMember

    team = db.session.scalar(sa.select(Team).where(Team.hospital_id == site.hospital.id))
    if team is None:
        team = Team(hospital_id=site.hospital.id, name="Đoàn 1")
        team.members = [TeamMember(hospital_id=site.hospital.id, user_id=site.user.id, position="Trưởng đoàn")]
        db.session.add(team)
        db.session.commit()
    return team.id, team.members[0].id


@step
def _evidence_id(site: Site) -> int:
    """One evidence file in the site's locked round, made on first use (workflow)."""

    from quality_assess.workflow.models import Evidence

    existing = db.session.scalar(sa.select(Evidence.id).where(Evidence.hospital_id == site.hospital.id))
    if existing:
        return existing
    row = Evidence(hospital_id=site.hospital.id, round_id=site.locked_round.id, criterion_id=1, original_name="a.pdf",
                   stored_name=f"test-{site.hospital.id}.pdf", mimetype="application/pdf", size=1, sha256="0" * 64)
    db.session.add(row)
    db.session.commit()
    from quality_assess.workflow.evidence import evidence_path

    evidence_path(row).parent.mkdir(parents=True, exist_ok=True)
    evidence_path(row).write_bytes(b"%PDF-1.4\n")
    return row.id


@step
def _item_evidence_id(site: Site) -> int:
    """One evidence file of an item of the site's TT 35 round, made on first use (workflow)."""
    from quality_assess.assessments.models import ItemResult
    from quality_assess.workflow.evidence import evidence_path
    from quality_assess.workflow.models import ItemEvidence

    existing = db.session.scalar(sa.select(ItemEvidence.id).where(ItemEvidence.hospital_id == site.hospital.id))
    if existing:
        return existing
    item_result = db.session.scalars(sa.select(ItemResult.id).where(ItemResult.round_id == site.tt35_round.id).limit(1)).one()
    row = ItemEvidence(hospital_id=site.hospital.id, round_id=site.tt35_round.id, item_result_id=item_result, original_name="a.pdf",
                       stored_name=f"test-item-{site.hospital.id}.pdf", mimetype="application/pdf", size=1, sha256="0" * 64)
    db.session.add(row)
    db.session.commit()
    evidence_path(row).parent.mkdir(parents=True, exist_ok=True)
    evidence_path(row).write_bytes(b"%PDF-1.4\n")
    return row.id
# Arguments that are not rows of a hospital (a criterion code, a status, a period, a file kind).
OTHER_ARGS = {"code": "A1.1", "item_code": "I.1", "chapter_code": "A1", "status": "approved", "year": 2026, "month": 10, "kind": "xlsx", "filename": "css/app.css"}


def url_for_rule(app, rule, site: Site, method: str = "GET") -> str:
    values = {}
    for arg in rule.arguments:
        if arg in ROW_ARGS:
            values[arg] = ROW_ARGS[arg](site)
        elif arg in OTHER_ARGS:
            values[arg] = OTHER_ARGS[arg]
        else:
            raise LookupError(f"{rule.rule}: add the URL argument {arg!r} to ROW_ARGS or OTHER_ARGS in tests/province/conftest.py")
    return app.url_map.bind("localhost").build(rule.endpoint, values, method=method)


def rules_with(app, methods: set[str]):
    """(rule, method) for every rule of the app answering one of `methods`."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        for method in sorted(rule.methods & methods):
            yield rule, method


@step
def dump_database() -> dict[str, list[tuple]]:
    """Every row of every table, to prove a request changed nothing."""
    return {t.name: sorted(map(tuple, db.session.execute(sa.select(t)).all()), key=repr) for t in db.metadata.sorted_tables}
