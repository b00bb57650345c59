"""Forms of the reports domain."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, TextAreaField

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


OFF = ("", "0", "false", "off")   # a filter in a hand-written link: gaps=0 is off, not on


class CompareForm(Form):
    """Two rounds and the filters of their comparison, as GET parameters (a link to a filtered view can be shared).
    The rounds are not checked against the choices: a round the user may not see is a 404, as in the URL."""

    class Meta:
        csrf = False

    a = SelectField(_l("Đợt A"), coerce=id_value, validate_choice=False)
    b = SelectField(_l("Đợt B"), coerce=id_value, validate_choice=False)
    chapter = SelectField(_l("Chương"), default="")
    gaps = BooleanField(_l("Chỉ tiêu chí có chênh lệch"), false_values=OFF)
    b_lower = BooleanField(_l("Chỉ tiêu chí B thấp hơn A"), false_values=OFF)
