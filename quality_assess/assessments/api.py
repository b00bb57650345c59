"""JSON API for rounds and results (`Authorization: Bearer <token>`)."""
from __future__ import annotations

from functools import wraps
from typing import Any, Callable

import sqlalchemy as sa
from flask import Blueprint, jsonify, request
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from quality_assess.assessments import queries, scoring, signals
from quality_assess.assessments.models import Round
from quality_assess.assessments.operations import Answer, create_round, save_result, summarize_round
from quality_assess.catalog.models import Chapter, Criterion
from quality_assess.database import db
from quality_assess.domain import DomainError, ValidationError
from quality_assess.org.models import Hospital
from quality_assess.web.access import scoped_or_404

bp = Blueprint("assessments_api", __name__)

ANSWER_FORMS = ({"not_applicable", "reason"}, {"level1_finding", "met"}, {"items"})
OPTIONAL_KEYS = {"note", "version"}


def api_require(capability: str) -> Callable:
    """Like web.access.require, but answering JSON 401/403 instead of redirecting."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return jsonify(error="Cần xác thực bằng Authorization: Bearer <token>."), 401
            if not current_user.can(capability):
                return jsonify(error="Bạn không có quyền thực hiện thao tác này."), 403
            return view(*args, **kwargs)

        return wrapped

    return decorator


def bad(field: str, message: str, **params: Any) -> ValidationError:
    return ValidationError("Trường “%(name)s”: " + message, field=field, name=field, **params)


def json_object() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationError("Nội dung yêu cầu phải là một đối tượng JSON.", field="body")
    return body


@bp.get("/catalog")
@api_require("round.view")
def catalog():
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
    return {"id": r.id, "name": r.name, "year": r.year, "kind": r.kind, "status": r.status}


@bp.get("/rounds")
@api_require("round.view")
def rounds():
    if current_user.hospital_id is None:
        return jsonify(rounds=[])
    rows = db.session.scalars(
        sa.select(Round).where(Round.hospital_id == current_user.hospital_id).order_by(Round.year.desc(), Round.id.desc())
    )
    return jsonify(rounds=[round_json(r) for r in rows])


@bp.post("/rounds")
@api_require("round.manage")
def create():
    hospital = db.session.get(Hospital, current_user.hospital_id) if current_user.hospital_id else None
    if hospital is None:
        return jsonify(error="Tài khoản không thuộc bệnh viện nào."), 403
    # A refusal (DomainError) becomes {"error", "field"} + its status in quality_assess.web.refusals.
    body = json_object()
    unknown = sorted(set(body) - {"name", "year", "kind"})
    if unknown:
        raise bad(unknown[0], "không được hỗ trợ.")
    if not isinstance(body.get("name"), str):
        raise bad("name", "phải là một chuỗi.")
    if not isinstance(body.get("year"), int) or isinstance(body.get("year"), bool):
        raise bad("year", "phải là một số nguyên, ví dụ 2026.")
    round_ = create_round(hospital, name=body["name"], year=body["year"], kind=body.get("kind", "self"), user=current_user)
    return jsonify(round_json(round_)), 201


def answer_from_body(body: dict[str, Any]) -> tuple[Answer, int | None]:
    """Exactly one of the three answer forms, plus optional note and version; anything else is refused."""
    unknown = sorted(set(body) - set().union(*ANSWER_FORMS) - OPTIONAL_KEYS)
    if unknown:
        raise bad(unknown[0], "không được hỗ trợ.")
    forms = [f for f in ANSWER_FORMS if f & set(body)]
    if len(forms) != 1:
        raise ValidationError(
            "Cần đúng một trong ba dạng: {not_applicable, reason}, {level1_finding, met} hoặc {items}.", field="body"
        )
    note = body.get("note")
    if note is not None and not isinstance(note, str):
        raise bad("note", "phải là một chuỗi.")
    version = body.get("version")
    if version is not None and (not isinstance(version, int) or isinstance(version, bool)):
        raise bad("version", "phải là một số nguyên.")

    if "items" in body:
        items = body["items"]
        if not isinstance(items, dict):
            raise bad("items", "phải là một đối tượng {mã tiểu mục: giá trị}.")
        for code, value in items.items():
            if value is not None and not isinstance(value, str):
                raise bad(f"items.{code}", "phải là present/absent (Mức 1) hoặc met/unmet/na.")
        return Answer(items=items, note=note), version
    if "not_applicable" in body or "reason" in body:
        if body.get("not_applicable") is not True:
            raise bad("not_applicable", "phải là true (để bỏ đánh dấu, gửi câu trả lời theo mức hoặc tiểu mục).")
        reason = body.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise bad("reason", "cần ghi lý do khi đánh dấu tiêu chí không áp dụng.")
        return Answer(not_applicable=True, na_reason=reason, note=note), version
    finding = body.get("level1_finding")
    if finding is not None and not isinstance(finding, bool):
        raise bad("level1_finding", "phải là true, false hoặc null.")
    met_body = body.get("met", {})
    if not isinstance(met_body, dict):
        raise bad("met", "phải là một đối tượng {\"2\": true, …}.")
    met: dict[int, bool | None] = {}
    for key, value in met_body.items():
        if key not in {str(n) for n in scoring.UPPER_LEVELS}:
            raise bad(f"met.{key}", "mức phải là 2, 3, 4 hoặc 5.")
        if value is not None and not isinstance(value, bool):
            raise bad(f"met.{key}", "phải là true, false hoặc null.")
        met[int(key)] = value
    return Answer(finding=finding, met=met, note=note), version


@bp.put("/rounds/<int:round_id>/results/<code>")
@api_require("round.view")
def put_result(round_id: int, code: str):
    round_ = scoped_or_404(Round, round_id)
    result = db.one_or_404(queries.result_select(round_, code))
    if not signals.may_answer(current_user, result):
        return jsonify(error="Bạn không có quyền thay đổi câu trả lời của tiêu chí này."), 403
    try:  # refusals answer in quality_assess.web.refusals (a stale edit with the current version and level)
        answer, version = answer_from_body(json_object())
        save_result(result, answer, user=current_user, expected_version=version)
    except DomainError as exc:
        if exc.field == "na_reason":
            exc.field = "reason"  # the API's name for it
        raise
    return jsonify(code=code, level=result.level, version=result.version)


@bp.get("/rounds/<int:round_id>/summary")
@api_require("round.view")
def summary(round_id: int):
    round_ = scoped_or_404(Round, round_id)
    return jsonify(summarize_round(round_).as_dict())
