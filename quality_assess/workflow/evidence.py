"""Evidence files (minh chứng): checked by content, stored under random names outside static/."""
from __future__ import annotations

import hashlib
import secrets
from functools import partial
from pathlib import Path
from typing import IO

import sqlalchemy as sa
from flask import current_app

from quality_assess.assessments.models import ItemResult, Result
from quality_assess.assessments.rules import ensure_editable
from quality_assess.auth.models import User
from quality_assess.database import after_commit, db
from quality_assess.domain import Forbidden, ValidationError
from quality_assess.history.models import record
from quality_assess.workflow import rules
from quality_assess.workflow.hooks import may_answer
from quality_assess.workflow.models import Evidence, ItemEvidence


def evidence_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "evidence"


def evidence_path(evidence: Evidence | ItemEvidence) -> Path:
    return evidence_folder() / evidence.stored_name


def list_evidence(round_id: int, criterion_id: int) -> list[Evidence]:
    return list(db.session.scalars(
        sa.select(Evidence).where(Evidence.round_id == round_id, Evidence.criterion_id == criterion_id).order_by(Evidence.uploaded_at, Evidence.id)
    ))


def add_evidence(result: Result, stream: IO[bytes], filename: str | None, *, user: User | None, sub_item_code: str | None = None) -> Evidence:
    """Check and store one uploaded file for a criterion (or one of its sub-items)."""
    ensure_editable(result.round, user)
    if not may_answer(user, result):
        raise Forbidden("Bạn không được giao tiêu chí %(code)s nên không thể thêm minh chứng.", code=result.criterion.code)
    sub_item = None
    if sub_item_code:
        sub_item = next((s for s in result.criterion.sub_items if s.code == sub_item_code), None)
        if sub_item is None:
            raise ValidationError("Tiểu mục %(code)s không thuộc tiêu chí %(criterion)s.", field="sub_item", code=sub_item_code, criterion=result.criterion.code)
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    data = stream.read(limit + 1)
    if not data:
        raise ValidationError("Chưa chọn tệp, hoặc tệp rỗng.", field="file")
    if len(data) > limit:
        raise ValidationError("Tệp lớn hơn giới hạn %(mb)s MB.", field="file", mb=f"{limit / 1024 / 1024:g}")
    name = rules.clean_filename(filename)
    try:
        mimetype = rules.file_mimetype(name, data)
    except rules.FileRefused as exc:
        raise ValidationError(exc.message, field="file", **exc.params) from None

    stored_name = f"{secrets.token_hex(16)}.{rules.extension(name)}"
    evidence = Evidence(
        hospital_id=result.round.hospital_id, round_id=result.round_id, criterion_id=result.criterion_id, sub_item=sub_item,
        original_name=name, stored_name=stored_name, mimetype=mimetype, size=len(data),
        sha256=hashlib.sha256(data).hexdigest(), uploaded_by_id=user.id if user else None,
    )
    db.session.add(evidence)
    db.session.flush()
    record("evidence", evidence.id, {"file": (None, name)}, user=user, hospital_id=evidence.hospital_id,
           round_id=evidence.round_id, criterion_code=result.criterion.code)
    path = evidence_path(evidence)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:
        db.session.flush()
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return evidence


def delete_evidence(evidence: Evidence, *, user: User | None) -> None:
    """Remove a file before the round is locked; the deletion stays in the audit trail."""
    ensure_editable(evidence.round, user)
    result = db.session.scalar(sa.select(Result).where(Result.round_id == evidence.round_id, Result.criterion_id == evidence.criterion_id))
    if result is None or not may_answer(user, result):
        raise Forbidden("Bạn không được giao tiêu chí %(code)s nên không thể xóa minh chứng.", code=evidence.criterion.code)
    path = evidence_path(evidence)
    record("evidence", evidence.id, {"file": (evidence.original_name, None)}, user=user, hospital_id=evidence.hospital_id,
           round_id=evidence.round_id, criterion_code=evidence.criterion.code)
    db.session.delete(evidence)
    db.session.flush()
    after_commit(lambda: path.unlink(missing_ok=True))  # the file goes only once the row is gone for good


def remove_round_files(round_id: int) -> None:
    """The files of a round about to be deleted go once the deletion is committed (the rows cascade)."""
    paths = [evidence_path(e) for e in db.session.scalars(sa.select(Evidence).where(Evidence.round_id == round_id))]
    paths += [evidence_path(e) for e in db.session.scalars(sa.select(ItemEvidence).where(ItemEvidence.round_id == round_id))]
    for path in paths:
        after_commit(partial(path.unlink, missing_ok=True))


# ---------------------------------------------------------------- files of a TT 35 item


def _checked_file(stream: IO[bytes], filename: str | None) -> tuple[bytes, str, str]:
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    data = stream.read(limit + 1)
    if not data:
        raise ValidationError("Chưa chọn tệp, hoặc tệp rỗng.", field="file")
    if len(data) > limit:
        raise ValidationError("Tệp lớn hơn giới hạn %(mb)s MB.", field="file", mb=f"{limit / 1024 / 1024:g}")
    name = rules.clean_filename(filename)
    try:
        mimetype = rules.file_mimetype(name, data)
    except rules.FileRefused as exc:
        raise ValidationError(exc.message, field="file", **exc.params) from None
    return data, name, mimetype


def list_item_evidence(row: ItemResult) -> list[ItemEvidence]:
    return list(db.session.scalars(
        sa.select(ItemEvidence).where(ItemEvidence.item_result_id == row.id).order_by(ItemEvidence.uploaded_at, ItemEvidence.id)))


def add_item_evidence(row: ItemResult, stream: IO[bytes], filename: str | None, *, user: User | None) -> ItemEvidence:
    """Check and store one uploaded file for a TT 35 item (anyone who may answer the round's items)."""
    ensure_editable(row.round)
    if user is None or not user.can("round.answer"):
        raise Forbidden("Bạn không có quyền thêm minh chứng cho mục %(code)s.", code=row.item.code)
    data, name, mimetype = _checked_file(stream, filename)
    evidence = ItemEvidence(
        hospital_id=row.round.hospital_id, round_id=row.round_id, item_result_id=row.id, original_name=name,
        stored_name=f"{secrets.token_hex(16)}.{rules.extension(name)}", mimetype=mimetype, size=len(data),
        sha256=hashlib.sha256(data).hexdigest(), uploaded_by_id=user.id,
    )
    db.session.add(evidence)
    db.session.flush()
    record("evidence", evidence.id, {"file": (None, name)}, user=user, hospital_id=evidence.hospital_id,
           round_id=evidence.round_id, criterion_code=row.item.code)
    path = evidence_path(evidence)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:
        db.session.flush()
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return evidence


def delete_item_evidence(evidence: ItemEvidence, *, user: User | None) -> None:
    ensure_editable(evidence.round)
    if user is None or not user.can("round.answer"):
        raise Forbidden("Bạn không có quyền xóa minh chứng của mục %(code)s.", code=evidence.item_result.item.code)
    path = evidence_path(evidence)
    record("evidence", evidence.id, {"file": (evidence.original_name, None)}, user=user, hospital_id=evidence.hospital_id,
           round_id=evidence.round_id, criterion_code=evidence.item_result.item.code)
    db.session.delete(evidence)
    db.session.flush()
    after_commit(lambda: path.unlink(missing_ok=True))
