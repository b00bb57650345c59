"""Write operations of Xanh – Sạch – Đẹp: validate, change, record, flush (the request commits)."""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from functools import partial
from datetime import date

from quality_assess import clock
from pathlib import Path
from collections.abc import Mapping

import sqlalchemy as sa
from flask import current_app

from quality_assess.auth.models import User
from quality_assess.checklists import scoring, teams
from quality_assess.checklists.loader import TemplateError, content, stage_template, validate_template
from quality_assess.checklists.sheet_import import ColumnMapping, WorkbookPreview
from quality_assess.auth.roles import DEPT_HEAD
from quality_assess.checklists.models import (
    FOLLOW_UP_STATUSES, Answer, Audit, ChecklistTemplate, FollowUp, FollowUpUpdate, SheetMapping, Team,
)
from quality_assess.database import after_commit, db, utcnow
from quality_assess.domain import Forbidden, Locked, StaleEdit, ValidationError
from quality_assess.files import image_type
from quality_assess.history.models import record
from quality_assess.i18n import N_, nfc
from quality_assess.org.models import Department, Hospital

@dataclass
class Photo:
    data: bytes
    filename: str = ""


@dataclass
class ItemInput:
    """What the auditor gave for one item: choice '' (not yet), 'na', or whole points as text."""

    choice: str = ""
    note: str = ""
    photo: Photo | None = None
    seen: int | None = None   # the answer's version the page showed (a team's audit checks it); None: not checked


def photo_dir() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "xsd"


def photo_problem(data: bytes) -> str | None:
    """Why an uploaded photo is refused: "size" (over PHOTO_MAX_BYTES), "type" (not JPEG, PNG or WebP by
    its first bytes, whatever its name), or None. Audit photos and follow-up photos share the rule."""
    if len(data) > current_app.config["PHOTO_MAX_BYTES"]:
        return "size"
    return "type" if image_type(data) is None else None


def _store_photo(data: bytes, ext: str) -> Path:
    """Write a checked photo under a random name; the caller removes it if its change is refused later."""
    path = photo_dir() / f"{secrets.token_hex(16)}.{ext}"
    photo_dir().mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def templates_for(hospital_id: int) -> list[ChecklistTemplate]:
    """The newest version of every template a hospital may use (shipped ones and its own)."""
    rows = db.session.scalars(
        sa.select(ChecklistTemplate)
        .where(sa.or_(ChecklistTemplate.hospital_id.is_(None), ChecklistTemplate.hospital_id == hospital_id))
        .order_by(ChecklistTemplate.code, ChecklistTemplate.version.desc())
    ).all()
    newest: dict[tuple, ChecklistTemplate] = {}
    for row in rows:
        newest.setdefault((row.hospital_id, row.code), row)
    return list(newest.values())


def create_audit(*, hospital_id: int, department: Department, template: ChecklistTemplate, audit_date: date, user: User,
                 team: Team | None = None) -> Audit:
    """An audit of a department with a template that applies to it; with a team, its members share the scoring."""
    if department.hospital_id != hospital_id or not department.active:
        raise ValidationError("Khoa/phòng không thuộc bệnh viện hoặc đã ngừng hoạt động.")
    if template.hospital_id not in (None, hospital_id):
        raise ValidationError("Mẫu bảng kiểm không dùng được cho bệnh viện này.")
    teams.check_applies(template, department)
    teams.check_team(team, hospital_id)
    if audit_date > clock.today(department.hospital):
        raise ValidationError("Ngày kiểm tra không được sau hôm nay.")
    audit = Audit(hospital_id=hospital_id, department=department, template=template, audit_date=audit_date, auditor=user, team=team)
    db.session.add(audit)
    db.session.flush()
    return audit


def _parse_choice(choice: str, max_points: int, code: str) -> tuple[int | None, bool]:
    choice = (choice or "").strip()
    if choice == "":
        return None, False
    if choice == "na":
        return None, True
    if not (choice.isascii() and choice.isdigit()) or not 0 <= int(choice) <= max_points:  # "²".isdigit() too
        raise ValidationError("Mục %(code)s: điểm phải là số nguyên từ 0 đến %(max)s.", field=code, code=code, max=max_points)
    return int(choice), False


