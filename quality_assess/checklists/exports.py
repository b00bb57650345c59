"""Routes for templates (list, .xlsx import and export) and for PDF/.xlsx exports of audits and months."""
from __future__ import annotations

import io

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from quality_assess.checklists import operations, printing, spreadsheets, summary, teams
from quality_assess.checklists.blueprint import bp
from quality_assess.checklists.forms import TemplateImportForm
from quality_assess.checklists.loader import content
from quality_assess.checklists.models import Audit, ChecklistTemplate
from quality_assess.database import db
from quality_assess.domain import DomainError
from quality_assess.i18n import number
from quality_assess.org.models import Department, Hospital
from quality_assess.web.access import hospital_id, require, scoped_or_404
from quality_assess.web.refusals import refusals

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, name: str, mimetype: str):
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)


@bp.route("/templates")
@require("xsd.view")
def templates():
    hid = hospital_id()
    rows = db.session.scalars(
        sa.select(ChecklistTemplate).where(sa.or_(ChecklistTemplate.hospital_id.is_(None), ChecklistTemplate.hospital_id == hid))
        .order_by(ChecklistTemplate.code, ChecklistTemplate.version.desc())
    ).all()
    names = dict(db.session.execute(sa.select(Department.id, Department.name).where(Department.hospital_id == hid)).all())
    assigned = {code: sorted(names[i] for i in ids) for code, ids in teams.assigned_departments(hid).items()}
    return render_template("checklists/templates.html", templates=rows, form=TemplateImportForm(formdata=None), assigned=assigned)


def _visible_template(template_id: int) -> ChecklistTemplate:
    template = db.get_or_404(ChecklistTemplate, template_id)
    if template.hospital_id not in (None, hospital_id()):
        abort(404)
    return template


@bp.route("/templates/<int:template_id>.xlsx")
@require("xsd.view")
def template_xlsx(template_id: int):
    template = _visible_template(template_id)
    return _download(spreadsheets.template_xlsx(content(template)), f"{template.code}-v{template.version}.xlsx", XLSX)


@bp.route("/templates/import", methods=["POST"])
@require("xsd.manage")
def template_import():
    form = TemplateImportForm()
    upload = form.file.data
    with refusals():
        if not upload or not getattr(upload, "filename", ""):
            raise DomainError("Hãy chọn tệp .xlsx.")
        data = spreadsheets.template_from_xlsx(upload.read())
        template, outcome = operations.import_template(data, hospital_id=hospital_id(), user=current_user)
        flash(_("Đã nhập mẫu %(label)s.", label=template.label), "success")
    return redirect(url_for("checklists.templates"))


def _audit_and_result(audit_id: int):
    audit = scoped_or_404(Audit, audit_id)
    hospital = db.session.get(Hospital, audit.hospital_id)
    result = operations.audit_result(audit)
    return audit, result, hospital


@bp.route("/audits/<int:audit_id>.pdf")
@require("xsd.view")
def audit_pdf(audit_id: int):
    audit, result, hospital = _audit_and_result(audit_id)
    pdf = printing.audit_pdf(audit, result, operations.audit_grade(audit, result, hospital), hospital,
                             photo_dir=operations.photo_dir(), follow_ups=summary.follow_ups(hospital.id, audit_id=audit.id))
    return _download(pdf, f"xsd-{audit.id}.pdf", "application/pdf")


@bp.route("/audits/<int:audit_id>.xlsx")
@require("xsd.view")
def audit_xlsx(audit_id: int):
    audit, result, hospital = _audit_and_result(audit_id)
    band = operations.audit_grade(audit, result, hospital)
    return _download(spreadsheets.audit_xlsx(audit, result, number, band), f"xsd-{audit.id}.xlsx", XLSX)


def _month_rows(hospital: Hospital, year: int, month: int) -> tuple[str, list[dict], float | None]:
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        abort(404)
    grid = summary.year_grid(hospital.id, year)
    rows = []
    for department in grid.departments:
        cell = grid.cells.get((department.id, month))
        rows.append({"department": department.name, "date": cell.date if cell else None, "score": cell.score if cell else None,
                     "band": cell.band if cell else None,
                     "critical_failed": cell.critical_failed if cell else 0})
    title = f"KẾT QUẢ XANH – SẠCH – ĐẸP THÁNG {month:02d}/{year}"
    return title, rows, grid.hospital_month(month)


@bp.route("/months/<int:year>-<int:month>.pdf")
@require("xsd.view")
def month_pdf(year: int, month: int):
    hospital = db.get_or_404(Hospital, hospital_id())
    title, rows, score = _month_rows(hospital, year, month)
    return _download(printing.month_pdf(title, rows, score, hospital.xsd_target, hospital.name), f"xsd-{year}-{month:02d}.pdf", "application/pdf")


@bp.route("/months/<int:year>-<int:month>.xlsx")
@require("xsd.view")
def month_xlsx(year: int, month: int):
    hospital = db.get_or_404(Hospital, hospital_id())
    title, rows, _score = _month_rows(hospital, year, month)
    return _download(spreadsheets.month_xlsx(title, rows), f"xsd-{year}-{month:02d}.xlsx", XLSX)

