"""Shared form pieces: Vietnamese validator messages (WTForms ships none) and NFC input."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import validators

from quality_assess.i18n import nfc


def required() -> validators.InputRequired:
    return validators.InputRequired(message=_l("Trường này là bắt buộc."))


def length(maximum: int, minimum: int = 0) -> validators.Length:
    return validators.Length(min=minimum, max=maximum, message=_l("Độ dài phải từ %(min)d đến %(max)d ký tự.", min=minimum, max=maximum))


def number_range(minimum: int | float, maximum: int | float) -> validators.NumberRange:
    return validators.NumberRange(min=minimum, max=maximum, message=_l("Giá trị phải từ %(min)s đến %(max)s.", min=minimum, max=maximum))


def optional() -> validators.Optional:
    return validators.Optional()


class Form(FlaskForm):
    """A FlaskForm whose string fields are NFC-normalised and trimmed."""

    class Meta:
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
