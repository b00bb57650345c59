"""Login, logout, password change, language, and the admin's user list."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from quality_assess.auth import throttle
from quality_assess.auth.forms import LoginForm, PasswordForm, PreferencesForm, UserForm
from quality_assess.auth.models import User
from quality_assess.auth.operations import check_password_rules, create_user, generated_password
from quality_assess.database import db, utcnow
from quality_assess.forms import first_error
from quality_assess.org.models import Department, Hospital
from quality_assess.web.access import hospital_id, require, scoped_or_404
from quality_assess.web.redirects import safe_next
from quality_assess.web.refusals import refusals
from quality_assess.web.transaction import keep_changes

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(sa.select(User).where(User.username == form.username.data))
        throttled, address = current_app.config["RATELIMIT_ENABLED"], throttle.client_address()
        until = throttle.locked_until(user, address) if throttled else None
        if until is not None:  # checked before the password, so guessing during a lock learns nothing
            flash(throttle.lock_message(until), "error")
            return render_template("auth/login.html", form=form), 429
        if user is None or not user.check_password(form.password.data) or not user.active:
            if throttled:
                throttle.record_failure(user, address)
                keep_changes()  # the counters outlive the refusal
            flash(_("Tên đăng nhập hoặc mật khẩu không đúng."), "error")
            return render_template("auth/login.html", form=form), 401
        session.clear()  # a fresh session at login (no fixation)
        session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME
        login_user(user, remember=form.remember.data)
        throttle.record_success(user, address)
        user.last_login_at = utcnow()
        if user.must_change_password:
            flash(_("Vui lòng đổi mật khẩu trước khi tiếp tục."), "info")
            return redirect(url_for("auth.password"))
        return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            flash(_("Mật khẩu hiện tại không đúng."), "error")
        elif form.new.data != form.confirm.data:
            flash(_("Hai lần nhập mật khẩu mới không khớp."), "error")
        else:
            with refusals():
                check_password_rules(form.new.data)
                current_user.set_password(form.new.data)
                current_user.must_change_password = False
                flash(_("Đã đổi mật khẩu."), "success")
                return redirect(url_for("main.index"))
    return render_template("auth/password.html", form=form)


@bp.route("/account/preferences", methods=["POST"])
@login_required
def preferences():
    form = PreferencesForm()
    if form.validate_on_submit():
        current_user.locale = form.locale.data
    return redirect(safe_next(request.form.get("next")))


@bp.route("/users", methods=["GET", "POST"])
@require("users.manage")
def users():
    hospital = db.get_or_404(Hospital, hospital_id())
    form = UserForm()
    departments = db.session.scalars(sa.select(Department).where(Department.hospital_id == hospital.id).order_by(Department.name)).all()
    form.department_id.choices = [(0, "—")] + [(d.id, d.name) for d in departments]
    if form.validate_on_submit():
        password = form.password.data or generated_password()
        with refusals():
            user = create_user(
                username=form.username.data, password=password, role=form.role.data, hospital=hospital,
                full_name=form.full_name.data or "", must_change_password=not form.password.data,
                department_id=form.department_id.data or None,
            )
            if form.password.data:
                flash(_("Đã tạo tài khoản %(u)s.", u=user.username), "success")
            else:
                flash(_("Đã tạo tài khoản %(u)s. Mật khẩu tạm (chỉ hiện một lần): %(p)s", u=user.username, p=password), "success")
            return redirect(url_for("auth.users"))
    elif form.is_submitted():
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    rows = db.session.scalars(sa.select(User).where(User.hospital_id == hospital.id).order_by(User.username)).all()
    return render_template("auth/users.html", form=form, users=rows)


@bp.route("/users/<int:user_id>/reset", methods=["POST"])
@require("users.manage")
def reset_password(user_id: int):
    hospital_id()  # 403 for accounts of no hospital
    user = scoped_or_404(User, user_id)  # 404 for another hospital's user, like every other row
    password = generated_password()
    user.set_password(password)
    user.must_change_password = True
    user.failed_logins, user.locked_until = 0, None
    flash(_("Mật khẩu tạm mới của %(u)s (chỉ hiện một lần): %(p)s", u=user.username, p=password), "success")
    return redirect(url_for("auth.users"))
