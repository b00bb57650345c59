"""The GET forms of the year-over-year table and the trend (no CSRF: they only choose what to read)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, SelectMultipleField, widgets

from quality_assess.forms import Form
from quality_assess.limits import id_value


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class YearOverYearForm(Form):
    class Meta:
        csrf = False

    previous = CheckboxesField(_l("Các đợt trước để so sánh"), coerce=id_value)
    chosen = HiddenField(default="1")   # the form was sent (an empty choice is then an error, not "the default")


class TrendForm(Form):
    class Meta:
        csrf = False

    kind = SelectField(_l("Loại đợt"), choices=[("self", _l("Tự đánh giá")), ("inspection", _l("Đoàn kiểm tra"))], default="self")
    hospital = SelectField(_l("Bệnh viện"), coerce=id_value, validate_choice=True)
