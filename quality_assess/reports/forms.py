"""Forms of the reports domain."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import SelectField, TextAreaField

from quality_assess.forms import Form, length
from quality_assess.limits import id_value
from quality_assess.reports.operations import TEXT_MAX


class ReportTextForm(Form):
    strengths = TextAreaField(_l("V. Ưu điểm"), validators=[length(TEXT_MAX)])
    weaknesses = TextAreaField(_l("VI. Nhược điểm, vấn đề tồn tại"), validators=[length(TEXT_MAX)])
    priorities = TextAreaField(_l("VII. Vấn đề ưu tiên cải tiến"), validators=[length(TEXT_MAX)])
    solutions = TextAreaField(_l("VIII. Giải pháp, lộ trình, thời gian cải tiến"), validators=[length(TEXT_MAX)])
    commitment = TextAreaField(_l("IX. Kết luận, cam kết"), validators=[length(TEXT_MAX)])


class UploadForm(Form):
    file = FileField(_l("Tệp"))


class CompareForm(Form):
    class Meta:
        csrf = False

    a = SelectField(_l("Đợt A"), coerce=id_value)
    b = SelectField(_l("Đợt B"), coerce=id_value)