def _check_may_edit(audit: Audit, user: User) -> None:
    if audit.team is not None and not audit.submitted:
        if not teams.editable_items(audit, user):
            raise Forbidden("Chỉ thành viên của %(team)s được chấm phiếu kiểm tra này.", team=audit.team.name)
        return
    if audit.submitted:
        if not user.can("xsd.edit_submitted"):
            raise Locked("Phiếu kiểm tra đã nộp: chỉ trưởng khoa Kiểm soát nhiễm khuẩn hoặc quản trị được sửa.")
    elif not user.can("xsd.audit"):
        raise Forbidden("Bạn không có quyền sửa phiếu kiểm tra này.")


def _bump_version(audit: Audit) -> None:
    """Move the audit's version in the database (version = version + 1), not from the value this session
    read: two team members saving their items at once both count, so a phone that read the audit between
    them is told it changed. The attribute is read again after the flush."""
    audit.version = Audit.version + 1


def save_answers(audit: Audit, inputs: Mapping[int, ItemInput], *, user: User) -> Audit:
    """Save the answers of an audit (item id → input). A score below the maximum needs a finding.

    Changes to a submitted audit are recorded in the history (who, when, old → new). In a team's audit a
    member changes only their own items (and those given to nobody): each save writes only the items it
    names, so members saving their items at the same time never overwrite each other."""
    _check_may_edit(audit, user)
    items = {item.id: item for item in audit.template.items}
    editable = teams.editable_items(audit, user)
    owners = teams.item_owners(audit)
    # A team's members may share items (those given to nobody): a save over someone else's newer answer is refused.
    seen = {item_id: given.seen for item_id, given in inputs.items()} if audit.team is not None and not audit.submitted else {}
    staged: list[tuple] = []
    for item_id, given in inputs.items():
        item = items.get(item_id)
        if item is None:
            raise ValidationError("Mục không thuộc mẫu bảng kiểm của phiếu này.")
        if item_id not in editable:
            owner = owners.get(item_id)
            raise Forbidden("Mục %(code)s do %(name)s chấm: bạn chỉ được chấm các mục của mình.", field=item.code, code=item.code,
                            name=owner.user.display_name if owner else "")
        points, na = _parse_choice(given.choice, item.max_points, item.code)
        note = nfc(given.note) or ""
        if scoring.needs_finding(points, item.max_points, na, note):
            raise ValidationError("Mục %(code)s: điểm thấp hơn tối đa, hãy ghi tồn tại phát hiện được.", field=item.code, code=item.code)
        photo = None
        if given.photo is not None and given.photo.data:
            problem = photo_problem(given.photo.data)
            if problem == "size":
                raise ValidationError("Mục %(code)s: ảnh vượt quá dung lượng cho phép.", field=item.code, code=item.code)
            if problem == "type":
                raise ValidationError("Mục %(code)s: tệp đính kèm không phải ảnh JPEG, PNG hoặc WebP.", field=item.code, code=item.code)
            photo = (given.photo.data, *image_type(given.photo.data))  # type: ignore[misc]
        staged.append((item, points, na, note, photo))

    written: list[Path] = []
    replaced: list[Path] = []  # a draft's superseded photos; a submitted audit keeps them for its history
    changed = False
    try:
        for item, points, na, note, photo in staged:
            answer = audit.answer_for(item.id)
            blank = points is None and not na and not note and photo is None
            if answer is None and blank:
                continue  # nothing given for an item not yet answered
            if blank and answer is not None and seen.get(item.id) is not None and seen[item.id] != answer.version:
                continue  # left blank on a page older than someone else's answer: theirs stays
            if answer is None:
                answer = Answer(item_id=item.id, note="", version=0)
                audit.answers.append(answer)
            old = {"points": answer.choice, "note": answer.note, "photo": answer.photo_name}
            if photo is not None or (answer.points, answer.not_applicable, answer.note) != (points, na, note):
                if seen.get(item.id) is not None and seen[item.id] != answer.version:
                    raise StaleEdit("Mục %(code)s vừa được %(name)s lưu sau khi bạn mở phiếu: xem điểm hiện tại rồi lưu lại nếu vẫn muốn sửa.",
                                    current=answer, field=item.code, code=item.code,
                                    name=answer.scored_by.display_name if answer.scored_by else "")
                answer.scored_by_id, answer.scored_at = user.id, utcnow()
                answer.version = (answer.version or 0) + 1
                changed = True
            answer.points, answer.not_applicable, answer.note = points, na, note
            if photo is not None:
                data, mime, ext = photo
                path = _store_photo(data, ext)
                written.append(path)
                name = path.name
                if answer.photo_name and not audit.submitted:
                    replaced.append(photo_dir() / answer.photo_name)
                answer.photo_name, answer.photo_type = name, mime
            if audit.submitted:
                new = {"points": answer.choice, "note": answer.note, "photo": answer.photo_name}
                record("xsd_audit", audit.id, {f"{item.code}.{key}": (old[key], new[key]) for key in old},
                       user=user, hospital_id=audit.hospital_id, criterion_code=item.code)
        if changed:
            _bump_version(audit)  # a phone's change based on the version before this one is a conflict (sync.py)
        db.session.flush()
    except Exception:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    for path in replaced:
        after_commit(partial(path.unlink, missing_ok=True))
    return audit


