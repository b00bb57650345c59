from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, PasswordField, SelectField, SelectMultipleField, StringField

from quality_assess.auth.models import TOKEN_NAME_MAX
from quality_assess.auth.roles import (
    HOSPITAL_ROLES, INSPECTOR, INSTALLATION_ROLE_LABELS, LEAST_POWERFUL_ROLE, PROVINCE, ROLE_LABELS,
)
from quality_assess.forms import Form, length, number_range, optional, required
from quality_assess.limits import id_value

# A hospital's admin is offered only the roles of a hospital (the server refuses others too).
HOSPITAL_ROLE_CHOICES = [(k, v) for k, v in ROLE_LABELS.items() if k in HOSPITAL_ROLES]


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
    role = SelectField(_l("Vai trò"), choices=HOSPITAL_ROLE_CHOICES, default=LEAST_POWERFUL_ROLE, validators=[required()], validate_choice=False)
    department_id = SelectField(_l("Khoa/phòng"), coerce=id_value, validators=[optional()])
    password = PasswordField(_l("Mật khẩu (để trống để tạo tự động)"), validators=[optional()])


class AccountForm(Form):
    """A hospital account's name, role, department and whether it may log in. A name or department
    the request does not send is left as it is (the older one-line form sent only role and active)."""

    full_name = StringField(_l("Họ và tên"), validators=[optional(), length(200)])
    role = SelectField(_l("Vai trò"), choices=HOSPITAL_ROLE_CHOICES, validators=[required()], validate_choice=False)
    department_id = SelectField(_l("Khoa/phòng"), coerce=id_value, validators=[optional()], validate_choice=False)
    active = BooleanField(_l("Đang hoạt động"))


class ConfirmResetForm(Form):
    """The second step of a password reset: the admin has read what it does."""

    confirm = BooleanField(validators=[required()])


class ProvinceUserForm(Form):
    role = SelectField(_l("Loại tài khoản"), choices=[(PROVINCE, ROLE_LABELS[PROVINCE]), (INSPECTOR, ROLE_LABELS[INSPECTOR])],
                       default=PROVINCE, validators=[optional()])   # an older form that sends none: Sở Y tế
    username = StringField(_l("Tên đăng nhập"), validators=[required(), length(80)])
    full_name = StringField(_l("Họ và tên"), validators=[optional(), length(200)])
    password = PasswordField(_l("Mật khẩu (để trống để tạo tự động)"), validators=[optional()])


class InspectedHospitalsForm(Form):
    """The hospitals given to a province inspector (the route sets the choices; the operation checks them)."""

    hospitals = SelectMultipleField(_l("Bệnh viện được giao"), coerce=id_value, validators=[optional()])


class GrantForm(Form):
    username = StringField(_l("Tên đăng nhập"), validators=[required(), length(80)])
    installation_role = SelectField(
        _l("Quyền cấp hệ thống"), choices=[("", _l("Không có"))] + [(k, v) for k, v in INSTALLATION_ROLE_LABELS.items()],
        validators=[optional()],
    )


class TokenForm(Form):
    name = StringField(_l("Tên (dùng cho việc gì)"), validators=[required(), length(TOKEN_NAME_MAX)])
    days = IntegerField(_l("Thời hạn (ngày, mặc định 90)"), validators=[optional(), number_range(1, 366)])


class RevokeTokenForm(Form):
    token_id = IntegerField(validators=[required(), number_range(1, 2**31 - 1)])  # an id the database can hold


class PreferencesForm(Form):
    locale = SelectField(_l("Ngôn ngữ"), choices=[("vi", "Tiếng Việt"), ("en", "English")])
