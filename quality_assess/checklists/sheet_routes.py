"""Pages for a hospital's own checklist workbook (upload, preview, correct the mapping, confirm) and the
template editor (bands, severe-risk items). They decorate the blueprint of checklists/blueprint.py."""
from __future__ import annotations

import re
import secrets
import time
from functools import partial
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from openpyxl.utils import get_column_letter

from quality_assess.checklists import operations
from quality_assess.checklists.blueprint import bp
from quality_assess.checklists.forms import SheetReviewForm, SheetUploadForm, TemplateEditForm
from quality_assess.checklists.models import ChecklistTemplate
from quality_assess.checklists.sheet_import import FIELDS, ColumnMapping, WorkbookPreview, read_workbook
from quality_assess.database import after_commit, db
from quality_assess.domain import ValidationError
from quality_assess.forms import first_error
from quality_assess.render.xlsx import MAX_COLUMNS, MAX_ROWS
from quality_assess.web.access import hospital_id, require
from quality_assess.web.refusals import refusals

# The fields of sheet_import.FIELDS as the mapping form names them.
FIELD_LABELS = {
    "stt": _l("STT"), "code": _l("Mã mục"), "group_code": _l("Mã nhóm"), "group": _l("Nhóm nội dung"),
    "text": _l("Nội dung kiểm tra"), "max_points": _l("Điểm tối đa"), "guidance": _l("Minh chứng / hướng dẫn"),
    "severe": _l("Nguy cơ cao"), "member": _l("Thành viên phụ trách"),
}
OUTCOME_LABELS = {"new": _l("mới"), "unchanged": _l("không đổi"), "updated": _l("cập nhật"), "new version": _l("phiên bản mới")}
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
UPLOAD_TTL = 24 * 3600   # an upload nobody confirmed is removed after a day


def _upload_dir() -> Path:
    """Workbooks waiting for confirmation, one folder per hospital (a token never reaches another's)."""
    return Path(current_app.config["UPLOAD_FOLDER"]) / "xsd-sheets" / str(hospital_id())


def _keep(data: bytes) -> str:
    folder = _upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stale = time.time() - UPLOAD_TTL
    for old in folder.iterdir():
        if old.stat().st_mtime < stale:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    (folder / f"{token}.xlsx").write_bytes(data)
    return token


def _stored(token: str) -> Path | None:
    if not TOKEN.match(token or ""):
        return None
    path = _upload_dir() / f"{token}.xlsx"
    return path if path.is_file() else None


def _page(preview: WorkbookPreview | None, *, token: str = "", chosen: set[str] | None = None, status: int = 200):
    upload = SheetUploadForm(formdata=None)
    review = SheetReviewForm(formdata=None, token=token)
    if preview is not None and chosen is None:
        chosen = {s.sheet for s in preview.sheets if s.header_row is not None}
    return render_template("checklists/sheet_import.html", preview=preview, upload=upload, review=review, token=token,
                           chosen=chosen or set(), fields=FIELD_LABELS, letters=_letters), status


def _letters(number: int) -> str:
    return get_column_letter(number)