def audit_result(audit: Audit) -> scoring.AuditScore:
    return scoring.audit_score(
        scoring.ItemScore(
            max_points=item.max_points, critical=item.critical, severe_risk=item.severe_risk, code=item.code,
            points=(a.points if (a := audit.answer_for(item.id)) else None),
            not_applicable=bool(a and a.not_applicable),
        )
        for item in audit.template.items
    )


def submit_audit(audit: Audit, *, user: User) -> Audit:
    if audit.submitted:
        raise Locked("Phiếu kiểm tra đã được nộp.")
    if audit.team is not None:
        if not teams.may_submit(audit, user):
            raise Forbidden("Chỉ thành viên của %(team)s được nộp phiếu kiểm tra này.", team=audit.team.name)
    else:
        _check_may_edit(audit, user)
    missing = [item.code for item in audit.template.items if not ((answer := audit.answer_for(item.id)) and answer.choice)]
    if missing:
        raise ValidationError("Còn %(n)s mục chưa chấm: %(codes)s.", n=len(missing), codes=", ".join(missing[:10]))
    audit.status, audit.submitted_at = "submitted", utcnow()
    _bump_version(audit)
    record("xsd_audit", audit.id, {"status": ("draft", "submitted")}, user=user, hospital_id=audit.hospital_id)
    db.session.flush()
    return audit


def delete_draft_audit(audit: Audit, *, user: User) -> None:
    """Delete an audit started by mistake: a draft without follow-up actions, by its auditor or a KSNK lead.
    Its photos go after the commit; the trail keeps the deletion."""
    if audit.submitted:
        raise Locked("Phiếu kiểm tra đã nộp: không thể xóa.")
    if not (user.can("xsd.manage") or (user.can("xsd.audit") and audit.auditor_id == user.id)):
        raise Forbidden("Chỉ người kiểm tra của phiếu hoặc trưởng khoa Kiểm soát nhiễm khuẩn mới được xóa phiếu nháp.")
    if db.session.scalar(sa.select(FollowUp.id).where(FollowUp.audit_id == audit.id).limit(1)) is not None:
        raise ValidationError("Phiếu đã có hành động khắc phục: không thể xóa.", field="audit")
    photos = [photo_dir() / a.photo_name for a in audit.answers if a.photo_name]
    record("xsd_audit", audit.id, {"deleted": (f"{audit.department.name} {audit.audit_date.isoformat()}", None)},
           user=user, hospital_id=audit.hospital_id)
    db.session.delete(audit)
    db.session.flush()
    for path in photos:
        after_commit(partial(path.unlink, missing_ok=True))


def _check_owner(hospital_id: int, department: Department, owner: User | None) -> None:
    if department.hospital_id != hospital_id or not department.active:
        raise ValidationError("Khoa/phòng không thuộc bệnh viện hoặc đã ngừng hoạt động.", field="department_id")
    if owner is not None and (owner.hospital_id != hospital_id or not owner.active):
        raise ValidationError("Người phụ trách phải là người dùng đang hoạt động của bệnh viện.", field="owner_id")


