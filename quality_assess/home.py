"""What each role's home page shows first (the data; main.index renders it).

The assessor: their criteria and deadlines. KSNK: this month's Xanh – Sạch – Đẹp audits by department.
The quality office: what waits for review, progress per chapter of the open round, overdue work. The
director: the latest result, the plan's progress and what waits for their approval. The province: its
hospitals. The admin: the accounts and the hospital's rounds. Every card is shown only to a user who
may open its page (tests/core/test_home.py follows every link of every role's home page).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from quality_assess import clock
from quality_assess.assessments.models import Result, Round, levels_rounds
from quality_assess.assessments.operations import summarize_round
from quality_assess.auth.models import User
from quality_assess.auth import roles
from quality_assess.catalog.models import Chapter, Criterion
from quality_assess.checklists import summary as xsd
from quality_assess.database import db
from quality_assess.org.models import Hospital
from quality_assess.plans.models import Action, Plan, PlanEntry
from quality_assess.workflow.models import Assignment, assignment_assessors


@dataclass(frozen=True)
class Card:
    endpoint: str
    title: Any
    text: Any
    capability: str
    needs_hospital: bool = False

    def open_to(self, user: User) -> bool:
        return user.can(self.capability) and (user.hospital_id is not None or not self.needs_hospital)


# The general cards, each shown only to a user the page's rule (tests/security/route_rules.py) lets in.
CARDS = (
    Card("assessments.index", _l("Đánh giá 83 tiêu chí"), _l("Các đợt tự đánh giá và đoàn kiểm tra."), "round.view"),
    Card("checklists.index", _l("Xanh – Sạch – Đẹp"), _l("Bảng kiểm các khoa/phòng hằng tháng."), "xsd.view", needs_hospital=True),
    Card("plans.index", _l("Kế hoạch cải tiến"), _l("Ưu tiên các tiêu chí Mức 1 và Mức 2."), "plan.view"),
    Card("reports.index", _l("Báo cáo"), _l("Báo cáo kết quả, so sánh, xuất Excel/PDF."), "report.view"),
    Card("province.index", _l("Sở Y tế"), _l("Các bệnh viện trong tỉnh: kết quả mới nhất."), "province.view"),
    Card("inspections.index", _l("Đoàn kiểm tra"), _l("Các đợt kiểm tra của những bệnh viện được giao."), "inspection.write"),
    Card("auth.users", _l("Người dùng"), _l("Tài khoản, vai trò, khoa/phòng."), "users.manage", needs_hospital=True),
)


def cards_for(user: User) -> list[Card]:
    return [card for card in CARDS if card.open_to(user)]


def _open_rounds(hospital_id: int) -> list[Round]:
    return list(db.session.scalars(
        sa.select(Round).where(Round.hospital_id == hospital_id, Round.status != "locked").order_by(Round.year.desc(), Round.id.desc())))


def my_criteria(user: User, today: date) -> list[dict[str, Any]]:
    """The assessor's assigned criteria of open rounds, the nearest deadline first (undated last)."""
    rows = db.session.execute(
        sa.select(Assignment.due_date, Criterion.code, Criterion.title, Round.id, Round.name, Result.review_status, Result.level, Result.not_applicable)
        .join(assignment_assessors, assignment_assessors.c.assignment_id == Assignment.id)
        .join(Round, Round.id == Assignment.round_id).join(Criterion, Criterion.id == Assignment.criterion_id)
        .join(Result, sa.and_(Result.round_id == Assignment.round_id, Result.criterion_id == Assignment.criterion_id))
        .where(assignment_assessors.c.user_id == user.id, Round.status == "draft")
        .order_by(Assignment.due_date.is_(None), Assignment.due_date, Criterion.position)
    ).all()
    return [{"due_date": due, "code": code, "title": title, "round_id": round_id, "round": name, "review_status": status,
             "level": level, "not_applicable": na, "overdue": due is not None and due < today and status not in ("submitted", "approved")}
            for due, code, title, round_id, name, status, level, na in rows]


def waiting_for_review(hospital_id: int, limit: int = 10) -> tuple[int, list[dict[str, Any]]]:
    """Criteria submitted for review in the hospital's open rounds: how many, and the first ones."""
    query = (sa.select(Round.id, Round.name, Criterion.code, Criterion.title).select_from(Result)
             .join(Round, Round.id == Result.round_id).join(Criterion, Criterion.id == Result.criterion_id)
             .where(Round.hospital_id == hospital_id, Round.status == "draft", Result.review_status == "submitted"))
    count = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    rows = db.session.execute(query.order_by(Result.updated_at, Criterion.position).limit(limit)).all()
    return count, [{"round_id": r, "round": name, "code": code, "title": title} for r, name, code, title in rows]


def chapter_progress(round_: Round) -> list[dict[str, Any]]:
    """Answered / applicable criteria of each chapter of the round."""
    rows = db.session.execute(
        sa.select(Chapter.code, Chapter.name,
                  sa.func.sum(sa.case((Result.not_applicable.is_(False), 1), else_=0)),
                  sa.func.sum(sa.case((sa.and_(Result.not_applicable.is_(False), Result.level.is_not(None)), 1), else_=0)))
        .join(Criterion, Criterion.chapter_id == Chapter.id).join(Result, Result.criterion_id == Criterion.id)
        .where(Result.round_id == round_.id).group_by(Chapter.id, Chapter.code, Chapter.name, Chapter.position).order_by(Chapter.position)
    ).all()
    return [{"code": code, "title": title, "applicable": int(applicable or 0), "answered": int(answered or 0)}
            for code, title, applicable, answered in rows]


