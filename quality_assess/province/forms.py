"""Forms of the province pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField

from quality_assess.forms import Form, length, number_range, required
from quality_assess.limits import NAME_MAX, YEAR_MAX, YEAR_MIN, id_value


class InspectionRoundForm(Form):
    hospital_id = SelectField(_l("Bệnh viện"), coerce=id_value, validators=[required()])
    name = StringField(_l("Tên đợt kiểm tra"), validators=[required(), length(NAME_MAX, 1)])
    year = IntegerField(_l("Năm"), validators=[required(), number_range(YEAR_MIN, YEAR_MAX)])


class LockForm(Form):
    """Locking the team's round is final (no page reopens it): a ticked box says so."""

    confirm = BooleanField(_l("Kết quả của đoàn đã đầy đủ; khóa đợt kiểm tra (không sửa được nữa)"), validators=[required()])
