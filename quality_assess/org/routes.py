"""Hospital profile and departments."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from quality_assess import clock
from quality_assess.database import db
from quality_assess.forms import first_error
from quality_assess.history.models import ChangeLog
from quality_assess.org.forms import DepartmentForm, FourEyesForm, HospitalForm, MergeDepartmentForm, RenameDepartmentForm
from quality_assess.org.models import Department, Hospital
from quality_assess.org.operations import (
    PROFILE_FIELDS, add_department, merge_department, rename_department, set_department_active, set_four_eyes,
    update_profile,
)
from quality_assess.web.access import hospital_id, require
from quality_assess.web.refusals import refusals

bp = Blueprint("org", __name__)


@bp.route("/", methods=["GET", "POST"])
@require(read="round.view", write="hospital.manage")
def profile():
    hospital = db.get_or_404(Hospital, hospital_id())
    form = HospitalForm(obj=hospital)
    form.timezone.render_kw = {"placeholder": clock.installation_zone_name()}  # what an empty field means
    status = 200
    if form.is_submitted():
        if form.validate():
            with refusals() as refusal:
                update_profile(hospital, {name: form[name].data for name in PROFILE_FIELDS}, user=current_user)
                flash(_("Đã lưu thông tin bệnh viện."), "success")
                return redirect(url_for("org.profile"))
            status = refusal.status
        else:
            flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
            status = 400
    return render_template("org/profile.html", form=form, hospital=hospital, department_form=DepartmentForm(),
                           four_eyes_form=FourEyesForm(formdata=None, four_eyes=hospital.four_eyes)), status


@bp.route("/four-eyes", methods=["POST"])
@require("hospital.manage")
def four_eyes():
    """Switch the four-eyes rule on or off (off needs a reason); the trail keeps who, when and why."""
    hospital = db.get_or_404(Hospital, hospital_id())
    form = FourEyesForm()
    if form.validate():
        with refusals():
            set_four_eyes(hospital, form.four_eyes.data, reason=form.reason.data, user=current_user)
            flash(_("Đã bật nguyên tắc bốn mắt.") if hospital.four_eyes else _("Đã tắt nguyên tắc bốn mắt."), "success")
    else:
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    return redirect(url_for("org.profile", _anchor="four-eyes"))


@bp.route("/departments", methods=["POST"])
@require("hospital.manage")
def departments():
    hospital = db.get_or_404(Hospital, hospital_id())
    form = DepartmentForm()
    if form.validate_on_submit():
        with refusals():
            add_department(hospital, form.name.data, form.code.data or "", form.kind.data)
            flash(_("Đã thêm khoa/phòng."), "success")
    else:
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    return redirect(url_for("org.profile"))


def _own_department(department_id: int) -> Department:
    return db.one_or_404(sa.select(Department).where(Department.id == department_id, Department.hospital_id == hospital_id()))


@bp.route("/departments/<int:department_id>/toggle", methods=["POST"])
@require("hospital.manage")
def toggle_department(department_id: int):
    department = _own_department(department_id)
    set_department_active(department, not department.active, user=current_user)
    return redirect(url_for("org.profile"))


def _merge_form(department: Department) -> MergeDepartmentForm:
    form = MergeDepartmentForm()
    others = db.session.scalars(sa.select(Department).where(
        Department.hospital_id == department.hospital_id, Department.id != department.id, Department.active
    ).order_by(Department.name))
    form.target_id.choices = [(d.id, d.name) for d in others]
    return form


@bp.route("/departments/<int:department_id>", methods=["GET", "POST"])
@require("hospital.manage")
def edit_department(department_id: int):
    """Rename a department (the trail keeps the old name); the merge form posts to merge_department."""
    department = _own_department(department_id)
    form = RenameDepartmentForm(data={"name": department.name})
    if form.is_submitted():
        if form.validate():
            with refusals():
                old = department.name
                rename_department(department, form.name.data, user=current_user)
                flash(_("Đã đổi tên “%(old)s” thành “%(name)s”.", old=old, name=department.name), "success")
                return redirect(url_for("org.profile"))
        else:
            flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    history = db.session.scalars(sa.select(ChangeLog).where(
        ChangeLog.entity == "department", ChangeLog.entity_id == department.id).order_by(ChangeLog.at.desc(), ChangeLog.id.desc())).all()
    return render_template("org/department.html", department=department, form=form, merge_form=_merge_form(department), history=history)


@bp.route("/departments/<int:department_id>/merge", methods=["POST"])
@require("hospital.manage")
def merge_department_into(department_id: int):
    department = _own_department(department_id)
    form = _merge_form(department)
    if not form.validate():
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
        return redirect(url_for("org.edit_department", department_id=department.id))
    target = _own_department(form.target_id.data)
    with refusals():
        merge_department(department, target, user=current_user)
        flash(_("Đã gộp “%(source)s” vào “%(target)s”.", source=department.name, target=target.name), "success")
    return redirect(url_for("org.profile"))
