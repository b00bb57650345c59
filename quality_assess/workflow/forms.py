from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField

from quality_assess.forms import Form, length, optional, required
from quality_assess.limits import COMMENT_MAX, id_value


class AssignmentForm(Form):
    target = StringField(_l("Tiêu chí hoặc chương (ví dụ A1.1 hoặc C4)"), validators=[required(), length(10, 2)])
    lead_department_id = SelectField(_l("Khoa/phòng chủ trì"), coerce=id_value, validators=[optional()])
    supporting_ids = SelectMultipleField(_l("Khoa/phòng phối hợp"), coerce=id_value, validators=[optional()])
    assessor_ids = SelectMultipleField(_l("Người đánh giá"), coerce=id_value, validators=[optional()])
    due_date = DateField(_l("Hạn hoàn thành"), validators=[optional()])
    version = IntegerField(validators=[optional()])  # the assignment's version when the form was shown (0 = none yet)


class EvidenceForm(Form):
    file = FileField(_l("Tệp minh chứng (PDF, ảnh, Word, Excel, PowerPoint)"), validators=[required()])
    sub_item = SelectField(_l("Gắn với tiểu mục"), validators=[optional()])
    next = HiddenField()


class ItemEvidenceForm(Form):
    file = FileField(_l("Tệp minh chứng (PDF, ảnh, Word, Excel, PowerPoint)"), validators=[required()])


class ReviewForm(Form):
    action = SelectField(_l("Thao tác"), choices=[("submit", _l("Gửi duyệt")), ("approve", _l("Duyệt")), ("return", _l("Trả lại"))])
    comment = TextAreaField(_l("Nhận xét"), validators=[optional(), length(COMMENT_MAX)])
    version = IntegerField(validators=[optional()])  # the result's version the reviewer saw
    next = HiddenField()


class SubmitRoundForm(Form):
    override_reason = TextAreaField(_l("Lý do nộp khi chưa duyệt đủ tiêu chí (chỉ phòng QLCL)"), validators=[optional(), length(COMMENT_MAX)])


class BulkReviewForm(Form):
    """The review queue: approve or return the ticked criteria (one, from the opened criterion, or many)."""

    # Each ticked row is "CODE:VERSION": the version the reviewer saw refuses a row changed since.
    selected = SelectMultipleField(_l("Tiêu chí đã chọn"), validate_choice=False)
    action = SelectField(_l("Thao tác"), choices=[("approve", _l("Duyệt")), ("return", _l("Trả lại"))])
    comment = TextAreaField(_l("Nhận xét (bắt buộc khi trả lại)"), validators=[optional(), length(COMMENT_MAX)])
    then = HiddenField()  # the criterion to open once this one is done ("move to the next")

    def selection(self) -> tuple[list[str], dict[str, int]]:
        """The ticked codes in order, and the version seen of each that carried one."""
        codes: list[str] = []
        versions: dict[str, int] = {}
        for value in self.selected.data or []:
            code, _sep, version = str(value).strip().partition(":")
            if not code:
                continue
            codes.append(code)
            try:
                versions[code] = id_value(version)
            except ValueError:  # no version (or not one): the row is reviewed as it is now
                pass
        return codes, versions