@bp.route("/templates/sheets", methods=["GET", "POST"])
@require("xsd.manage")
def sheet_import():
    """Upload a workbook of the hospital's own: every sheet is read and shown as a preview."""
    if request.method == "GET":
        return _page(None)
    form = SheetUploadForm()
    upload = form.file.data if form.validate() else None
    if not upload or not getattr(upload, "filename", ""):
        flash(first_error(form) or _("Hãy chọn tệp .xlsx."), "error")
        return _page(None, status=400)
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    data = upload.read(limit + 1)
    if len(data) > limit:
        flash(_("Tệp lớn quá %(mb)d MB.", mb=limit // (1024 * 1024) or 1), "error")
        return _page(None, status=400)
    with refusals():
        preview = read_workbook(data, remembered=operations.remembered_mappings(hospital_id()))
        return _page(preview, token=_keep(data))
    return _page(None, status=400)


def _posted_mappings(sheetnames: list[str]) -> dict[str, ColumnMapping]:
    """Each sheet's mapping as corrected on the page: s<i>_header (blank: found by itself) and s<i>_<field>
    (a column number, 0: none; all 0: guessed from the names in that header row)."""
    mappings = {}
    for index, name in enumerate(sheetnames):
        header = request.form.get(f"s{index}_header", "").strip()
        if not header:
            continue
        if not (header.isascii() and header.isdigit()) or not 1 <= int(header) <= MAX_ROWS:
            raise ValidationError("Trang “%(sheet)s”: dòng tiêu đề phải là số dòng từ 1 đến %(max)s.", field=f"s{index}_header",
                                  sheet=name, max=MAX_ROWS)
        columns: dict[str, int] = {}
        for key, label in FIELDS.items():
            value = request.form.get(f"s{index}_{key}", "0").strip() or "0"
            if not (value.isascii() and value.isdigit()) or int(value) > MAX_COLUMNS:
                raise ValidationError("Trang “%(sheet)s”, cột “%(label)s”: hãy chọn một cột trong danh sách.", field=f"s{index}_{key}",
                                      sheet=name, label=label)
            if int(value):
                taken = next((FIELDS[k] for k, v in columns.items() if v == int(value)), None)
                if taken:
                    raise ValidationError("Trang “%(sheet)s”: “%(label)s” và “%(other)s” đang cùng chọn một cột.",
                                          field=f"s{index}_{key}", sheet=name, label=label, other=taken)
                columns[key] = int(value)
        mappings[name] = ColumnMapping(int(header), columns)
    return mappings


@bp.route("/templates/sheets/review", methods=["POST"])
@require("xsd.manage")
def sheet_review():
    """Read the uploaded workbook again with the mapping the user corrected; `then=confirm` imports the
    ticked sheets, all or nothing, and remembers their mappings for the next upload of the same layout."""
    form = SheetReviewForm()
    path = _stored(form.token.data) if form.validate() else None
    if path is None:
        flash(_("Không tìm thấy tệp đã tải lên (có thể đã được nhập hoặc quá hạn). Hãy tải tệp lên lại."), "error")
        return redirect(url_for("checklists.sheet_import"))
    data, token = path.read_bytes(), form.token.data
    names = read_workbook(data, []).sheetnames   # read once at the upload: the guard passed it
    chosen = [name for index, name in enumerate(names) if request.form.get(f"s{index}_use")]
    mappings: dict[str, ColumnMapping] = {}
    with refusals() as refusal:
        mappings = _posted_mappings(names)
    remembered = operations.remembered_mappings(hospital_id())
    preview = read_workbook(data, mappings=mappings, remembered=remembered)
    if refusal or request.form.get("then") != "confirm":
        return _page(preview, token=token, chosen=set(chosen), status=refusal.status)
    selected = WorkbookPreview(preview.sheetnames, [s for s in preview.sheets if s.sheet in chosen])
    with refusals() as refusal:
        stored = operations.import_sheets(selected, hospital_id=hospital_id(), user=current_user)
        after_commit(partial(path.unlink, missing_ok=True))   # a refused commit keeps the file for another try
        for template, outcome in stored:
            flash(_("Đã nhập mẫu %(label)s (%(outcome)s).", label=template.label, outcome=OUTCOME_LABELS[outcome]), "success")
        return redirect(url_for("checklists.templates"))
    return _page(preview, token=token, chosen=set(chosen), status=refusal.status)


@bp.route("/templates/<int:template_id>/edit", methods=["GET", "POST"])
@require("xsd.manage")
def template_edit(template_id: int):
    """A template's own bands (blank: the hospital's) and its severe-risk items. A shipped template is
    saved as the hospital's own copy; one already used by an audit as a new version."""
    template = db.get_or_404(ChecklistTemplate, template_id)
    if template.hospital_id not in (None, hospital_id()):
        abort(404)
    form = TemplateEditForm()
    if not form.is_submitted():
        form.bands.data = operations.bands_text(template.bands)
    elif form.validate():
        severe = {code for code in request.form.getlist("severe")}
        with refusals():
            saved, outcome = operations.edit_template(template, hospital_id=hospital_id(), bands=form.bands.data or "",
                                                      severe_codes=severe, user=current_user)
            flash(_("Đã lưu mẫu %(label)s (%(outcome)s).", label=saved.label, outcome=OUTCOME_LABELS[outcome]), "success")
            return redirect(url_for("checklists.template_edit", template_id=saved.id))
        return render_template("checklists/template_edit.html", template=template, form=form,
                               severe=set(request.form.getlist("severe")), hospital=current_user.hospital), 400
    else:
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
        return render_template("checklists/template_edit.html", template=template, form=form,
                               severe=set(request.form.getlist("severe")), hospital=current_user.hospital), 400
    return render_template("checklists/template_edit.html", template=template, form=form,
                           severe={i.code for i in template.items if i.severe_risk}, hospital=current_user.hospital)
