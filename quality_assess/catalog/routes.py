"""Browse the catalogue; admins import the official sub-item list and correct criterion titles."""
from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import selectinload

from quality_assess.catalog import links
from quality_assess.catalog.forms import ConfirmForm, ItemTextForm, TitleForm, UploadForm
from quality_assess.catalog.importer import EXTENSIONS, Plan, apply_import, plan_import
from quality_assess.catalog.models import TT35, Chapter, Criterion, Framework, FrameworkItem, Part, SubItem
from quality_assess.catalog.operations import correct_item_text, correct_title
from quality_assess.catalog.template import template_csv, template_xlsx
from quality_assess.catalog.tt35_import import apply_item_import, plan_item_import
from quality_assess.database import db
from quality_assess.forms import first_error
from quality_assess.web.access import require
from quality_assess.web.refusals import refusals

bp = Blueprint("catalog", __name__)

TITLE_PROVENANCE = {
    "verified": _l("Đã đối chiếu văn bản gốc"),
    "two-sources": _l("Đã đối chiếu hai nguồn"),
    "one-source": _l("Theo một nguồn độc lập"),
    "recalled": _l("Ghi theo trí nhớ, chưa đối chiếu"),
    "recalled-uncertain": _l("Ghi theo trí nhớ, chưa chắc chắn"),
    "admin": _l("Quản trị viên đã sửa"),
    "imported": _l("Từ danh sách chính thức đã nhập"),
}
LEVELS = (1, 2, 3, 4, 5)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
UPLOAD_TTL = 24 * 3600   # an upload nobody confirmed is removed after a day


@bp.app_context_processor
def provenance_labels() -> dict:
    return {"title_provenance": TITLE_PROVENANCE}


@bp.route("/")
@require("round.view")
def index():
    parts = db.session.scalars(
        sa.select(Part).order_by(Part.position).options(selectinload(Part.chapters).selectinload(Chapter.criteria))
    ).all()
    counts: dict[int, dict[int, int]] = {}
    rows = db.session.execute(
        sa.select(SubItem.criterion_id, SubItem.level, sa.func.count()).where(SubItem.active).group_by(SubItem.criterion_id, SubItem.level)
    )
    for criterion_id, level, n in rows:
        counts.setdefault(criterion_id, {})[level] = n
    return render_template("catalog/index.html", parts=parts, counts=counts, levels=LEVELS)


@bp.route("/criteria/<code>")
@require("round.view")
def criterion(code: str):
    criterion = db.one_or_404(sa.select(Criterion).where(Criterion.code == code))
    by_level = {level: [s for s in criterion.sub_items if s.level == level] for level in LEVELS}
    form = TitleForm(title=criterion.title) if current_user.can("catalog.manage") else None
    return render_template("catalog/criterion.html", criterion=criterion, by_level=by_level, form=form,
                           tt35_links=_items(links.items_of_criterion(criterion.code)))


def _items(codes: list[str]) -> list[FrameworkItem]:
    """The TT 35 items of these codes, in the framework's order."""
    if not codes:
        return []
    return list(db.session.scalars(
        sa.select(FrameworkItem).join(Framework).where(Framework.code == TT35, FrameworkItem.code.in_(codes))
        .order_by(FrameworkItem.position)))


@bp.route("/tt35")
@require("round.view")
def tt35_index():
    """The TT 35/2024 items by group, with the provenance of each text and its links to the 83 criteria."""
    framework = db.first_or_404(sa.select(Framework).where(Framework.code == TT35))
    items = db.session.scalars(sa.select(FrameworkItem).where(FrameworkItem.framework_id == framework.id)
                               .order_by(FrameworkItem.position)).all()
    linked: dict[str, list[str]] = {}
    for item_code, criterion_code in links.links():
        linked.setdefault(item_code, []).append(criterion_code)
    return render_template("catalog/tt35.html", framework=framework, items=items, linked=linked)


