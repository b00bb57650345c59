from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DecimalField, SelectField, StringField

from quality_assess.forms import Form, length, number_range, optional, required
from quality_assess.limits import NAME_MAX, id_value

GRADES = ["Hạng đặc biệt", "Hạng I", "Hạng II", "Hạng III", "Hạng IV", "Chưa xếp hạng"]


class HospitalForm(Form):
    name = StringField(_l("Tên bệnh viện"), validators=[required(), length(NAME_MAX, 1)])
    grade = SelectField(_l("Hạng bệnh viện"), choices=[("", "—")] + [(g, g) for g in GRADES], validators=[optional()])
    province = StringField(_l("Tỉnh/thành phố"), validators=[optional(), length(100)])
    managing_agency = StringField(_l("Cơ quan chủ quản (để trống: Sở Y tế của tỉnh/thành phố)"),
                                  validators=[optional(), length(NAME_MAX)])
    address = StringField(_l("Địa chỉ"), validators=[optional(), length(300)])
    director_name = StringField(_l("Giám đốc"), validators=[optional(), length(NAME_MAX)])
    has_obstetrics = BooleanField(_l("Có khoa Sản (áp dụng chương E1)"))
    has_paediatrics = BooleanField(_l("Có khoa Nhi (áp dụng chương E2)"))
    xsd_target = DecimalField(_l("Mục tiêu điểm Xanh – Sạch – Đẹp"), places=1, validators=[required(), number_range(0, 100)])
    timezone = StringField(_l("Múi giờ (để trống: theo cài đặt chung)"), validators=[optional(), length(64)])


class DepartmentForm(Form):
    name = StringField(_l("Tên khoa/phòng"), validators=[required(), length(NAME_MAX, 1)])
    code = StringField(_l("Mã"), validators=[optional(), length(40)])
    kind = SelectField(
        _l("Loại"),
        choices=[("clinical", _l("Lâm sàng")), ("paraclinical", _l("Cận lâm sàng")), ("office", _l("Phòng chức năng"))],
    )


class RenameDepartmentForm(Form):
    name = StringField(_l("Tên khoa/phòng"), validators=[required(), length(NAME_MAX, 1)])


class MergeDepartmentForm(Form):
    target_id = SelectField(_l("Gộp vào khoa/phòng"), coerce=id_value, validators=[required()])


class FourEyesForm(Form):
    four_eyes = BooleanField(_l("Áp dụng nguyên tắc bốn mắt: người lưu câu trả lời hoặc sửa kế hoạch không tự duyệt"))
    reason = StringField(_l("Lý do (bắt buộc khi tắt)"), validators=[optional(), length(500)])
