"""JSON API for rounds and results (`Authorization: Bearer <token>`)."""
from __future__ import annotations

from functools import wraps
from typing import Annotated, Any, Literal
from collections.abc import Callable

import pydantic
import sqlalchemy as sa
from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from quality_assess import bodies, clock, limits
from quality_assess.assessments import items as framework_items
from quality_assess.assessments import queries, scoring, signals
from quality_assess.assessments.models import ItemResult, Result, Round
from quality_assess.assessments.operations import (
    Answer, confirm_result, create_round, patched_answer, round_summary_dict, save_result, stored_items,
)
from quality_assess.catalog.models import QD6858, Chapter, Criterion, Framework, FrameworkItem
from quality_assess.database import db
from quality_assess.domain import DomainError, ValidationError
from quality_assess.org.models import Hospital
from quality_assess.web.access import scoped_or_404

bp = Blueprint("assessments_api", __name__)


# ---------------------------------------------------------------- request bodies


class RoundBody(bodies.Body):
    """POST /rounds. The operation checks the values (a name, a year 2000–2100, a known kind)."""

    name: bodies.Name
    year: int
    kind: str = "self"
    source_round: bodies.Id | None = None   # start from this earlier round of the hospital (notes and N/A)
    carry_answers: bool = False       # ... and its answers, each criterion to be confirmed again
    framework: Annotated[str, pydantic.Field(max_length=20)] | None = None  # "qd6858" (default) or "tt35"


class ItemAnswerBody(bodies.Body):
    """PUT /rounds/<id>/results/<item> of a TT 35 round: "na" needs a reason (checked by the operation)."""

    answer: Literal["yes", "no", "na"] | None
    reason: bodies.Reason = ""
    note: bodies.Note | None = None          # None keeps the stored note
    evidence: bodies.Note | None = None      # None keeps the stored evidence
    version: bodies.Version | None = None    # the version the client saw: a newer one answers 409


class AnswerBody(bodies.Body):
    note: bodies.Note | None = None          # None keeps the stored note
    version: bodies.Version | None = None    # the version the client saw: a newer one answers 409


class NotApplicableBody(AnswerBody):
    not_applicable: Literal[True]    # to clear it, send an answer per level or per sub-item
    reason: Annotated[bodies.Reason, pydantic.AfterValidator(bodies.blank_refused)]


class LevelsBody(AnswerBody):
    level1_finding: bool | None = None
    met: dict[Literal["2", "3", "4", "5"], bool | None] = {}


class ItemsBody(AnswerBody):
    items: dict[Annotated[str, pydantic.Field(max_length=limits.ITEM_KEY_MAX)], str | None]  # sub-item code → present/absent (Mức 1), met/unmet/na, or null to clear


# Which keys choose which form of answer.
ANSWER_FORMS: dict[type[AnswerBody], set[str]] = {
    NotApplicableBody: {"not_applicable", "reason"}, LevelsBody: {"level1_finding", "met"}, ItemsBody: {"items"},
}


def answer_model(data: dict[str, Any]) -> type[AnswerBody]:
    """The form the body's keys choose; an unknown key, or none or several forms, is refused."""
    known = set().union(*ANSWER_FORMS.values()) | set(AnswerBody.model_fields)
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValidationError("Trường “%(name)s” không được hỗ trợ.", field=unknown[0], name=unknown[0])
    chosen = [model for model, keys in ANSWER_FORMS.items() if keys & set(data)]
    if len(chosen) != 1:
        raise ValidationError(
            "Cần đúng một trong ba dạng: {not_applicable, reason}, {level1_finding, met} hoặc {items}.", field="body"
        )
    return chosen[0]

