"""JSON sync API of Xanh – Sạch – Đẹp audits, under /api/v1/xsd (the phone's offline page, static/js/offline.js).

Authenticated like every API: the browser's session cookie with its CSRF token in `X-CSRFToken`, or an
API token (`Authorization: Bearer`). A refusal is `{"error", "field"}` with its status (web/refusals.py);
a conflict (409) also carries the audit as it is now under "current".
"""
from __future__ import annotations

from typing import Annotated

import pydantic
from flask import Blueprint, jsonify, request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from quality_assess import bodies, limits
from quality_assess.checklists import sync
from quality_assess.checklists.models import Audit, ChecklistTemplate
from quality_assess.database import db
from quality_assess.domain import ValidationError
from quality_assess.org.models import Department, Hospital
from quality_assess.web.access import hospital_id, require, scoped_or_404

bp = Blueprint("checklists_api", __name__)

ClientId = Annotated[str, pydantic.Field(max_length=36)]
ItemKey = Annotated[str, pydantic.Field(max_length=limits.ITEM_KEY_MAX)]


class AnswerBody(bodies.Body):
    choice: Annotated[str, pydantic.Field(max_length=4)] = ""
    note: bodies.Comment = ""


Answers = Annotated[dict[ItemKey, AnswerBody], pydantic.Field(max_length=500)]


class NewAuditBody(bodies.Body):
    """{"client_id": uuid, "department_id", "template_id", "audit_date": "YYYY-MM-DD", "answers": {item id: {"choice", "note"}}, "submit"}"""

    client_id: ClientId
    department_id: bodies.Id
    template_id: bodies.Id
    audit_date: Annotated[str, pydantic.Field(max_length=10)]
    answers: Answers = {}
    submit: bool = False


class AuditChangeBody(bodies.Body):
    """{"base_version": n, "answers": {item id: {"choice", "note"}}, "submit": false}"""

    base_version: bodies.Version
    answers: Answers = {}
    submit: bool = False


def _state(audit: Audit, status: int = 200):
    state = sync.audit_state(audit)
    state["url"] = url_for("checklists.audit", audit_id=audit.id)
    return jsonify(state), status


@bp.route("/xsd/offline-kit")
@require("xsd.audit")
def offline_kit():
    """What the phone needs to start an audit with no network: the hospital's departments, its templates
    (newest versions, with their items) and bands."""
    kit = sync.offline_kit(db.get_or_404(Hospital, hospital_id()))
    kit["csrf_token"] = generate_csrf()  # fresh: the page may have been served from the service worker's cache
    return jsonify(kit)


@bp.route("/xsd/audits", methods=["POST"])
@require("xsd.audit")
def create_audit():
    """An audit started on the phone → 201 with the audit, or 200 with the one already made for this client id."""
    body = bodies.parse(NewAuditBody)
    hid = hospital_id()
    department = scoped_or_404(Department, body.department_id)
    template = db.get_or_404(ChecklistTemplate, body.template_id)
    audit, created = sync.create_synced(hospital_id=hid, client_id=body.client_id, department=department, template=template,
                                        audit_date=body.audit_date, answers=_plain(body.answers), submit=body.submit, user=current_user)
    return _state(audit, 201 if created else 200)


@bp.route("/xsd/audits/<int:audit_id>", methods=["GET", "PUT"])
@require(read="xsd.view", write="xsd.audit")
def audit(audit_id: int):
    """GET: the audit as the phone keeps it. PUT: a change based on `base_version` → the audit, or 409 with "current"."""
    audit = scoped_or_404(Audit, audit_id)
    if request.method == "PUT":
        body = bodies.parse(AuditChangeBody)
        sync.update_synced(audit, base_version=body.base_version, answers=_plain(body.answers), submit=body.submit, user=current_user)
    return _state(audit)


@bp.route("/xsd/audits/<int:audit_id>/photos", methods=["POST"])
@require("xsd.audit")
def add_photo(audit_id: int):
    """multipart: client_id, item_id, photo → 201 when stored, 200 when this photo was stored before."""
    audit = scoped_or_404(Audit, audit_id)
    client_id = request.form.get("client_id", "")
    item_id = request.form.get("item_id", "")
    if not (item_id.isascii() and item_id.isdigit()) or int(item_id) > limits.ID_MAX:
        raise ValidationError("Trường “%(name)s” phải là một số nguyên.", field="item_id", name="item_id")
    upload = request.files.get("photo")
    data = upload.read() if upload is not None else b""
    audit, stored = sync.add_photo(audit, item_id=int(item_id), client_id=client_id[:40], data=data, user=current_user)
    return _state(audit, 201 if stored else 200)


def _plain(answers: dict[str, AnswerBody]) -> dict[str, dict[str, str]]:
    return {key: {"choice": a.choice, "note": a.note} for key, a in answers.items()}
