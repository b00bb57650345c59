"""Reading a plan: entries with what blocks them, priorities, goals beside actual figures."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload

from quality_assess.assessments import scoring
from quality_assess.assessments.items import item_results
from quality_assess.assessments.models import ItemResult, Result, Round
from quality_assess.assessments.operations import round_scores
from quality_assess.checklists import summary as xsd
from quality_assess.database import db
from quality_assess.plans import priorities
from quality_assess.catalog.models import Chapter, Criterion, Framework, SubItem
from quality_assess.plans.models import Action, Plan, PlanEntry, ProgressNote
from quality_assess.plans.operations import targets_for

STATUS_LABELS = {"todo": _l("Chưa bắt đầu"), "doing": _l("Đang thực hiện"), "done": _l("Hoàn thành")}
PLAN_STATUS_LABELS = {"draft": _l("Dự thảo"), "approved": _l("Đã phê duyệt"), "in_progress": _l("Đang thực hiện")}
REAPPROVAL_LABEL = _l("Cần phê duyệt lại")


def plan_status_label(plan: Plan) -> str:
    """What the plan's pages, list and PDF call its state: a plan changed after its approval reads
    "Cần phê duyệt lại", never "Đã phê duyệt"."""
    return str(REAPPROVAL_LABEL if plan.needs_reapproval else PLAN_STATUS_LABELS[plan.status])


@dataclass(frozen=True)
class Blocker:
    code: str        # a sub-item code, or "Mức N" in per-level mode
    text: str


@dataclass
class EntryView:
    entry: PlanEntry
    mode: str                       # "items" when sub-items are loaded, else "levels"
    blockers: list[Blocker]
    figures: priorities.EntryFigures
    actions: list[Action] = field(default_factory=list)


@dataclass
class PlanView:
    plan: Plan
    entries: list[EntryView]
    summary: scoring.RoundSummary
    what_if: priorities.WhatIf
    targets: dict[str, Any] | None
    xsd_actual: float | None
    follow_ups: list[dict[str, Any]] = field(default_factory=list)
    # The "Không" items of the year's TT 35/2024 round: basic standards not met come before any level.
    basic_round: Round | None = None
    basic_not_met: list[ItemResult] = field(default_factory=list)

    @property
    def priorities(self) -> list[priorities.Priority]:
        return priorities.priority_order(
            (row.item.code for row in self.basic_not_met),
            ((v.entry.criterion.code, v.entry.current_level) for v in self.entries))

    @property
    def quick_wins(self) -> list[EntryView]:
        by_code = {v.figures.code: v for v in self.entries}
        return [by_code[f.code] for f in priorities.quick_wins(v.figures for v in self.entries)]


def _level_blockers(result: Result, target: int) -> list[Blocker]:
    out = []
    for n in scoring.blocking_levels(result.finding_l1, result.met, target):
        if n == 1:
            text = _("Còn phát hiện thuộc Mức 1") if result.finding_l1 else _("Chưa trả lời phát hiện Mức 1")
        else:
            text = _("Chưa đạt") if result.met[n] is False else _("Chưa đánh giá")
        out.append(Blocker(_("Mức %(n)s", n=n), text))
    return out


def _item_list(result: Result, sub_items: list[SubItem]) -> list[tuple[Any, str | None]]:
    values = {a.sub_item_id: a.value for a in result.item_answers}
    return [(s, values.get(s.id)) for s in sub_items]


def _item_blockers(result: Result, sub_items: list[SubItem], target: int) -> list[Blocker]:
    items = _item_list(result, sub_items)
    codes = set(priorities.blocking_items(((s.code, s.level, v) for s, v in items), target))
    out = []
    for sub, value in items:
        if sub.code in codes:
            state = _("chưa trả lời") if value is None else (_("có phát hiện") if sub.level == 1 else _("chưa đạt"))
            out.append(Blocker(sub.code, f"{sub.text} ({_('Mức %(n)s', n=sub.level)}, {state})"))
    return out


def _count(result: Result | None, sub_items: list[SubItem], mode: str, target: int) -> int:
    if result is None:
        return 0
    if mode == "items":
        return len(priorities.blocking_items(((s.code, s.level, v) for s, v in _item_list(result, sub_items)), target))
    return len(scoring.blocking_levels(result.finding_l1, result.met, target))


# What a page showing actions reads of each: loaded with them, never one query per action.
ACTION_OPTIONS = (
    selectinload(Action.department), selectinload(Action.responsible),
    selectinload(Action.notes).selectinload(ProgressNote.user),
    selectinload(Action.entry).selectinload(PlanEntry.criterion),
)


def _entries_with_actions(plan: Plan) -> tuple[list[PlanEntry], dict[int, list[Action]], dict[int, list[SubItem]]]:
    """The plan's entries (with criterion, chapter, part), their actions and their criteria's sub-items:
    three queries whatever the size of the plan."""
    entries = db.session.scalars(
        sa.select(PlanEntry).where(PlanEntry.plan_id == plan.id)
        .options(joinedload(PlanEntry.criterion).joinedload(Criterion.chapter).joinedload(Chapter.part))
    ).unique().all()
    actions: dict[int, list[Action]] = {e.id: [] for e in entries}
    for action in db.session.scalars(
        sa.select(Action).where(Action.entry_id.in_(list(actions))).order_by(Action.id)
        .options(selectinload(Action.department), selectinload(Action.responsible), selectinload(Action.notes).selectinload(ProgressNote.user))
    ):
        actions[action.entry_id].append(action)
    items: dict[int, list[SubItem]] = {e.criterion_id: [] for e in entries}
    for item in db.session.scalars(
        sa.select(SubItem).where(SubItem.criterion_id.in_(list(items)), SubItem.active).order_by(SubItem.position)
    ):
        items[item.criterion_id].append(item)
    return list(entries), actions, items


def plan_view(plan: Plan) -> PlanView:
    plan_entries, actions, sub_items = _entries_with_actions(plan)
    scores = round_scores(plan.round_id)
    results = {
        r.criterion_id: r for r in db.session.scalars(
            sa.select(Result).where(Result.round_id == plan.round_id).options(selectinload(Result.item_answers))
        )
    }
    entries = sorted(plan_entries, key=lambda e: (e.current_level, e.criterion.position))
    views = []
    for entry in entries:
        result = results.get(entry.criterion_id)
        items = sub_items[entry.criterion_id]
        mode = "items" if items else "levels"
        if result is None:
            blockers: list[Blocker] = []
        else:
            blockers = _item_blockers(result, items, entry.target_level) if mode == "items" else _level_blockers(result, entry.target_level)
        figures = priorities.EntryFigures(
            code=entry.criterion.code, current=entry.current_level, target=entry.target_level,
            coefficient=entry.criterion.coefficient,
            items_to_next=_count(result, items, mode, priorities.default_target(entry.current_level)),
            items_to_target=len(blockers), gain=priorities.gain(scores, entry.criterion.code, entry.target_level),
        )
        views.append(EntryView(entry, mode, blockers, figures, actions[entry.id]))
    goals = targets_for(plan.hospital_id, plan.year)
    return PlanView(
        plan=plan, entries=views, summary=scoring.summarize(scores),
        what_if=priorities.what_if(scores, {e.criterion.code: e.target_level for e in plan_entries}),
        targets=goals.as_dict() if goals else None,
        xsd_actual=xsd.hospital_score(plan.hospital_id, plan.year),
        follow_ups=xsd.follow_ups(plan.hospital_id, plan.year),
        **_basic_standards(plan),
    )


def _basic_standards(plan: Plan) -> dict[str, Any]:
    """The year's TT 35 round (the locked one, else the latest) and its items answered "Không"."""
    round_ = db.session.scalar(
        sa.select(Round).join(Framework, Round.framework_id == Framework.id)
        .where(Round.hospital_id == plan.hospital_id, Round.year == plan.year, Framework.kind == "yes_no_na")
        .order_by((Round.status == "locked").desc(), Round.id.desc()).limit(1))
    if round_ is None:
        return {"basic_round": None, "basic_not_met": []}
    return {"basic_round": round_, "basic_not_met": [row for row in item_results(round_) if row.answer == "no"]}


