"""Shared form pieces: Vietnamese validator messages (WTForms ships none) and NFC input."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import gettext, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import validators

from quality_assess.i18n import N_, nfc

# WTForms' and Flask-WTF's own messages (English, and WTForms ships no Vietnamese) → ours, in the user's
# language. Placeholders are kept: WTForms fills them in after translating. Other text passes unchanged
# (a field's default label); tests/i18n checks that every message WTForms and Flask-WTF can say is listed.
BUILT_IN_MESSAGES: dict[str, str] = {
    "Not a valid choice.": N_("Lựa chọn không hợp lệ."),
    "Invalid Choice: could not coerce.": N_("Lựa chọn không hợp lệ."),
    "Choices cannot be None.": N_("Lựa chọn không hợp lệ."),
    "Invalid choice(s): one or more data inputs could not be coerced.": N_("Có lựa chọn không hợp lệ."),
    "'%(value)s' is not a valid choice for this field.": N_("“%(value)s” không phải là lựa chọn hợp lệ."),
    "'%(value)s' are not valid choices for this field.": N_("“%(value)s” không phải là lựa chọn hợp lệ."),
    "Not a valid integer value.": N_("Giá trị phải là một số nguyên."),
    "Not a valid decimal value.": N_("Giá trị phải là một số."),
    "Not a valid float value.": N_("Giá trị phải là một số."),
    "Not a valid date value.": N_("Ngày không hợp lệ."),
    "Not a valid datetime value.": N_("Ngày giờ không hợp lệ."),
    "Not a valid time value.": N_("Giờ không hợp lệ."),
    "Not a valid week value.": N_("Tuần không hợp lệ."),
    "This field is required.": N_("Trường này là bắt buộc."),
    "Invalid input.": N_("Giá trị không hợp lệ."),
    "Field must be equal to %(other_name)s.": N_("Trường này phải giống trường %(other_name)s."),
    "Number must be at least %(min)s.": N_("Giá trị phải từ %(min)s trở lên."),
    "Number must be at most %(max)s.": N_("Giá trị không được lớn hơn %(max)s."),
    "Number must be between %(min)s and %(max)s.": N_("Giá trị phải từ %(min)s đến %(max)s."),
    "Field must be at least %(min)d character long.": N_("Cần ít nhất %(min)d ký tự."),
    "Field must be at least %(min)d characters long.": N_("Cần ít nhất %(min)d ký tự."),
    "Field cannot be longer than %(max)d character.": N_("Không được dài quá %(max)d ký tự."),
    "Field cannot be longer than %(max)d characters.": N_("Không được dài quá %(max)d ký tự."),
    "Field must be exactly %(max)d character long.": N_("Cần đúng %(max)d ký tự."),
    "Field must be exactly %(max)d characters long.": N_("Cần đúng %(max)d ký tự."),
    "Field must be between %(min)d and %(max)d characters long.": N_("Độ dài phải từ %(min)d đến %(max)d ký tự."),
    "Invalid CSRF Token.": N_("Mã bảo vệ biểu mẫu (CSRF) không hợp lệ. Vui lòng tải lại trang và thử lại."),
    "CSRF token missing.": N_("Mã bảo vệ biểu mẫu (CSRF) không hợp lệ. Vui lòng tải lại trang và thử lại."),
    "CSRF failed.": N_("Mã bảo vệ biểu mẫu (CSRF) không hợp lệ. Vui lòng tải lại trang và thử lại."),
    "CSRF token expired.": N_("Mã bảo vệ biểu mẫu (CSRF) không hợp lệ. Vui lòng tải lại trang và thử lại."),
    "The CSRF token is missing.": N_("Mã bảo vệ biểu mẫu (CSRF) không hợp lệ. Vui lòng tải lại trang và thử lại."),
    "File does not have an approved extension.": N_("Loại tệp không được chấp nhận."),
    "File does not have an approved extension: {extensions}": N_("Loại tệp không được chấp nhận (chỉ nhận: {extensions})."),
    "Date must be at least %(min)s.": N_("Ngày không được trước %(min)s."),
    "Date must be at most %(max)s.": N_("Ngày không được sau %(max)s."),
    "Date must be between %(min)s and %(max)s.": N_("Ngày phải từ %(min)s đến %(max)s."),
    "Invalid IP address.": N_("Địa chỉ IP không hợp lệ."),
    "Invalid Mac address.": N_("Địa chỉ MAC không hợp lệ."),
    "Invalid URL.": N_("Địa chỉ URL không hợp lệ."),
    "Invalid UUID.": N_("UUID không hợp lệ."),
    "Invalid email address.": N_("Địa chỉ email không hợp lệ."),
    "Invalid field name '%s'.": N_("Tên trường “%s” không hợp lệ."),
    "Invalid value, can't be any of: %(values)s.": N_("Giá trị không được là một trong: %(values)s."),
    "Invalid value, must be one of: %(values)s.": N_("Giá trị phải là một trong: %(values)s."),
    "This field cannot be edited.": N_("Trường này không sửa được."),
    "This field is disabled and cannot have a value.": N_("Trường này bị khóa và không nhận giá trị."),
}


class BuiltInMessages:
    """WTForms' `translations` interface (gettext, ngettext) answering with BUILT_IN_MESSAGES."""

    def gettext(self, string: str) -> str:
        return gettext(BUILT_IN_MESSAGES[string]) if string in BUILT_IN_MESSAGES else string

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        # Vietnamese has one form; each pair maps to one message id, translated like any other.
        return self.gettext(singular if n == 1 else plural)


BUILT_IN = BuiltInMessages()


def required() -> validators.InputRequired:
    return validators.InputRequired(message=_l("Trường này là bắt buộc."))


def length(maximum: int, minimum: int = 0) -> validators.Length:
    return validators.Length(min=minimum, max=maximum, message=_l("Độ dài phải từ %(min)d đến %(max)d ký tự.", min=minimum, max=maximum))


def number_range(minimum: int | float, maximum: int | float) -> validators.NumberRange:
    return validators.NumberRange(min=minimum, max=maximum, message=_l("Giá trị phải từ %(min)s đến %(max)s.", min=minimum, max=maximum))


def sent() -> Callable[[Any, Any], None]:
    """The field must be in the POST, empty or not: the page always sends it, so a form without it was not
    made by the page (without this, WTForms would keep the value the form was built from)."""

    def check(form: Any, field: Any) -> None:
        if not field.raw_data:
            raise validators.StopValidation(_l("Biểu mẫu thiếu trường này; hãy tải lại trang và thử lại."))

    return check


def optional() -> validators.Optional:
    return validators.Optional()


class Form(FlaskForm):
    """A FlaskForm whose string fields are NFC-normalised and trimmed."""

    class Meta:
        def get_translations(self, form: Any) -> BuiltInMessages:
            return BUILT_IN

        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            filters = list(unbound_field.kwargs.get("filters", []))
            if unbound_field.field_class.__name__ in {"StringField", "TextAreaField", "PasswordField", "SearchField"}:
                if unbound_field.field_class.__name__ != "PasswordField":
                    filters.append(lambda v: nfc(v) if isinstance(v, str) else v)
            return unbound_field.bind(form=form, filters=filters, **options)


def first_error(form: FlaskForm) -> str | None:
    for name, errors in form.errors.items():
        if errors:
            label = getattr(form, name).label.text if hasattr(form, name) else name
            return f"{label}: {errors[0]}"
    return None
