"""Audits kept on a phone without network and sent when it returns (static/js/offline.js).

Safe sync: an audit started offline carries the id the browser gave it (`client_id`), so sending it twice
creates it once; a change carries the version it was based on, and a newer version on the server is a
conflict (`AuditConflict`, 409 with the audit as it is now) that the user settles, never overwritten
silently; a photo carries its own id, so it is stored once however often it is sent.
Operations validate, change and flush like every other write (the request commits).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

import sqlalchemy as sa

from quality_assess import clock
from quality_assess.auth.models import User
from quality_assess.checklists import operations
from quality_assess.checklists.models import Answer, Audit, ChecklistTemplate
from quality_assess.checklists.operations import ItemInput, Photo
from quality_assess.database import db
from quality_assess.domain import StaleEdit, ValidationError
from quality_assess.i18n import N_, nfc
from quality_assess.org.models import Department, Hospital

CLIENT_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class AuditConflict(StaleEdit):
    """The audit changed on the server since the version the phone's change was based on."""

    def __init__(self, audit: Audit) -> None:
        super().__init__(N_("Phiếu kiểm tra đã được người khác thay đổi trong lúc bạn ngoại tuyến: hãy chọn giữ bản của bạn "
                            "hoặc lấy bản trên máy chủ."), current=audit, field="base_version")

    def details(self) -> dict[str, Any]:
        # Read after the refusal's rollback: the audit as it is stored now.
        return {"current": audit_state(self.current)}


def audit_state(audit: Audit) -> dict[str, Any]:
    """The audit as the phone keeps it: answers by item id ({"choice", "note", "photo"})."""
    result = operations.audit_result(audit)
    return {
        "id": audit.id, "client_id": audit.client_id, "version": audit.version, "status": audit.status,
        "department_id": audit.department_id, "department": audit.department.name, "template_id": audit.template_id,
        "audit_date": audit.audit_date.isoformat(), "score": result.score,
        "answers": {str(a.item_id): {"choice": a.choice, "note": a.note, "photo": bool(a.photo_name)} for a in audit.answers},
    }


def offline_kit(hospital: Hospital) -> dict[str, Any]:
    """What a phone needs to start an audit with no network: the hospital's departments, its templates
    (newest versions, with their items), its bands and its date."""
    departments = db.session.scalars(
        sa.select(Department).where(Department.hospital_id == hospital.id, Department.active).order_by(Department.name))
    return {
        "today": clock.today(hospital).isoformat(),  # the hospital's date: the phone counts on from it offline
        "bands": hospital.xsd_bands,
        "departments": [{"id": d.id, "name": d.name} for d in departments],
        "templates": [{
            "id": t.id, "label": t.label,
            "groups": [{"id": g.id, "name": g.name, "items": [
                {"id": i.id, "code": i.code, "text": i.text, "max_points": i.max_points, "critical": i.critical, "guidance": i.guidance}
                for i in g.items]} for g in t.groups],
        } for t in operations.templates_for(hospital.id)],
    }


def check_client_id(value: str, field: str = "client_id") -> str:
    if not CLIENT_ID.match(value):
        raise ValidationError("Trường “%(name)s” phải là một mã UUID (chữ thường).", field=field, name=field)
    return value


def _inputs(audit: Audit, answers: Mapping[str, Mapping[str, str]]) -> dict[int, ItemInput]:
    """The phone's answers as a save's inputs. The phone sends back the whole audit; in a team's draft audit
    an answer it did not change is left out, so the other members' items it carries unchanged are not a
    change of theirs (operations.save_answers refuses a member's change of another member's item)."""
    items = {str(item.id): item for item in audit.template.items}
    team_draft = audit.team is not None and not audit.submitted
    inputs = {}
    for key, given in answers.items():
        item = items.get(key)
        if item is None:
            path = "answers." + key
            raise ValidationError("Trường “%(name)s”: mục không thuộc mẫu bảng kiểm của phiếu này.", field=path, name=path)
        choice, note = given.get("choice", ""), given.get("note", "")
        if team_draft and _unchanged(audit.answer_for(item.id), choice, note):
            continue
        inputs[item.id] = ItemInput(choice=choice, note=note)
    return inputs


def _unchanged(answer: Answer | None, choice: str, note: str) -> bool:
    stored = (answer.choice, answer.note) if answer is not None else ("", "")
    return ((choice or "").strip(), nfc(note) or "") == stored


def _audit_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError("Trường “%(name)s” phải là một ngày dạng YYYY-MM-DD.", field="audit_date", name="audit_date") from None


def _save(audit: Audit, answers: Mapping[str, Mapping[str, str]], submit: bool, user: User) -> None:
    operations.save_answers(audit, _inputs(audit, answers), user=user)
    if submit and not audit.submitted:
        operations.submit_audit(audit, user=user)


def create_synced(*, hospital_id: int, client_id: str, department: Department, template: ChecklistTemplate, audit_date: str,
                  answers: Mapping[str, Mapping[str, str]], submit: bool, user: User) -> tuple[Audit, bool]:
    """The audit a phone started offline → (audit, created). Sent again with the same client id, the audit
    made the first time comes back unchanged (the phone then sends its later changes with a version)."""
    check_client_id(client_id)
    existing = db.session.scalar(sa.select(Audit).where(Audit.hospital_id == hospital_id, Audit.client_id == client_id))
    if existing is not None:
        return existing, False
    audit = operations.create_audit(hospital_id=hospital_id, department=department, template=template,
                                    audit_date=_audit_date(audit_date), user=user)
    audit.client_id = client_id
    _save(audit, answers, submit, user)
    db.session.flush()
    return audit, True


def update_synced(audit: Audit, *, base_version: int, answers: Mapping[str, Mapping[str, str]], submit: bool, user: User) -> Audit:
    """A change made offline to the audit as it was at `base_version`; a newer audit is a conflict."""
    if base_version != audit.version:
        raise AuditConflict(audit)
    _save(audit, answers, submit, user)
    return audit


def add_photo(audit: Audit, *, item_id: int, client_id: str, data: bytes, user: User) -> tuple[Audit, bool]:
    """A photo taken offline for one item → (audit, stored). The same photo sent again is not stored twice."""
    check_client_id(client_id)
    item = next((i for i in audit.template.items if i.id == item_id), None)
    if item is None:
        raise ValidationError("Trường “%(name)s”: mục không thuộc mẫu bảng kiểm của phiếu này.", field="item_id", name="item_id")
    answer = audit.answer_for(item.id)
    if answer is not None and answer.photo_client_id == client_id:
        return audit, False
    if not data:
        raise ValidationError("Trường “%(name)s”: hãy chọn một ảnh.", field="photo", name="photo")
    given = ItemInput(choice=answer.choice if answer else "", note=answer.note if answer else "", photo=Photo(data))
    operations.save_answers(audit, {item.id: given}, user=user)
    answer = audit.answer_for(item.id)
    assert answer is not None
    answer.photo_client_id = client_id
    db.session.flush()
    return audit, True