def create_follow_up(audit: Audit, item_id: int | None, *, text: str, due_date: date | None, user: User,
                     department: Department | None = None, owner: User | None = None) -> FollowUp:
    """A follow-up action from an unmet item of an audit, owned by a department (the audited one unless
    another is given) and a person, due by a date."""
    if not user.can("xsd.audit"):
        raise Forbidden("Bạn không có quyền tạo hành động khắc phục.")
    text = nfc(text) or ""
    if not text:
        raise ValidationError("Hãy ghi nội dung hành động khắc phục.", field="text")
    item = next((i for i in audit.template.items if i.id == item_id), None) if item_id else None
    if item_id and item is None:
        raise ValidationError("Mục không thuộc mẫu bảng kiểm của phiếu này.", field="item_id")
    department = department or audit.department
    _check_owner(audit.hospital_id, department, owner)
    if due_date is not None and due_date < audit.audit_date:
        raise ValidationError("Hạn hoàn thành không được trước ngày kiểm tra.", field="due_date")
    follow_up = FollowUp(hospital_id=audit.hospital_id, department_id=department.id, audit_id=audit.id,
                         item=item, text=text, due_date=due_date, created_by_id=user.id, owner=owner)
    db.session.add(follow_up)
    db.session.flush()
    record("xsd_follow_up", follow_up.id, {
        "text": (None, text), "item": (None, item.code if item else None), "department": (None, department.name),
        "owner": (None, owner.display_name if owner else None), "due_date": (None, due_date),
    }, user=user, hospital_id=audit.hospital_id, criterion_code=item.code if item else None)
    db.session.flush()
    return follow_up


def may_update_follow_up(follow_up: FollowUp, user: User) -> bool:
    """Infection control, the head of the owning department, and the person owning the action."""
    if user.hospital_id != follow_up.hospital_id or not user.active:
        return False
    if user.can("xsd.audit") or user.id == follow_up.owner_id:
        return True
    return user.role == DEPT_HEAD and user.department_id == follow_up.department_id


def update_follow_up(follow_up: FollowUp, *, status: str, note: str = "", photo: Photo | None = None, user: User) -> FollowUpUpdate | None:
    """A progress report: the status it is at now, with a note and optionally a photo of the result.

    Returns the update, or None when only the status changed (a quick change from the list)."""
    if not may_update_follow_up(follow_up, user):
        raise Forbidden("Bạn không có quyền cập nhật hành động khắc phục này.")
    if status not in FOLLOW_UP_STATUSES:
        raise ValidationError("Trạng thái không hợp lệ.", field="status")
    note = nfc(note) or ""
    data = photo.data if photo is not None and photo.data else b""
    if not note and not data and status == follow_up.status:
        raise ValidationError("Hãy ghi tiến độ, đính kèm ảnh hoặc đổi trạng thái.", field="note")
    kind = None
    if data:
        problem = photo_problem(data)
        if problem == "size":
            raise ValidationError("Ảnh vượt quá dung lượng cho phép.", field="photo")
        if problem == "type":
            raise ValidationError("Tệp đính kèm không phải ảnh JPEG, PNG hoặc WebP.", field="photo")
        kind = image_type(data)
    old = follow_up.status
    follow_up.status = status
    update = None
    path = None
    try:
        if note or kind is not None:
            update = FollowUpUpdate(status=status, note=note, created_by_id=user.id)
            if kind is not None:
                path = _store_photo(data, kind[1])
                update.photo_name, update.photo_type = path.name, kind[0]
            follow_up.updates.append(update)
        record("xsd_follow_up", follow_up.id, {"status": (old, status), "note": (None, note or None),
                                               "photo": (None, update.photo_name if update else None)},
               user=user, hospital_id=follow_up.hospital_id)
        db.session.flush()
    except Exception:
        if path is not None:
            path.unlink(missing_ok=True)
        raise
    return update


def set_follow_up_status(follow_up: FollowUp, status: str, *, user: User) -> FollowUp:
    update_follow_up(follow_up, status=status, user=user)
    return follow_up


def import_template(data: dict, *, hospital_id: int, user: User) -> tuple[ChecklistTemplate, str]:
    """Store a validated template for one hospital (a new version if one in use changed)."""
    template, outcome = stage_template(data, hospital_id)
    record("xsd_template", template.id, {"version": (None, f"{template.code} v{template.version} ({outcome})")},
           user=user, hospital_id=hospital_id)
    db.session.flush()
    return template, outcome


