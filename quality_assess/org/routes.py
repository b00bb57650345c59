"""Hospital profile and departments."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from quality_assess.auth.access import hospital_id, require
from quality_assess.database import db
from quality_assess.domain import DomainError
from quality_assess.forms import first_error
from quality_assess.org.forms import DepartmentForm, HospitalForm
from quality_assess.org.models import Department, Hospital
from quality_assess.org.operations import add_department

bp = Blueprint("org", __name__)


@bp.route("/", methods=["GET", "POST"])
@require("round.view")
def profile():
    hospital = db.get_or_404(Hospital, hospital_id())
    form = HospitalForm(obj=hospital)
    if form.is_submitted():
        from flask_login import current_user

        if not current_user.can("hospital.manage"):
            from flask import abort

            abort(403)
        if form.validate():
            form.populate_obj(hospital)
            hospital.xsd_target = float(form.xsd_target.data)
            db.session.commit()
            flash(_("Đã lưu thông tin bệnh viện."), "success")
            return redirect(url_for("org.profile"))
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    return render_template("org/profile.html", form=form, hospital=hospital, department_form=DepartmentForm())


@bp.route("/departments", methods=["POST"])
@require("hospital.manage")
def departments():
    hospital = db.get_or_404(Hospital, hospital_id())
    form = DepartmentForm()
    if form.validate_on_submit():
        try:
            add_department(hospital, form.name.data, form.code.data or "", form.kind.data)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.text(), "error")
        else:
            flash(_("Đã thêm khoa/phòng."), "success")
    else:
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    return redirect(url_for("org.profile"))


@bp.route("/departments/<int:department_id>/toggle", methods=["POST"])
@require("hospital.manage")
def toggle_department(department_id: int):
    department = db.get_or_404(Department, department_id)
    if department.hospital_id != hospital_id():
        from flask import abort

        abort(404)
    department.active = not department.active
    db.session.commit()
    return redirect(url_for("org.profile"))
