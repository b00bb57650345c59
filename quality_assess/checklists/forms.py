"""Forms of Xanh – Sạch – Đẹp. The audit form is built from the template's items (rows, not columns)."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, DecimalField, HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget

from quality_assess.checklists.models import ChecklistItem
from quality_assess.checklists.operations import ItemInput, Photo
from quality_assess.forms import Form, length, number_range, optional, required
from quality_assess.limits import COMMENT_MAX, id_value


class NewAuditForm(Form):
    department_id = SelectField(_l("Khoa/phòng"), coerce=id_value, validators=[required()])
    template_id = SelectField(_l("Mẫu bảng kiểm"), coerce=id_value, validators=[required()])
    audit_date = DateField(_l("Ngày kiểm tra"), validators=[required()])
    team_id = SelectField(_l("Đoàn kiểm tra"), coerce=id_value, default=0)   # 0: one auditor, no team


class FollowUpForm(Form):
    """A follow-up action from an unmet item. The route fills the choices (items, departments, people)."""

    item_id = SelectField(_l("Mục chưa đạt"), coerce=id_value, default=0)   # 0: the audit as a whole
    text = TextAreaField(_l("Hành động khắc phục"), validators=[required(), length(COMMENT_MAX)])
    department_id = SelectField(_l("Khoa/phòng phụ trách"), coerce=id_value)  # not sent: the audited one
    owner_id = SelectField(_l("Người phụ trách"), coerce=id_value, default=0)
    due_date = DateField(_l("Hạn hoàn thành"), validators=[required()])


STATUS_CHOICES = [("not_started", _l("Chưa bắt đầu")), ("in_progress", _l("Đang thực hiện")), ("done", _l("Hoàn thành"))]


class FollowUpUpdateForm(Form):
    """A progress report by the department head: where the action is, what was done, a photo of it."""

    status = SelectField(_l("Trạng thái"), choices=STATUS_CHOICES, validators=[required()])
    note = TextAreaField(_l("Tiến độ / kết quả"), validators=[length(COMMENT_MAX)])
    photo = FileField(_l("Ảnh (JPEG, PNG, WebP)"))

    def photo_input(self) -> Photo | None:
        upload = self.photo.data
        data = upload.read() if upload and getattr(upload, "filename", "") else b""
        return Photo(data, upload.filename) if data else None


class SettingsForm(Form):
    target = DecimalField(_l("Mục tiêu điểm Xanh – Sạch – Đẹp"), places=1, validators=[required(), number_range(0, 100)])
    bands = TextAreaField(_l("Xếp loại (mỗi dòng: điểm tối thiểu rồi tên, ví dụ “90 Đạt tốt”)"), validators=[required(), length(1000)])


class TemplateImportForm(Form):
    file = FileField(_l("Tệp .xlsx"))


class SheetUploadForm(Form):
    """A workbook of the hospital's own (one checklist per sheet)."""

    file = FileField(_l("Tệp .xlsx của bệnh viện"))


class SheetReviewForm(Form):
    """The preview's form: the upload it is about; the mapping fields are read by sheet_routes."""

    token = HiddenField(validators=[required()])


class TemplateEditForm(Form):
    bands = TextAreaField(_l("Xếp loại của mẫu (mỗi dòng “từ–đến tên”, ví dụ “80–90 Đạt”; để trống: theo xếp loại của bệnh viện)"),
                          validators=[length(1000)])


def field_names(item: ChecklistItem) -> tuple[str, str, str]:
    return f"i{item.id}_points", f"i{item.id}_note", f"i{item.id}_photo"


def audit_form(items: list[ChecklistItem], answers: dict[int, Any], **kwargs: Any) -> Form:
    """A form with, per item, a choice (0…max or "không áp dụng"), a note and a photo."""

    class AuditForm(Form):
        pass

    for item in items:
        points, note, photo = field_names(item)
        choices = [(str(p), str(p)) for p in range(item.max_points, -1, -1)] + [("na", _l("KAD"))]
        answer = answers.get(item.id)
        setattr(AuditForm, points, RadioField(item.code, choices=choices, validate_choice=False,
                                              default=answer.choice if answer else None))
        setattr(AuditForm, note, TextAreaField(_l("Tồn tại / ghi chú"), default=answer.note if answer else "",
                                               validators=[length(COMMENT_MAX)]))
        setattr(AuditForm, photo, FileField(_l("Ảnh")))
        setattr(AuditForm, seen_name(item), HiddenField(default=str(answer.version) if answer else "0"))
    return AuditForm(**kwargs)


def seen_name(item: ChecklistItem) -> str:
    """The hidden field with the version of the item's answer the page showed ("0" when none yet)."""
    return f"i{item.id}_seen"


def item_inputs(form: Form, items: list[ChecklistItem]) -> dict[int, ItemInput]:
    inputs = {}
    for item in items:
        points, note, photo = (getattr(form, name) for name in field_names(item))
        upload = photo.data
        data = upload.read() if upload and getattr(upload, "filename", "") else b""
        seen = getattr(form, seen_name(item)).data or ""
        inputs[item.id] = ItemInput(choice=points.data or "", note=note.data or "",
                                    photo=Photo(data, upload.filename) if data else None,
                                    seen=int(seen) if seen.isascii() and seen.isdigit() and len(seen) < 10 else None)
    return inputs



class DeleteAuditForm(Form):
    """The delete page's button: a POST not sent from the page (no `confirmed`) deletes nothing."""

    confirmed = HiddenField(validators=[required()])


class TemplateDepartmentsForm(Form):
    """The departments a template is given to; none ticked: the template is hospital-wide."""

    department_ids = SelectMultipleField(_l("Khoa/phòng áp dụng"), coerce=id_value, validators=[optional()],
                                         widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    confirmed = HiddenField(validators=[required()])


class TeamForm(Form):
    name = StringField(_l("Tên đoàn"), validators=[required(), length(100)])


class TeamEditForm(Form):
    name = StringField(_l("Tên đoàn"), validators=[required(), length(100)])
    active = BooleanField(_l("Đang hoạt động"))


class TeamMemberForm(Form):
    user_id = SelectField(_l("Thành viên"), coerce=id_value, validators=[required()])
    position = StringField(_l("Chức danh trong đoàn"), validators=[length(100)])


class RemoveMemberForm(Form):
    confirmed = HiddenField(validators=[required()])


def item_member_field(item: ChecklistItem) -> str:
    return f"m{item.id}"


def team_items_form(items: list[ChecklistItem], choices: list[tuple[int, str]], chosen: dict[str, int], **kwargs: Any) -> Form:
    """Per item of a template, the member of the team who scores it (0: any member)."""

    class TeamItemsForm(Form):
        pass

    for item in items:
        setattr(TeamItemsForm, item_member_field(item), SelectField(item.code, coerce=id_value, choices=choices,
                                                                     default=chosen.get(item.code, 0)))
    return TeamItemsForm(**kwargs)
