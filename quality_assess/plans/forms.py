"""Forms of the plans domain (labels built at import: _l)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, DecimalField, HiddenField, IntegerField, SelectField, StringField, TextAreaField

from quality_assess.forms import Form, length, number_range, optional, required, sent
from quality_assess.limits import COMMENT_MAX, id_value
from quality_assess.plans.reading import STATUS_LABELS

STATUS_CHOICES = list(STATUS_LABELS.items())


class GenerateForm(Form):
    round_id = SelectField(_l("Đợt đánh giá"), coerce=id_value, validators=[required()])
    include_level_3 = BooleanField(_l("Thêm cả các tiêu chí Mức 3"))


class RegenerateForm(Form):
    round_id = SelectField(_l("Đợt đánh giá"), coerce=int, validators=[required()])
    include_level_3 = BooleanField(_l("Thêm cả các tiêu chí Mức 3"))
    expected = HiddenField()   # the fingerprint of the changes shown: confirming applies those, or is refused
    confirm = BooleanField(_l("Tôi đã xem các thay đổi và xác nhận lập lại kế hoạch"))


class TargetForm(Form):
    mean_min = DecimalField(_l("Điểm trung bình mục tiêu (từ)"), places=2, validators=[optional(), number_range(1, 5)])
    mean_max = DecimalField(_l("Điểm trung bình mục tiêu (đến)"), places=2, validators=[optional(), number_range(1, 5)])
    no_level_1 = BooleanField(_l("Không còn tiêu chí nào ở Mức 1"), default=True)
    xsd_target = DecimalField(_l("Điểm Xanh – Sạch – Đẹp mục tiêu"), places=1, validators=[optional(), number_range(0, 100)])
    criteria = TextAreaField(_l("Mức mục tiêu theo tiêu chí (mỗi dòng: mã = mức)"), validators=[sent(), optional(), length(5000)])


class EntryTargetForm(Form):
    target_level = IntegerField(_l("Mức mục tiêu"), validators=[required(), number_range(1, 5)])


class ActionForm(Form):
    text = TextAreaField(_l("Nội dung hành động"), validators=[required(), length(COMMENT_MAX, 1)])
    department_id = SelectField(_l("Khoa/phòng phụ trách"), coerce=id_value, validators=[optional()])
    responsible_id = SelectField(_l("Người phụ trách"), coerce=id_value, validators=[optional()])
    start_date = DateField(_l("Ngày bắt đầu"), validators=[optional()])
    due_date = DateField(_l("Hạn hoàn thành"), validators=[optional()])
    status = SelectField(_l("Trạng thái"), choices=STATUS_CHOICES, default="todo")
    evidence = TextAreaField(_l("Minh chứng (đường dẫn hoặc mô tả, mỗi dòng một mục)"), validators=[optional(), length(5000)])


class ProgressForm(Form):
    status = SelectField(_l("Trạng thái"), choices=STATUS_CHOICES)
    note = StringField(_l("Ghi chú tiến độ"), validators=[optional(), length(COMMENT_MAX)])
    evidence = TextAreaField(_l("Minh chứng (đường dẫn hoặc mô tả, mỗi dòng một mục)"), validators=[optional(), length(5000)])


class DeletePlanForm(Form):
    """The delete page's button: a POST not sent from the page (no `confirmed`) deletes nothing."""

    confirmed = HiddenField(validators=[required()])
