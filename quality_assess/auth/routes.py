"""Login, logout, password change, own API tokens, language; the admin's user list; the installation page."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from quality_assess.auth import throttle
from quality_assess.auth.forms import (
    AccountForm, ConfirmResetForm, GrantForm, InspectedHospitalsForm, LoginForm, PasswordForm, PreferencesForm, ProvinceUserForm, RevokeTokenForm, TokenForm, UserForm,
)
from quality_assess.auth.models import ApiToken, User, check_unknown_password
from quality_assess.auth.operations import (
    KEEP, change_account, check_manages, change_password, create_user, generated_password, issue_token, reset_password as reset_account_password,
    revoke_token as revoke_api_token, set_inspected_hospitals, set_installation_role,
)
from quality_assess.auth.roles import INSPECTOR, PROVINCE, PROVINCE_ROLES
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
        # the hash runs for unknown usernames too, so the time taken does not tell which exist
        password_ok = user.check_password(form.password.data) if user is not None else check_unknown_password(form.password.data)
        if user is None or not password_ok or not user.active:
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
    current_user.end_sessions()  # a copied session or remember-me cookie stops working too
    logout_user()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        if form.new.data != form.confirm.data:
            flash(_("Hai lần nhập mật khẩu mới không khớp."), "error")
        else:
            with refusals():
                user = current_user._get_current_object()
                change_password(user, current=form.current.data, new=form.new.data)  # ends every session …
                remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
                login_user(user, remember=remember)  # … and this one goes on under the new generation
                flash(_("Đã đổi mật khẩu."), "success")
                return redirect(url_for("main.index"))
    return render_template("auth/password.html", form=form)


@bp.route("/account/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    """The user's own API tokens: issue one (shown once), see when each was used, revoke."""
    form = TokenForm()
    if form.validate_on_submit():
        with refusals():
            row, token = issue_token(current_user._get_current_object(), name=form.name.data, days=form.days.data)
            flash(_("Đã tạo mã API “%(name)s”. Mã (chỉ hiện một lần): %(token)s", name=row.name, token=token), "success")
            return redirect(url_for("auth.tokens"))
    elif form.is_submitted():
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    rows = db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == current_user.id).order_by(ApiToken.created_at.desc())).all()
    return render_template("auth/tokens.html", form=form, tokens=rows, revoke_form=RevokeTokenForm())


@bp.route("/account/tokens/revoke", methods=["POST"])
@login_required
def revoke_token():
    form = RevokeTokenForm()
    if not form.validate():
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
        return redirect(url_for("auth.tokens")), 400
    token = db.one_or_404(sa.select(ApiToken).where(ApiToken.id == form.token_id.data, ApiToken.user_id == current_user.id))
    revoke_api_token(token, by=current_user._get_current_object())
    flash(_("Đã thu hồi mã API “%(name)s”.", name=token.name), "success")
    return redirect(url_for("auth.tokens"))


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
    form = UserForm()  # offers only the roles of a hospital; create_user refuses the others
    departments = db.session.scalars(sa.select(Department).where(Department.hospital_id == hospital.id).order_by(Department.name)).all()
    form.department_id.choices = [(0, "—")] + [(d.id, d.name) for d in departments]
    status = 200
    if form.validate_on_submit():
        password = form.password.data or generated_password()
        with refusals() as refusal:
            user = create_user(
                username=form.username.data, password=password, role=form.role.data, hospital=hospital,
                full_name=form.full_name.data or "", must_change_password=not form.password.data,
                department_id=form.department_id.data or None, by=current_user._get_current_object(),
            )
            if form.password.data:
                flash(_("Đã tạo tài khoản %(u)s.", u=user.username), "success")
            else:
                flash(_("Đã tạo tài khoản %(u)s. Mật khẩu tạm (chỉ hiện một lần): %(p)s", u=user.username, p=password), "success")
            return redirect(url_for("auth.users"))
        status = refusal.status
    elif form.is_submitted():
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
        status = 400
    rows = db.session.scalars(sa.select(User).where(User.hospital_id == hospital.id).order_by(User.username)).all()
    live_tokens = db.session.scalars(
        sa.select(ApiToken).join(ApiToken.user)
        .where(User.hospital_id == hospital.id, ApiToken.revoked_at.is_(None), ApiToken.expires_at > utcnow())
        .order_by(User.username, ApiToken.created_at)
    ).all()
    return render_template(
        "auth/users.html", form=form, users=rows, tokens=live_tokens, roles=AccountForm().role.choices, departments=departments,
    ), status


def _managed_user_or_404(user_id: int) -> User:
    """Any account for the installation admin; otherwise an account of the admin's hospital (another
    hospital's user is a 404, like every other row)."""
    if current_user.can("installation.manage"):
        return db.get_or_404(User, user_id)
    hospital_id()  # 403 for accounts of no hospital
    return scoped_or_404(User, user_id)


def _back_to_list(user: User):
    return redirect(url_for("auth.installation" if user.role in PROVINCE_ROLES else "auth.users"))


