from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField

from quality_assess.forms import Form, length, number_range, optional, required

KIND_CHOICES = [("self", _l("Tự đánh giá")), ("inspection", _l("Đoàn kiểm tra"))]


class RoundForm(Form):
    name = StringField(_l("Tên đợt đánh giá"), validators=[required(), length(200, 1)])
    year = IntegerField(_l("Năm"), validators=[required(), number_range(2000, 2100)])
    kind = SelectField(_l("Loại"), choices=KIND_CHOICES)
    source_round_id = SelectField(_l("Sao chép từ đợt trước (không sao chép mức)"), coerce=int, validators=[optional()])