def parse_bands(text: str) -> list[dict]:
    """Bands written one a line as "minimum label" (e.g. "90 Đạt tốt"), highest first; one must start at 0."""
    bands = []
    for n, line in enumerate((nfc(text) or "").splitlines(), start=1):
        if not line.strip():
            continue
        minimum, _, label = line.strip().partition(" ")
        try:
            value = float(minimum.replace(",", "."))
        except ValueError:
            raise ValidationError("Dòng %(n)s: bắt đầu bằng điểm tối thiểu (0–100), rồi tên xếp loại.", field="bands", n=n) from None
        if not 0 <= value <= 100 or not label.strip():
            raise ValidationError("Dòng %(n)s: bắt đầu bằng điểm tối thiểu (0–100), rồi tên xếp loại.", field="bands", n=n)
        bands.append({"min": int(value) if value.is_integer() else value, "label": label.strip()})
    minimums = [b["min"] for b in bands]
    if 0 not in minimums or len(set(minimums)) != len(minimums):
        raise ValidationError("Các mức phải khác nhau và phải có một mức bắt đầu từ 0.", field="bands")
    return sorted(bands, key=lambda b: b["min"], reverse=True)


def update_settings(hospital: Hospital, *, target: float, bands_text: str, user: User) -> Hospital:
    """The hospital's Xanh – Sạch – Đẹp target and bands, with the change recorded."""
    if not 0 <= target <= 100:
        raise ValidationError("Mục tiêu phải từ 0 đến 100.", field="target")
    bands = parse_bands(bands_text)
    record("hospital", hospital.id, {"xsd_target": (hospital.xsd_target, float(target)), "xsd_bands": (hospital.xsd_bands, bands)},
           user=user, hospital_id=hospital.id)
    hospital.xsd_target, hospital.xsd_bands = float(target), bands
    db.session.flush()
    return hospital


def audit_bands(audit: Audit, hospital: Hospital) -> list[dict]:
    """The bands an audit is graded by: its template's own, else the hospital's."""
    return scoring.template_bands(audit.template.bands, hospital.xsd_bands)


def audit_grade(audit: Audit, result: scoring.AuditScore, hospital: Hospital) -> str | None:
    """The audit's band; an unmet severe-risk item forces the lowest one (scoring.grade)."""
    return scoring.grade(result.score, audit_bands(audit, hospital), result.severe_failed)


# ---------------------------------------------------------------- hospital workbooks, template editor

_RANGE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:(?:-|–|—|đến)\s*<?\s*(\d+(?:[.,]\d+)?))?\s+(\S.*)$")


def _number(text: str) -> float | int:
    value = float(text.replace(",", "."))
    return int(value) if value.is_integer() else value


def parse_band_ranges(text: str) -> list[dict] | None:
    """A template's bands, one a line: "from–to label" ("80–90 Đạt": from 80 up to, not including, 90;
    the highest band reaches 100) or "from label". Blank: None, the hospital's bands. They must cover
    0–100 with no gap and no overlap."""
    ranges = []
    for n, line in enumerate((nfc(text) or "").splitlines(), start=1):
        if not line.strip():
            continue
        found = _RANGE.match(line)
        if not found:
            raise ValidationError("Xếp loại, dòng %(n)s: ghi “từ–đến tên”, ví dụ “80–90 Đạt”, hoặc “90 Tốt”.", field="bands", n=n)
        low, high, label = found.groups()
        ranges.append(scoring.BandRange(_number(low), _number(high) if high else None, label.strip()))
    if not ranges:
        return None
    lows = sorted(r.low for r in ranges)
    # "90 Tốt" without an end reaches the next band up (or 100)
    ranges = [r if r.high is not None else scoring.BandRange(r.low, next((x for x in lows if x > r.low), None), r.label) for r in ranges]
    problem = scoring.band_ranges_problem(ranges)
    if problem is not None:
        kind, a, b = problem
        messages = {
            "start": N_("Xếp loại: mức thấp nhất phải bắt đầu từ 0 (đang bắt đầu từ %(a)s)."),
            "empty": N_("Xếp loại: mức từ %(a)s đến %(b)s không hợp lệ (điểm từ 0 đến 100, điểm đầu nhỏ hơn điểm cuối)."),
            "gap": N_("Xếp loại: không có mức nào cho điểm từ %(a)s đến %(b)s."),
            "overlap": N_("Xếp loại: hai mức cùng chứa điểm từ %(a)s đến %(b)s."),
            "end": N_("Xếp loại: mức cao nhất phải đến 100 (đang dừng ở %(a)s)."),
        }
        raise ValidationError(messages[kind], field="bands", a=a, b=b)
    return scoring.bands_from_ranges(ranges)