def action_rows(view: PlanView) -> list[dict[str, Any]]:
    """One row per action (an entry without actions gives one row), hierarchy kept: the PDF and XLSX content."""
    rows = []
    for ev in view.entries:
        c = ev.entry.criterion
        base = {
            "part": c.chapter.part.code, "chapter": c.chapter.code, "criterion": c.code, "title": c.title,
            "current": ev.entry.current_level, "target": ev.entry.target_level,
            "blocking": "; ".join(f"{b.code}: {b.text}" for b in ev.blockers),
        }
        actions: list[Action | None] = list(ev.actions) or [None]
        for a in actions:
            rows.append({**base, **_action_cells(a)})
    return rows


def _action_cells(a: Action | None) -> dict[str, Any]:
    if a is None:
        return {"action": "", "department": "", "responsible": "", "start": None, "due": None, "status": "", "evidence": ""}
    return {
        "action": a.text, "department": a.department.name if a.department else "",
        "responsible": a.responsible.display_name if a.responsible else "",
        "start": a.start_date, "due": a.due_date, "status": str(STATUS_LABELS[a.status]),
        "evidence": "\n".join(a.evidence_lines),
    }


def overdue(action: Action, today: date) -> bool:
    return priorities.is_overdue(action.due_date, action.status, today)
