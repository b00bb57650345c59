from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, SelectField, StringField

from quality_assess.auth.roles import ROLE_LABELS
from quality_assess.forms import Form, length, optional, required


class LoginForm(Form):
    username = StringField(_l("Tên đăng nhập"), validators=[required(), length(80)])
    password = PasswordField(_l("Mật khẩu"), validators=[required()])
    remember = BooleanField(_l("Ghi nhớ đăng nhập"))


class PasswordForm(Form):
    current = PasswordField(_l("Mật khẩu hiện tại"), validators=[required()])
    new = PasswordField(_l("Mật khẩu mới"), validators=[required()])
    confirm = PasswordField(_l("Nhập lại mật khẩu mới"), validators=[required()])


class UserForm(Form):
    username = StringField(_l("Tên đăng nhập"), validators=[required(), length(80)])
    full_name = StringField(_l("Họ và tên"), validators=[optional(), length(200)])
    role = SelectField(_l("Vai trò"), choices=[(k, v) for k, v in ROLE_LABELS.items()], validators=[required()])
    department_id = SelectField(_l("Khoa/phòng"), coerce=int, validators=[optional()])
    password = PasswordField(_l("Mật khẩu (để trống để tạo tự động)"), validators=[optional()])


class PreferencesForm(Form):
    locale = SelectField(_l("Ngôn ngữ"), choices=[("vi", "Tiếng Việt"), ("en", "English")])
