"""Account operations: creating and changing accounts, passwords, installation grants, API tokens.

Who may grant what: a hospital's admin grants only roles of their own hospital; province accounts
and installation-level grants (roles.INSTALLATION_ROLES) need the installation admin
(`installation.manage`). A caller of None is the command line, run by whoever runs the server.
"""
from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta
from functools import cache
from importlib import resources

import sqlalchemy as sa

from quality_assess.auth.models import TOKEN_LIFETIME, TOKEN_NAME_MAX, ApiToken, LoginFailure, User
from quality_assess.auth.roles import ALL_ROLES, HOSPITAL_ROLES, INSPECTOR, INSTALLATION_ROLES, PROVINCE_ROLES
from quality_assess.database import db, utcnow
from quality_assess.domain import Forbidden, ValidationError
from quality_assess.history.models import record
from quality_assess.i18n import nfc
from quality_assess.org.models import Department, Hospital

MIN_PASSWORD_LENGTH = 10
MAX_TOKEN_DAYS = 366


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of passwords too common to allow (auth/common_passwords.txt), lower case."""
    text = resources.files("quality_assess.auth").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def check_password_rules(password: str, *, username: str, user: User | None = None) -> None:
    """At least MIN_PASSWORD_LENGTH characters, not the username, not a common password, and (for
    `user`, who has one) not their current password: the forced change refuses the one-time password."""
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError("Mật khẩu phải có ít nhất %(n)s ký tự.", field="password", n=MIN_PASSWORD_LENGTH)
    if username and password.casefold() == username.casefold():
        raise ValidationError("Mật khẩu không được trùng với tên đăng nhập.", field="password")
    if password.lower() in common_passwords():
        raise ValidationError("Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.", field="password")
    if user is not None and user.password_hash and user.check_password(password):
        raise ValidationError("Mật khẩu mới phải khác mật khẩu hiện tại.", field="password")


def generated_password() -> str:
    return secrets.token_urlsafe(12)


def _record_user(user: User, changes: dict, by: User | None) -> None:
    record("user", user.id, changes, user=by, hospital_id=user.hospital_id)


def _check_grant(role: str, hospital: Hospital | None, by: User | None) -> None:
    """`by` may give an account of `hospital` the role `role` (None: the command line may do anything)."""
    if role not in ALL_ROLES:
        raise ValidationError("Vai trò “%(role)s” không tồn tại.", field="role", role=role)
    if by is None or by.can("installation.manage"):
        return
    if role not in HOSPITAL_ROLES:
        raise Forbidden("Chỉ quản trị toàn hệ thống mới tạo được tài khoản cấp Sở Y tế.", field="role")
    if not by.can("users.manage") or hospital is None or hospital.id != by.hospital_id:
        raise Forbidden("Bạn chỉ quản lý được tài khoản của bệnh viện mình.", field="role")


def _check_manages(user: User, by: User | None) -> None:
    """Accounts above a hospital (installation grants, province) are managed by the installation admin only."""
    if by is None or by.can("installation.manage"):
        return
    if user.installation_role is not None or user.role in PROVINCE_ROLES or user.hospital_id != by.hospital_id:
        raise Forbidden("Chỉ quản trị toàn hệ thống mới thay đổi được tài khoản này.")


check_manages = _check_manages  # for a page that asks before an operation refuses


def create_user(
    *, username: str, password: str, role: str, hospital: Hospital | None, full_name: str = "",
    must_change_password: bool = False, department_id: int | None = None, by: User | None = None,
) -> User:
    username = nfc(username or "") or ""
    if not username or len(username) > 80 or any(ch.isspace() for ch in username):
        raise ValidationError("Tên đăng nhập không được trống, không chứa khoảng trắng, tối đa 80 ký tự.", field="username")
    _check_grant(role, hospital, by)
    if role not in PROVINCE_ROLES and hospital is None:
        raise ValidationError("Tài khoản này cần thuộc một bệnh viện.", field="hospital")
    check_password_rules(password, username=username)
    if db.session.scalar(sa.select(User.id).where(User.username == username)):
        raise ValidationError("Tên đăng nhập “%(username)s” đã được dùng.", field="username", username=username)
    user = User(
        username=username, role=role, hospital=hospital if role not in PROVINCE_ROLES else None, full_name=nfc(full_name) or "",
        must_change_password=must_change_password, department_id=department_id,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


KEEP = object()  # change_account: "leave this as it is"


def change_account(
    user: User, *, role: str, active: bool, by: User | None, full_name: str | None = None, department_id: object = KEEP,
) -> None:
    """A new name, role, department or (de)activation. A new role or a deactivation ends every session
    of the account (a deactivated account can neither log in nor use its API tokens); `full_name`
    None and `department_id` KEEP leave those as they are (None: no department)."""
    _check_manages(user, by)
    if by is not None and user.id == by.id and (role != user.role or not active):
        raise ValidationError("Bạn không thể tự đổi vai trò hoặc khóa tài khoản của chính mình.", field="role")
    if (role in PROVINCE_ROLES) != (user.role in PROVINCE_ROLES):
        raise ValidationError("Không thể chuyển tài khoản giữa cấp bệnh viện và cấp Sở Y tế.", field="role")
    _check_grant(role, user.hospital, by)
    name = user.full_name if full_name is None else (nfc(full_name) or "").strip()
    if len(name) > 200:
        raise ValidationError("Họ và tên tối đa %(n)s ký tự.", field="full_name", n=200)
    department = user.department_id if department_id is KEEP else department_id
    if department is not None and department != user.department_id:
        found = db.session.get(Department, department)
        if found is None or found.hospital_id != user.hospital_id or user.hospital_id is None:
            raise ValidationError("Khoa/phòng này không thuộc bệnh viện của tài khoản.", field="department_id")
    if role == user.role and active == user.active and name == user.full_name and department == user.department_id:
        return
    ends_sessions = role != user.role or active != user.active
    changes = {k: (old, new) for k, old, new in (
        ("full_name", user.full_name, name), ("role", user.role, role), ("active", user.active, active),
        ("department_id", user.department_id, department)) if old != new}
    _record_user(user, changes, by)
    user.role, user.active, user.full_name, user.department_id = role, active, name, department  # type: ignore[assignment]
    if ends_sessions:
        user.end_sessions()
    db.session.flush()


def set_active(user: User, active: bool, *, by: User | None) -> None:
    """Switch an account off (it cannot log in, its tokens stop working, its sessions end) or on again."""
    change_account(user, role=user.role, active=active, by=by)


def set_inspected_hospitals(user: User, hospital_ids: Iterable[int], *, by: User | None) -> None:
    """The hospitals whose inspection rounds a province inspector may create and write (installation admin only)."""
    if by is not None and not by.can("installation.manage"):
        raise Forbidden("Chỉ quản trị toàn hệ thống mới giao bệnh viện cho đoàn kiểm tra.")
    if user.role != INSPECTOR:
        raise ValidationError("Chỉ giao bệnh viện cho tài khoản đoàn kiểm tra của Sở Y tế.", field="hospitals")
    wanted = sorted(set(hospital_ids))
    hospitals = db.session.scalars(sa.select(Hospital).where(Hospital.id.in_(wanted)).order_by(Hospital.name)).all()
    if len(hospitals) != len(wanted):
        raise ValidationError("Có bệnh viện không tồn tại trong danh sách được chọn.", field="hospitals")
    before = [h.name for h in user.inspected_hospitals]
    if sorted(before) == sorted(h.name for h in hospitals):
        return
    user.inspected_hospitals = list(hospitals)
    _record_user(user, {"inspected_hospitals": (before, [h.name for h in hospitals])}, by)
    db.session.flush()


def set_installation_role(user: User, installation_role: str | None, *, by: User | None) -> None:
    if by is not None and not by.can("installation.manage"):
        raise Forbidden("Chỉ quản trị toàn hệ thống mới cấp được quyền cấp hệ thống.")
    if installation_role is not None and installation_role not in INSTALLATION_ROLES:
        raise ValidationError("Quyền “%(role)s” không tồn tại.", field="installation_role", role=installation_role)
    if by is not None and user.id == by.id and installation_role != user.installation_role:
        raise ValidationError("Bạn không thể tự bỏ quyền quản trị toàn hệ thống của mình.", field="installation_role")
    if installation_role == user.installation_role:
        return
    _record_user(user, {"installation_role": (user.installation_role, installation_role)}, by)
    user.installation_role = installation_role
    user.end_sessions()
    db.session.flush()


def change_password(user: User, *, current: str, new: str) -> None:
    """The user's own change: ends every other session (the caller logs this one in again)."""
    if not user.check_password(current):
        raise ValidationError("Mật khẩu hiện tại không đúng.", field="current")
    check_password_rules(new, username=user.username, user=user)
    user.set_password(new)
    user.must_change_password = False
    user.end_sessions()
    db.session.flush()