def bands_text(bands: list[dict] | None) -> str:
    """Stored bands as the editor writes them ("90–100 Tốt")."""
    return "\n".join(f"{r.low}–{r.high if r.high is not None else 100} {r.label}" for r in scoring.ranges_from_bands(bands or []))


def edit_template(template: ChecklistTemplate, *, hospital_id: int, bands: str, severe_codes: set[str], user: User) -> tuple[ChecklistTemplate, str]:
    """The template editor: its own bands (blank: the hospital's) and which items are severe risks.

    A shipped template becomes the hospital's own copy; a template an audit used gets a new version
    (its audits keep the one they were scored with)."""
    if template.hospital_id not in (None, hospital_id):
        raise Forbidden("Mẫu bảng kiểm không thuộc bệnh viện này.")
    codes = {item.code for item in template.items}
    if not severe_codes <= codes:
        raise ValidationError("Mục nguy cơ cao không thuộc mẫu này.", field="severe")
    data = content(template)
    data["bands"] = parse_band_ranges(bands)
    for group in data["groups"]:
        for item in group["items"]:
            item["severe_risk"] = item["code"] in severe_codes
            item["critical"] = item["critical"] or item["severe_risk"]
    try:
        data = validate_template(data, [{"code": g["code"], "name": g["name"]} for g in data["groups"]],
                                 [{**item, "group": g["code"]} for g in data["groups"] for item in g["items"]])
    except TemplateError as exc:  # the stored template was valid: only the bands could be refused
        raise ValidationError("Mẫu bảng kiểm không hợp lệ: %(problem)s", field="bands", problem=exc.message) from exc
    saved, outcome = stage_template(data, hospital_id)
    if outcome != "unchanged":
        record("xsd_template", saved.id, {"version": (None, f"{saved.code} v{saved.version} ({outcome})"),
                                          "bands": (template.bands, saved.bands),
                                          "severe_risk": (", ".join(i.code for i in template.items if i.severe_risk),
                                                          ", ".join(sorted(severe_codes)))},
               user=user, hospital_id=hospital_id)
    db.session.flush()
    return saved, outcome


def remembered_mappings(hospital_id: int) -> dict[str, ColumnMapping]:
    """The workbook layouts this hospital imported before: header signature → mapping."""
    rows = db.session.scalars(sa.select(SheetMapping).where(SheetMapping.hospital_id == hospital_id))
    return {m.signature: ColumnMapping(m.header_row, {k: int(v) for k, v in m.columns.items()}) for m in rows}


def _remember(hospital_id: int, signature: str, mapping: ColumnMapping) -> None:
    row = db.session.scalar(sa.select(SheetMapping).where(SheetMapping.hospital_id == hospital_id, SheetMapping.signature == signature))
    if row is None:
        row = SheetMapping(hospital_id=hospital_id, signature=signature, header_row=mapping.header_row, columns={})
        db.session.add(row)
    row.header_row, row.columns = mapping.header_row, dict(mapping.columns)


def import_sheets(preview: WorkbookPreview, *, hospital_id: int, user: User | None) -> list[tuple[ChecklistTemplate, str]]:
    """Store one template per sheet of a read workbook, all or nothing: any problem in any sheet refuses
    the whole import. A sheet imported again makes a new version only when its content changed. Each
    sheet's mapping is remembered (by its header signature) for the next upload of the same layout."""
    if not preview.sheets:
        raise ValidationError("Hãy chọn ít nhất một trang để nhập.", field="sheets")
    faulty = [s for s in preview.sheets if s.problems or s.data is None]
    if faulty:
        raise ValidationError("Chưa nhập gì: %(n)s trang còn lỗi (%(sheets)s).", field="sheets",
                              n=len(faulty), sheets=", ".join(s.sheet for s in faulty))
    stored = []
    for sheet in preview.sheets:
        assert sheet.data is not None and sheet.header_row is not None
        template, outcome = stage_template(sheet.data, hospital_id, keep_versions=True)
        record("xsd_template", template.id, {"version": (None, f"{template.code} v{template.version} ({outcome})")},
               user=user, hospital_id=hospital_id)
        if sheet.signature:
            _remember(hospital_id, sheet.signature, ColumnMapping(sheet.header_row, sheet.columns))
        stored.append((template, outcome))
    db.session.flush()
    return stored