def api_require(capability: str) -> Callable:
    """Like web.access.require, but answering JSON 401/403 (in the user's language) instead of redirecting."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return jsonify(error=_("Cần xác thực bằng Authorization: Bearer <token>.")), 401
            if not current_user.can(capability):
                return jsonify(error=_("Bạn không có quyền thực hiện thao tác này.")), 403
            return view(*args, **kwargs)

        return wrapped

    return decorator


@bp.get("/frameworks")
@api_require("round.view")
def frameworks():
    """Every framework of the installation, with its kind of answer and how many criteria or items it has."""
    counts = dict(db.session.execute(
        sa.select(FrameworkItem.framework_id, sa.func.count()).group_by(FrameworkItem.framework_id)).all())
    criteria = db.session.scalar(sa.select(sa.func.count()).select_from(Criterion)) or 0
    return jsonify(frameworks=[
        {"code": f.code, "name": f.name, "version": f.version, "kind": f.kind,
         "items": criteria if f.kind == "levels" else counts.get(f.id, 0)}
        for f in framework_items.frameworks()
    ])


def framework_catalog(framework: Framework) -> dict[str, Any]:
    return {"framework": framework.code, "items": [
        {"code": i.code, "group": i.group_code, "group_name": i.group_name, "heading": i.heading, "title": i.title,
         "provenance": i.provenance}
        for i in framework_items.framework_items(framework)
    ]}


@bp.get("/catalog")
@api_require("round.view")
def catalog():
    code = request.args.get("framework")
    if code is not None and code != QD6858:
        framework = framework_items.framework_by_code(code[:20])
        if framework.kind == "yes_no_na":
            return jsonify(framework_catalog(framework))
    criteria = db.session.scalars(
        sa.select(Criterion).options(joinedload(Criterion.chapter).joinedload(Chapter.part), selectinload(Criterion.sub_items))
        .order_by(Criterion.position)
    ).unique()
    out = []
    for c in criteria:
        items: dict[str, list[dict[str, str]]] = {str(n): [] for n in scoring.LEVELS}
        for s in c.sub_items:
            items[str(s.level)].append({"code": s.code, "text": s.text})
        out.append({"code": c.code, "part": c.chapter.part.code, "chapter": c.chapter.code, "title": c.title,
                    "coefficient": c.coefficient, "sub_items": items})
    return jsonify(criteria=out)


def round_json(r: Round) -> dict[str, Any]:
    return {"id": r.id, "name": r.name, "year": r.year, "kind": r.kind, "status": r.status,
            "locked_at": clock.iso(r.locked_at, r.hospital), "source_round": r.source_round_id,
            "framework": r.framework.code}


@bp.get("/rounds")
@api_require("round.view")
def rounds():
    if current_user.hospital_id is None:
        return jsonify(rounds=[])
    rows = db.session.scalars(
        sa.select(Round).where(Round.hospital_id == current_user.hospital_id).options(joinedload(Round.framework))
        .order_by(Round.year.desc(), Round.id.desc())
    )
    return jsonify(rounds=[round_json(r) for r in rows])


@bp.post("/rounds")
@api_require("round.manage")
def create():
    hospital = db.session.get(Hospital, current_user.hospital_id) if current_user.hospital_id else None
    if hospital is None:
        return jsonify(error=_("Tài khoản không thuộc bệnh viện nào.")), 403
    # A refusal (DomainError) becomes {"error", "field"} + its status in quality_assess.web.refusals.
    body = bodies.parse(RoundBody)
    source = scoped_or_404(Round, body.source_round) if body.source_round is not None else None
    framework = framework_items.framework_by_code(body.framework)
    round_ = create_round(hospital, name=body.name, year=body.year, kind=body.kind, user=current_user,
                          source=source, carry_answers=body.carry_answers, framework=framework)
    return jsonify(round_json(round_)), 201


def answer_from_body(data: dict[str, Any], result: Result, *, patch: bool) -> tuple[Answer, int | None]:
    """Exactly one of the three answer forms, plus optional note and version; anything else is refused.

    PUT (`patch=False`) replaces the whole answer: what the body does not name becomes unanswered.
    PATCH changes only what the body names and keeps the rest of the stored answer."""
    body = bodies.validate(answer_model(data), data)
    if isinstance(body, NotApplicableBody):
        return Answer(not_applicable=True, na_reason=body.reason, note=body.note), body.version
    if isinstance(body, ItemsBody):
        if patch:
            return patched_answer(result, items=dict(body.items), note=body.note), body.version
        return Answer(items=dict(body.items), note=body.note), body.version
    assert isinstance(body, LevelsBody)
    levels: dict[int, bool | None] = {int(n): value for n, value in body.met.items()}
    if not patch or "level1_finding" in body.model_fields_set:
        levels[1] = body.level1_finding
    if patch:
        return patched_answer(result, levels=levels, note=body.note), body.version
    return Answer(finding=levels[1], met={n: v for n, v in levels.items() if n != 1}, note=body.note), body.version


def unanswered(result: Result) -> list[str]:
    """What is still unanswered, in the body's names: sub-item codes, or "level1_finding" and "met.N"."""
    if result.not_applicable:
        return []
    if result.criterion.sub_items:
        return [code for code, value in stored_items(result).items() if value is None]
    names = ["level1_finding"] if result.finding_l1 is None else []
    return names + [f"met.{n}" for n in scoring.UPPER_LEVELS if result.met[n] is None]