def reset_password(user: User, *, by: User | None) -> str:
    """A one-time password the user must change; ends the user's sessions and lifts their locks."""
    _check_manages(user, by)
    password = generated_password()
    user.set_password(password)
    user.must_change_password = True
    user.failed_logins, user.locked_until = 0, None
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.user_id == user.id))
    user.end_sessions()
    _record_user(user, {"password": (None, "reset")}, by)
    db.session.flush()
    return password


def issue_token(user: User, *, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new API token (its text is shown once; only its hash is kept)."""
    name = (nfc(name or "") or "").strip()
    if not name or len(name) > TOKEN_NAME_MAX:
        raise ValidationError("Tên mã API không được trống, tối đa %(n)s ký tự.", field="name", n=TOKEN_NAME_MAX)
    if days is not None and not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError("Thời hạn mã API phải từ 1 đến %(n)s ngày.", field="days", n=MAX_TOKEN_DAYS)
    row, token = ApiToken.issue(user, name=name, lifetime=timedelta(days=days) if days else TOKEN_LIFETIME)
    db.session.add(row)
    db.session.flush()
    return row, token


def revoke_token(token: ApiToken, *, by: User | None) -> None:
    """The owner, an admin of the owner's hospital, the installation admin or the command line."""
    if by is not None and by.id != token.user_id:
        if not by.can("users.manage") and not by.can("installation.manage"):
            raise Forbidden("Bạn không thể thu hồi mã API của người khác.")
        _check_manages(token.user, by)
    if token.revoked_at is not None:
        return
    token.revoked_at = utcnow()
    _record_user(token.user, {f"token:{token.id}": (token.name, "revoked")}, by)
    db.session.flush()
