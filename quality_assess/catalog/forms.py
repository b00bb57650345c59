from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, StringField, TextAreaField

from quality_assess.catalog.operations import TITLE_MAX
from quality_assess.forms import Form, length, required


class UploadForm(Form):
    file = FileField(_l("Tệp danh sách tiểu mục (.xlsx hoặc .csv)"), validators=[FileRequired(message=_l("Hãy chọn một tệp."))])


class ConfirmForm(Form):
    token = HiddenField(validators=[required()])
    filename = HiddenField()


class ItemTextForm(Form):
    title = TextAreaField(_l("Nội dung mục"), validators=[required(), length(2000, 1)])


class TitleForm(Form):
    title = StringField(_l("Tên tiêu chí"), validators=[required(), length(TITLE_MAX, 1)])