@bp.route("/users/<int:user_id>/account", methods=["POST"])
@require("users.manage")
def edit_user(user_id: int):
    """A new name, role or department, or the account switched off or on (a new role or a switch ends
    the user's sessions). A field the form does not send stays as it is."""
    user = _managed_user_or_404(user_id)
    form = AccountForm()
    if not form.validate():
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    else:
        with refusals():
            change_account(
                user, role=form.role.data, active=form.active.data, by=current_user._get_current_object(),
                full_name=form.full_name.data if form.full_name.raw_data else None,
                department_id=(form.department_id.data or None) if form.department_id.raw_data else KEEP,
            )
            flash(_("Đã cập nhật tài khoản %(u)s.", u=user.username), "success")
    return _back_to_list(user)


@bp.route("/users/<int:user_id>/reset", methods=["POST"])
@require("users.manage")
def reset_password(user_id: int):
    """Two steps: the button of the list asks first (what a reset does), the confirmation resets."""
    user = _managed_user_or_404(user_id)
    check_manages(user, current_user._get_current_object())  # refused before asking, too
    form = ConfirmResetForm()
    if not form.validate():
        return render_template("auth/reset.html", user=user, form=form)
    password = reset_account_password(user, by=current_user._get_current_object())
    flash(_("Mật khẩu tạm mới của %(u)s (chỉ hiện một lần): %(p)s", u=user.username, p=password), "success")
    return _back_to_list(user)


@bp.route("/users/<int:user_id>/tokens/revoke", methods=["POST"])
@require("users.manage")
def revoke_user_token(user_id: int):
    user = _managed_user_or_404(user_id)
    form = RevokeTokenForm()
    if not form.validate():
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
        return _back_to_list(user)
    token = db.one_or_404(sa.select(ApiToken).where(ApiToken.id == form.token_id.data, ApiToken.user_id == user.id))
    revoke_api_token(token, by=current_user._get_current_object())
    flash(_("Đã thu hồi mã API “%(name)s” của %(u)s.", name=token.name, u=user.username), "success")
    return _back_to_list(user)


@bp.route("/installation", methods=["GET", "POST"])
@require("installation.manage")
def installation():
    """Above every hospital: province accounts and the installation-level grants."""
    form = ProvinceUserForm()
    if form.validate_on_submit():
        password = form.password.data or generated_password()
        with refusals():
            user = create_user(
                username=form.username.data, password=password, role=form.role.data or PROVINCE, hospital=None,
                full_name=form.full_name.data or "", must_change_password=not form.password.data, by=current_user._get_current_object(),
            )
            if form.password.data:
                flash(_("Đã tạo tài khoản %(u)s.", u=user.username), "success")
            else:
                flash(_("Đã tạo tài khoản %(u)s. Mật khẩu tạm (chỉ hiện một lần): %(p)s", u=user.username, p=password), "success")
            return redirect(url_for("auth.installation"))
    elif form.is_submitted():
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    province = db.session.scalars(
        sa.select(User).where(User.role.in_(PROVINCE_ROLES)).options(selectinload(User.inspected_hospitals)).order_by(User.username)
    ).all()
    granted = db.session.scalars(sa.select(User).where(User.installation_role.is_not(None)).order_by(User.username)).all()
    hospitals = db.session.scalars(sa.select(Hospital).order_by(Hospital.name)).all()
    return render_template("auth/installation.html", form=form, grant_form=GrantForm(), province=province, granted=granted,
                           hospitals=hospitals, inspector=INSPECTOR, inspect_form=InspectedHospitalsForm())


@bp.route("/installation/inspectors/<int:user_id>/hospitals", methods=["POST"])
@require("installation.manage")
def inspected_hospitals(user_id: int):
    """The hospitals a province inspector is given: it creates and writes their inspection rounds only."""
    user = db.get_or_404(User, user_id)
    form = InspectedHospitalsForm()
    form.hospitals.choices = [(h, "") for h in db.session.scalars(sa.select(Hospital.id))]
    if not form.validate():
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
        return redirect(url_for("auth.installation"))
    with refusals():
        set_inspected_hospitals(user, form.hospitals.data or [], by=current_user._get_current_object())
        flash(_("Đã cập nhật các bệnh viện giao cho %(u)s.", u=user.username), "success")
    return redirect(url_for("auth.installation"))


@bp.route("/installation/grant", methods=["POST"])
@require("installation.manage")
def installation_grant():
    form = GrantForm()
    if not form.validate():
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
        return redirect(url_for("auth.installation"))
    user = db.session.scalar(sa.select(User).where(User.username == form.username.data))
    if user is None:
        flash(_("Không có tài khoản “%(u)s”.", u=form.username.data), "error")
        return redirect(url_for("auth.installation"))
    with refusals():
        set_installation_role(user, form.installation_role.data or None, by=current_user._get_current_object())
        flash(_("Đã cập nhật quyền cấp hệ thống của %(u)s.", u=user.username), "success")
    return redirect(url_for("auth.installation"))