def overdue_work(hospital_id: int, today: date) -> dict[str, list[dict[str, Any]]]:
    """Assigned criteria past their date and not yet submitted, and plan actions past theirs and not done."""
    criteria = db.session.execute(
        sa.select(Assignment.due_date, Criterion.code, Round.id, Round.name)
        .join(Round, Round.id == Assignment.round_id).join(Criterion, Criterion.id == Assignment.criterion_id)
        .join(Result, sa.and_(Result.round_id == Assignment.round_id, Result.criterion_id == Assignment.criterion_id))
        .where(Round.hospital_id == hospital_id, Round.status == "draft", Assignment.due_date < today,
               Result.not_applicable.is_(False), Result.review_status.in_(("draft", "returned")))
        .order_by(Assignment.due_date, Criterion.position)
    ).all()
    actions = db.session.execute(
        sa.select(Action.due_date, Action.text, PlanEntry.plan_id)
        .join(PlanEntry, PlanEntry.id == Action.entry_id)
        .where(Action.hospital_id == hospital_id, Action.status != "done", Action.due_date < today).order_by(Action.due_date, Action.id)
    ).all()
    return {
        "criteria": [{"due_date": d, "code": c, "round_id": r, "round": n} for d, c, r, n in criteria],
        "actions": [{"due_date": d, "text": t, "plan_id": p} for d, t, p in actions],
    }


def latest_result(hospital_id: int) -> dict[str, Any] | None:
    """The latest locked round (else the latest round) with its summary."""
    round_ = db.session.scalar(
        sa.select(Round).where(Round.hospital_id == hospital_id, levels_rounds())
        .order_by((Round.status == "locked").desc(), Round.year.desc(), Round.id.desc()).limit(1))
    if round_ is None:
        return None
    return {"round": round_, "summary": summarize_round(round_)}


def plan_progress(hospital_id: int, year: int) -> dict[str, Any] | None:
    """The latest plan (of `year` or before): its status and how many of its actions are done."""
    plan = db.session.scalar(sa.select(Plan).where(Plan.hospital_id == hospital_id, Plan.year <= year).order_by(Plan.year.desc()).limit(1))
    if plan is None:
        return None
    counts = dict(db.session.execute(
        sa.select(Action.status, sa.func.count()).join(PlanEntry, PlanEntry.id == Action.entry_id)
        .where(PlanEntry.plan_id == plan.id).group_by(Action.status)).all())
    return {"plan": plan, "done": counts.get("done", 0), "actions": sum(counts.values())}


def plans_to_approve(hospital_id: int) -> list[Plan]:
    return list(db.session.scalars(sa.select(Plan).where(Plan.hospital_id == hospital_id, Plan.status == "draft").order_by(Plan.year.desc())))


def hospitals() -> list[Hospital]:
    return list(db.session.scalars(sa.select(Hospital).order_by(Hospital.name)))


def team_rounds(user: User) -> list[Round]:
    """An inspector's team rounds in the hospitals it is given, latest first."""
    ids = user.inspected_hospital_ids
    if not ids:
        return []
    return list(db.session.scalars(
        sa.select(Round).where(Round.hospital_id.in_(ids), Round.province_team.is_(True)).order_by(Round.year.desc(), Round.id.desc())))


def home_for(user: User) -> dict[str, Any]:
    """The blocks of the user's home page, by what the role does (a role's block needs a hospital unless it is the province's)."""
    blocks: dict[str, Any] = {"cards": cards_for(user)}
    if user.role == roles.PROVINCE or user.can("province.view"):
        blocks["hospitals"] = hospitals()
    if user.can("inspection.write"):
        blocks["inspections"] = team_rounds(user)
    hospital = user.hospital
    if hospital is None:
        return blocks
    today = clock.today(hospital)
    blocks["today"] = today
    if user.can("round.answer") and not user.can("round.answer_any"):
        blocks["my_criteria"] = my_criteria(user, today)
    if user.can("xsd.audit"):
        blocks["xsd_schedule"] = xsd.schedule(hospital.id, today)
    if user.can("round.review"):
        blocks["review_count"], blocks["review"] = waiting_for_review(hospital.id)
        open_rounds = _open_rounds(hospital.id)
        if open_rounds:
            blocks["progress_round"], blocks["chapters"] = open_rounds[0], chapter_progress(open_rounds[0])
        blocks["overdue"] = overdue_work(hospital.id, today)
    if user.role == roles.DIRECTOR:
        blocks["latest"] = latest_result(hospital.id)
        blocks["plan"] = plan_progress(hospital.id, today.year)
        blocks["to_approve"] = plans_to_approve(hospital.id)
    if user.role == roles.ADMIN:
        blocks["accounts"] = db.session.scalar(sa.select(sa.func.count()).select_from(User).where(User.hospital_id == hospital.id, User.active))
    return blocks