@bp.route("/tt35/<item_code>", methods=["GET", "POST"])
@require(read="round.view", write="catalog.manage")
def tt35_item(item_code: str):
    """One TT 35 item: its text and provenance, the linked criteria; an admin corrects the text here."""
    item = db.one_or_404(sa.select(FrameworkItem).join(Framework).where(Framework.code == TT35, FrameworkItem.code == item_code))
    form = ItemTextForm(data=None) if current_user.can("catalog.manage") else None
    if form is not None and form.is_submitted():
        if form.validate():
            with refusals():
                correct_item_text(item, form.title.data, current_user)
                flash(_("Đã sửa nội dung mục %(code)s.", code=item.code), "success")
                return redirect(url_for("catalog.tt35_item", item_code=item.code))
        else:
            flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    elif form is not None:
        form.title.data = item.title
    criteria = db.session.scalars(sa.select(Criterion).where(Criterion.code.in_(links.criteria_of_item(item.code)))
                                  .order_by(Criterion.position)).all()
    return render_template("catalog/tt35_item.html", item=item, form=form, criteria=criteria)


@bp.route("/criteria/<code>/title", methods=["POST"])
@require("catalog.manage")
def title(code: str):
    criterion = db.one_or_404(sa.select(Criterion).where(Criterion.code == code))
    form = TitleForm()
    if not form.validate():
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    else:
        with refusals():
            correct_title(criterion, form.title.data, current_user)
            flash(_("Đã sửa tên tiêu chí %(code)s.", code=code), "success")
    return redirect(url_for("catalog.criterion", code=code))


def _upload_dir() -> Path:
    """Uploaded lists waiting for confirmation, under the instance folder by default."""
    return Path(current_app.config.get("CATALOG_IMPORT_FOLDER") or Path(current_app.instance_path) / "catalog_imports")


def _keep_upload(data: bytes, extension: str) -> str:
    """Store the file under a random name and return the token naming it; forget abandoned ones."""
    folder = _upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stale = time.time() - UPLOAD_TTL
    for old in folder.iterdir():
        if old.stat().st_mtime < stale:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    (folder / f"{token}{extension}").write_bytes(data)
    return token


def _stored(token: str) -> Path | None:
    if not TOKEN.match(token or ""):
        return None
    return next((p for p in (_upload_dir() / f"{token}{ext}" for ext in EXTENSIONS) if p.is_file()), None)


def _preview(plan: Plan, form: ConfirmForm | None = None):
    criteria = {c.code: c for c in db.session.scalars(sa.select(Criterion).where(Criterion.code.in_(plan.counts)))}
    return render_template("catalog/preview.html", plan=plan, criteria=criteria, levels=LEVELS, form=form, upload=UploadForm())


