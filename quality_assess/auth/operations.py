"""Account operations."""
from __future__ import annotations

import secrets

import sqlalchemy as sa

from quality_assess.auth.models import User
from quality_assess.auth.roles import ALL_ROLES, PROVINCE
from quality_assess.database import db
from quality_assess.domain import ValidationError
from quality_assess.i18n import nfc
from quality_assess.org.models import Hospital

MIN_PASSWORD_LENGTH = 8


def check_password_rules(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationError("Mật khẩu phải có ít nhất %(n)s ký tự.", field="password", n=MIN_PASSWORD_LENGTH)


def generated_password() -> str:
    return secrets.token_urlsafe(12)


def create_user(
    *, username: str, password: str, role: str, hospital: Hospital | None, full_name: str = "",
    must_change_password: bool = False, department_id: int | None = None,
) -> User:
    username = nfc(username or "") or ""
    if not username or len(username) > 80 or any(ch.isspace() for ch in username):
        raise ValidationError("Tên đăng nhập không được trống, không chứa khoảng trắng, tối đa 80 ký tự.", field="username")
    if role not in ALL_ROLES:
        raise ValidationError("Vai trò “%(role)s” không tồn tại.", field="role", role=role)
    if role != PROVINCE and hospital is None:
        raise ValidationError("Tài khoản này cần thuộc một bệnh viện.", field="hospital")
    check_password_rules(password)
    if db.session.scalar(sa.select(User.id).where(User.username == username)):
        raise ValidationError("Tên đăng nhập “%(username)s” đã được dùng.", field="username", username=username)
    user = User(
        username=username, role=role, hospital=hospital if role != PROVINCE else None, full_name=nfc(full_name) or "",
        must_change_password=must_change_password, department_id=department_id,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user
