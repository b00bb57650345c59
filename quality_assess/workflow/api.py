"""JSON API of the team workflow (review transitions, evidence list), under /api/v1."""
from __future__ import annotations

from typing import Annotated

import pydantic
from flask import Blueprint, jsonify, url_for
from flask_login import current_user

from quality_assess import bodies, clock, limits
from quality_assess.assessments.models import Round
from quality_assess.web.access import require, scoped_or_404
from quality_assess.workflow.evidence import list_evidence
from quality_assess.workflow.operations import review, review_many
from quality_assess.workflow.routes import round_result

bp = Blueprint("workflow_api", __name__)
Code = Annotated[str, pydantic.Field(max_length=limits.ITEM_KEY_MAX)]  # a criterion code, an action


class ReviewBody(bodies.Body):
    """{"action": "submit"|"approve"|"return", "comment": "...", "version": n (optional)}; `review` checks the action."""

    model_config = pydantic.ConfigDict(extra="ignore")  # other keys have always been ignored here

    action: str
    comment: bodies.Comment = ""
    version: bodies.Version | None = None


@bp.route("/rounds/<int:round_id>/results/<code>/review", methods=["POST"])
@require("round.answer")  # the finer rights (assigned criterion, `round.review`) are checked by `review`
def review_result(round_id: int, code: str):
    """{"action": "submit"|"approve"|"return", "comment": "...", "version": n (optional)} → the criterion's review state."""
    result = round_result(round_id, code)
    body = bodies.parse(ReviewBody)
    # A refusal becomes {"error", "field"} + its status in quality_assess.web.refusals.
    review(result, body.action, user=current_user, comment=body.comment, expected_version=body.version)
    return jsonify(criterion=code, review_status=result.review_status, review_comment=result.review_comment, version=result.version)


class BulkReviewBody(bodies.Body):
    """{"action": "approve"|"return", "criteria": ["A1.1", …], "comment": "...", "versions": {"A1.1": n} (optional)}"""

    action: Code
    criteria: list[Code] = pydantic.Field(max_length=500)
    comment: bodies.Comment = ""
    versions: dict[Code, bodies.Version] = {}


@bp.route("/rounds/<int:round_id>/reviews", methods=["POST"])
@require("round.review")
def bulk_review(round_id: int):
    """Approve or return many criteria at once → each criterion's outcome. All or nothing: when any is
    refused nothing is written, and the refusal (status of the refusals, "refused": [codes],
    "results": [{"criterion", "outcome": "refused", "error"} | {"criterion", "outcome": "not_written"}])
    names each one."""
    round_ = scoped_or_404(Round, round_id)
    body = bodies.parse(BulkReviewBody)
    done = review_many(round_, body.action, body.criteria, user=current_user, comment=body.comment, versions=body.versions)
    return jsonify(round=round_.id, action=body.action, results=[
        {"criterion": r.criterion.code, "outcome": r.review_status, "review_status": r.review_status,
         "review_comment": r.review_comment, "version": r.version}
        for r in done
    ])


@bp.route("/rounds/<int:round_id>/results/<code>/evidence")
@require("round.view")
def evidence(round_id: int, code: str):
    result = round_result(round_id, code)
    return jsonify(evidence=[
        {"id": e.id, "name": e.original_name, "mimetype": e.mimetype, "size": e.size, "sha256": e.sha256,
         "sub_item": e.sub_item.code if e.sub_item else None, "uploaded_at": clock.iso(e.uploaded_at, result.round.hospital),
         "url": url_for("workflow.download_evidence", evidence_id=e.id)}
        for e in list_evidence(result.round_id, result.criterion_id)
    ])