@bp.route("/import", methods=["GET", "POST"])
@require("catalog.manage")
def import_items():
    form = UploadForm()
    if not form.validate_on_submit():
        if form.is_submitted():
            flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
        return render_template("catalog/import.html", form=form)
    upload = form.file.data
    filename = upload.filename or ""
    extension = Path(filename).suffix.lower()
    limit = current_app.config.get("CATALOG_IMPORT_MAX_BYTES", current_app.config["UPLOAD_MAX_BYTES"])
    if extension not in EXTENSIONS:
        flash(_("Chỉ nhận tệp .xlsx hoặc .csv."), "error")
        return render_template("catalog/import.html", form=form), 400
    data = upload.read(limit + 1)
    if len(data) > limit:
        flash(_("Tệp lớn quá %(mb)d MB.", mb=limit // (1024 * 1024) or 1), "error")
        return render_template("catalog/import.html", form=form), 400
    plan = plan_import(filename, data)
    if not plan.ok:
        return _preview(plan), 400
    return _preview(plan, ConfirmForm(token=_keep_upload(data, extension), filename=filename))


@bp.route("/import/confirm", methods=["POST"])
@require("catalog.manage")
def confirm_import():
    form = ConfirmForm()
    path = _stored(form.token.data) if form.validate() else None
    if path is None:
        flash(_("Không tìm thấy tệp đã tải lên (có thể đã được nhập hoặc hủy). Hãy tải tệp lên lại."), "error")
        return redirect(url_for("catalog.import_items"))
    filename = (form.filename.data or path.name)[:200]
    plan = plan_import(filename if filename.lower().endswith(path.suffix) else path.name, path.read_bytes())
    if not plan.ok:
        path.unlink(missing_ok=True)
        return _preview(plan), 400
    try:
        apply_import(plan, current_user)
    finally:
        path.unlink(missing_ok=True)
    flash(_("Đã nhập danh sách tiểu mục: %(summary)s.", summary=plan.summary()), "success")
    if plan.rescored:
        flash(_("Đã tính lại mức của %(count)s kết quả trong các đợt đánh giá chưa khóa; %(undecided)s tiêu chí không còn đủ câu trả lời "
                "để tính mức và cần được trả lời thêm.", count=plan.rescored, undecided=plan.undecided), "warning")
    return redirect(url_for("catalog.index"))


@bp.route("/import/cancel", methods=["POST"])
@require("catalog.manage")
def cancel_import():
    form = ConfirmForm()
    path = _stored(form.token.data) if form.validate() else None
    if path is not None:
        path.unlink(missing_ok=True)
    flash(_("Đã hủy, không có gì thay đổi."), "info")
    return redirect(url_for("catalog.import_items"))


@bp.route("/import/template.<any(xlsx, csv):kind>")
@require("round.view")
def template(kind: str):
    if kind == "xlsx":
        body, mimetype = template_xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, mimetype = template_csv(), "text/csv; charset=utf-8"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f"attachment; filename=mau-tieu-muc.{kind}"})


@bp.route("/tt35/import", methods=["GET", "POST"])
@require("catalog.manage")
def tt35_import():
    """The official TT 35/2024 list from a spreadsheet: checked and previewed; nothing is written yet."""
    form = UploadForm()
    if not form.validate_on_submit():
        if form.is_submitted():
            flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
        return render_template("catalog/tt35_import.html", form=form, plan=None, confirm=None)
    upload = form.file.data
    filename = upload.filename or ""
    extension = Path(filename).suffix.lower()
    limit = current_app.config.get("CATALOG_IMPORT_MAX_BYTES", current_app.config["UPLOAD_MAX_BYTES"])
    if extension not in EXTENSIONS:
        flash(_("Chỉ nhận tệp .xlsx hoặc .csv."), "error")
        return render_template("catalog/tt35_import.html", form=form, plan=None, confirm=None), 400
    data = upload.read(limit + 1)
    if len(data) > limit:
        flash(_("Tệp lớn quá %(mb)d MB.", mb=limit // (1024 * 1024) or 1), "error")
        return render_template("catalog/tt35_import.html", form=form, plan=None, confirm=None), 400
    plan = plan_item_import(filename, data)
    if not plan.ok:
        return render_template("catalog/tt35_import.html", form=form, plan=plan, confirm=None), 400
    confirm = ConfirmForm(token=_keep_upload(data, extension), filename=filename)
    return render_template("catalog/tt35_import.html", form=form, plan=plan, confirm=confirm)


@bp.route("/tt35/import/confirm", methods=["POST"])
@require("catalog.manage")
def tt35_confirm_import():
    """Apply the previewed list: every change or none."""
    form = ConfirmForm()
    path = _stored(form.token.data) if form.validate() else None
    if path is None:
        flash(_("Không tìm thấy tệp đã tải lên (có thể đã được nhập hoặc hủy). Hãy tải tệp lên lại."), "error")
        return redirect(url_for("catalog.tt35_import"))
    try:
        plan = plan_item_import(path.name, path.read_bytes())
        if not plan.ok:
            return render_template("catalog/tt35_import.html", form=UploadForm(), plan=plan, confirm=None), 400
        count = apply_item_import(plan, current_user)
    finally:
        path.unlink(missing_ok=True)
    flash(_("Đã nhập danh sách TT 35/2024: %(n)s mục thay đổi.", n=count), "success")
    return redirect(url_for("catalog.tt35_index"))