def _save(round_id: int, code: str, *, patch: bool):
    round_ = scoped_or_404(Round, round_id)
    result = db.one_or_404(queries.result_select(round_, code))
    if not signals.may_answer(current_user, result):
        return jsonify(error=_("Bạn không có quyền thay đổi câu trả lời của tiêu chí này.")), 403
    try:  # refusals answer in quality_assess.web.refusals (a stale edit with the current version and level)
        answer, version = answer_from_body(bodies.json_object(), result, patch=patch)
        save_result(result, answer, user=current_user, expected_version=version)
    except DomainError as exc:
        if exc.field == "na_reason":
            exc.field = "reason"  # the API's name for it
        raise
    return jsonify(code=code, level=result.level, version=result.version, unanswered=unanswered(result))


def answer_json(result: Result) -> dict[str, Any]:
    """The stored answer in the shape PUT takes it."""
    if result.not_applicable:
        return {"not_applicable": True, "reason": result.na_reason}
    if result.criterion.sub_items:
        return {"items": stored_items(result)}
    return {"level1_finding": result.finding_l1, "met": {str(n): result.met[n] for n in scoring.UPPER_LEVELS}}


def result_json(result: Result) -> dict[str, Any]:
    return {
        "code": result.criterion.code, "answer": answer_json(result), "note": result.note, "level": result.level,
        "version": result.version, "review_status": result.review_status,
        "needs_confirmation": result.needs_confirmation, "unanswered": unanswered(result),
    }


def item_json(row: ItemResult) -> dict[str, Any]:
    return {"code": row.item.code, "group": row.item.group_code, "title": row.item.title, "provenance": row.item.provenance,
            "answer": row.answer, "reason": row.reason, "note": row.note, "evidence": row.evidence,
            "version": row.version, "review_status": row.review_status}


def _save_item(round_: Round, code: str):
    row = db.one_or_404(framework_items.item_result_select(round_, code))
    if not current_user.can("round.answer"):
        return jsonify(error=_("Bạn không có quyền thay đổi câu trả lời của mục này.")), 403
    body = bodies.parse(ItemAnswerBody)
    framework_items.save_item(
        row, framework_items.ItemAnswer(answer=body.answer, reason=body.reason, note=body.note, evidence=body.evidence),
        user=current_user, expected_version=body.version,
    )
    return jsonify(item_json(row))


@bp.get("/rounds/<int:round_id>/results/<code>")
@api_require("round.view")
def get_result(round_id: int, code: str):
    """One criterion's stored answer, level, version, review status and whether it awaits confirmation."""
    round_ = scoped_or_404(Round, round_id)
    if round_.yes_no:
        return jsonify(item_json(db.one_or_404(framework_items.item_result_select(round_, code))))
    return jsonify(result_json(db.one_or_404(queries.result_select(round_, code))))


class ConfirmBody(bodies.Body):
    version: bodies.Version | None = None   # the version the client saw: a newer one answers 409


@bp.post("/rounds/<int:round_id>/results/<code>/confirm")
@api_require("round.view")
def confirm(round_id: int, code: str):
    """Confirm a carried criterion unchanged (its answers and level stay)."""
    round_ = scoped_or_404(Round, round_id)
    result = db.one_or_404(queries.result_select(round_, code))
    if not signals.may_answer(current_user, result):
        return jsonify(error="Bạn không có quyền thay đổi câu trả lời của tiêu chí này."), 403
    body = bodies.parse(ConfirmBody)
    confirm_result(result, user=current_user, expected_version=body.version)
    return jsonify(result_json(result))


@bp.put("/rounds/<int:round_id>/results/<code>")
@api_require("round.view")
def put_result(round_id: int, code: str):
    """Replace the criterion's whole answer; the level is computed here from it. An item of a TT 35 round
    takes {"answer": "yes"|"no"|"na", "reason", "note", "evidence", "version"}."""
    round_ = scoped_or_404(Round, round_id)
    if round_.yes_no:
        return _save_item(round_, code)
    return _save(round_id, code, patch=False)


@bp.patch("/rounds/<int:round_id>/results/<code>")
@api_require("round.view")
def patch_result(round_id: int, code: str):
    """Change only the named per-level answers or sub-items; the level is computed here from the whole answer."""
    return _save(round_id, code, patch=True)


@bp.get("/rounds/<int:round_id>/summary")
@api_require("round.view")
def summary(round_id: int):
    round_ = scoped_or_404(Round, round_id)
    return jsonify(round_summary_dict(round_))
