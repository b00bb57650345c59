from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Field, HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import ValidationError as WTFormsValidationError

from quality_assess.assessments import scoring
from quality_assess.assessments.models import Result
from quality_assess.assessments.operations import Answer
from quality_assess.catalog.models import Criterion
from quality_assess.domain import ValidationError
from quality_assess.forms import Form, length, number_range, optional, required
from quality_assess.limits import NAME_MAX, NOTE_MAX, REASON_MAX, YEAR_MAX, YEAR_MIN, id_value

KIND_CHOICES = [("self", _l("Tự đánh giá")), ("inspection", _l("Đoàn kiểm tra"))]


class RoundForm(Form):
    name = StringField(_l("Tên đợt đánh giá"), validators=[required(), length(NAME_MAX, 1)])
    year = IntegerField(_l("Năm"), validators=[required(), number_range(YEAR_MIN, YEAR_MAX)])
    kind = SelectField(_l("Loại"), choices=KIND_CHOICES)
    source_round_id = SelectField(_l("Bắt đầu từ đợt trước"), coerce=id_value, validators=[optional()])
    carry_answers = BooleanField(_l("Mang theo câu trả lời và mức của đợt trước (mỗi tiêu chí cần xác nhận lại)"))
    framework = SelectField(_l("Bộ tiêu chuẩn"), default="qd6858")   # choices: the installation's frameworks


# ---------------------------------------------------------------- an item of a TT 35 round

TT35_CHOICES = [("yes", _l("Có")), ("no", _l("Không")), ("na", _l("Không áp dụng"))]


class ItemForm(Form):
    """One TT 35 item: Có / Không / Không áp dụng (with its reason), note, evidence, the department answering."""

    answer = RadioField(_l("Câu trả lời"), choices=TT35_CHOICES, validators=[optional()])
    reason = TextAreaField(_l("Lý do không áp dụng"), validators=[length(REASON_MAX)])
    note = TextAreaField(_l("Ghi chú"), validators=[length(NOTE_MAX)])
    evidence = TextAreaField(_l("Minh chứng (tài liệu, nơi lưu)"), validators=[length(NOTE_MAX)])
    version = HiddenField()
    action = HiddenField()

    def expected_version(self) -> int | None:
        try:
            return int(self.version.data) if self.version.data else None
        except ValueError:
            return None


class ItemReviewForm(Form):
    decision = RadioField(_l("Quyết định"), choices=[("approved", _l("Duyệt")), ("returned", _l("Trả lại"))],
                          validators=[required()])
    comment = TextAreaField(_l("Nhận xét"), validators=[length(REASON_MAX)])


class ItemDepartmentForm(Form):
    department_id = SelectField(_l("Khoa/phòng phụ trách"), coerce=id_value, validators=[optional()])


class RenameRoundForm(Form):
    name = StringField(_l("Tên đợt đánh giá"), validators=[required(), length(NAME_MAX, 1)])


class ReasonForm(Form):
    reason = TextAreaField(_l("Lý do"), validators=[required(), length(REASON_MAX, 1)])


class ConfirmForm(Form):
    """A confirmation page's button: a POST that does not come from the page (no `confirmed`) deletes nothing."""

    confirmed = HiddenField(validators=[required()])


# ---------------------------------------------------------------- the criterion page
# One WTForms form class per criterion (`criterion_form`): a radio group per sub-item, or per level when
# the hospital has not imported the official sub-items, plus not-applicable + reason, note and version.
# Nothing has a default: an unanswered group stays unanswered (the page never pre-fills "met").

YES_NO = ("yes", "no")
ITEM_LABELS = {
    "present": _l("Có"), "absent": _l("Không"),
    "met": _l("Đạt"), "unmet": _l("Không đạt"), "na": _l("Không áp dụng"),
    "yes": _l("Có"), "no": _l("Không"),
}
LEVEL1_CHOICES = [(v, ITEM_LABELS[v]) for v in (scoring.PRESENT, scoring.ABSENT)]
UPPER_CHOICES = [(v, ITEM_LABELS[v]) for v in (scoring.MET, scoring.UNMET, scoring.NA)]
YES_NO_CHOICES = [(v, ITEM_LABELS[v]) for v in YES_NO]


def field_label(name: str) -> str:
    """The Vietnamese name of a field of the criterion page (used in errors and in a stale edit's changes)."""
    if name.startswith("item-"):
        return _("Tiểu mục %(code)s", code=name[5:])
    if name.startswith("met_"):
        return _("Đạt tất cả tiểu mục Mức %(n)s", n=name[4:])
    return {
        "finding": _("Có phát hiện ở Mức 1"),
        "not_applicable": _("Không áp dụng"),
        "na_reason": _("Lý do không áp dụng"),
        "note": _("Ghi chú"),
        "version": _("Phiên bản"),
    }[name]


def show_value(value: object) -> str:
    if value is None or value == "":
        return _("(trống)")
    if value is True:
        return _("Có")
    if value is False:
        return _("Không")
    return str(ITEM_LABELS.get(str(value), value))


def values_from_result(result: Result) -> dict[str, Any]:
    """The stored answer in the page's terms."""
    def yn(v: bool | None) -> str | None:
        return None if v is None else ("yes" if v else "no")

    return {
        "not_applicable": result.not_applicable,
        "na_reason": result.na_reason,
        "finding": yn(result.finding_l1),
        "met": {n: yn(result.met.get(n)) for n in scoring.UPPER_LEVELS},
        "items": {a.sub_item.code: a.value for a in result.item_answers},
        "note": result.note,
    }


def _invalid(field: Field) -> WTFormsValidationError:
    value = field.raw_data[0] if field.raw_data else field.data
    return WTFormsValidationError(
        _("Trường “%(label)s”: giá trị “%(value)s” không hợp lệ.", label=field_label(field.name), value=value)
    )


class AnswerField(RadioField):
    """One radio group: one of its choices, or unanswered (None); any other value is refused naming the field."""

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = valuelist[0] or None if valuelist else None

    def pre_validate(self, form: Form) -> None:
        if self.data is not None and self.data not in {value for value, _label in self.choices}:
            raise _invalid(self)


class CheckField(BooleanField):
    """A checkbox whose only value is "1" (anything else is a tampered form, refused rather than read as ticked)."""

    def pre_validate(self, form: Form) -> None:
        if self.raw_data and self.raw_data[0] not in ("", "1"):
            raise _invalid(self)


class VersionField(HiddenField):
    """The version of the result the page showed (a digit string), None when not sent."""

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = valuelist[0] if valuelist else ""
        self.data = int(raw) if raw.isascii() and raw.isdigit() else (None if raw == "" else raw)  # "²".isdigit() too

    def pre_validate(self, form: Form) -> None:
        if self.data is not None and not isinstance(self.data, int):
            raise _invalid(self)


def max_length(maximum: int) -> Callable[[Form, Field], None]:
    def check(form: Form, field: Field) -> None:
        if len(field.data or "") > maximum:
            raise WTFormsValidationError(_("Trường “%(label)s” dài quá %(n)s ký tự.", label=field_label(field.name), n=maximum))

    return check


def reason_when_not_applicable(form: Form, field: Field) -> None:
    if form.not_applicable.data and not field.data:
        raise WTFormsValidationError(_("Cần ghi lý do khi đánh dấu tiêu chí không áp dụng."))


class InvalidAnswer(ValidationError):
    """The criterion form's first error, already in the user's language."""

    def __init__(self, field: str, text: str) -> None:
        super().__init__(text, field=field)

    def text(self) -> str:
        return self.message


class CriterionForm(Form):
    """The fields every criterion has; `criterion_form` adds its radio groups."""

    class Meta:
        csrf = False  # the app-wide CSRFProtect checks the token of every POST already

    not_applicable = CheckField(_l("Tiêu chí không áp dụng cho bệnh viện"))
    na_reason = StringField(_l("Lý do không áp dụng (bắt buộc khi đánh dấu)"), validators=[reason_when_not_applicable, max_length(REASON_MAX)])
    note = TextAreaField(_l("Ghi chú"), validators=[max_length(NOTE_MAX)])
    version = VersionField()
    action = HiddenField()  # the pressed button: "next" for "Lưu và tiếp"

    criterion: Criterion

    def item_field(self, code: str) -> AnswerField:
        return self[f"item-{code}"]

    def level_field(self, n: int) -> AnswerField:
        return self["finding" if n == 1 else f"met_{n}"]

    def values(self) -> dict[str, Any]:
        """What the form holds, in the terms of `values_from_result` (to compare with what is stored)."""
        per_level = not self.criterion.sub_items
        return {
            "not_applicable": bool(self.not_applicable.data),
            "na_reason": self.na_reason.data or "",
            "finding": self.level_field(1).data if per_level else None,
            "met": {n: self.level_field(n).data if per_level else None for n in scoring.UPPER_LEVELS},
            "items": {s.code: self.item_field(s.code).data for s in self.criterion.sub_items},
            "note": self.note.data or "",
        }

    def expected_version(self) -> int | None:
        """The version the page showed, once validated (answer() refuses anything but digits)."""
        return self.version.data if isinstance(self.version.data, int) else None

    def answer(self) -> Answer:
        """The validated Answer, or InvalidAnswer naming the first field in error."""
        if not self.validate():
            name, errors = next((name, errors) for name, errors in self.errors.items() if errors)
            raise InvalidAnswer(name, str(errors[0]))
        values = self.values()
        if values["not_applicable"]:
            return Answer(not_applicable=True, na_reason=values["na_reason"], note=values["note"])
        if self.criterion.sub_items:
            return Answer(items=values["items"], note=values["note"])

        def flag(v: str | None) -> bool | None:
            return None if v is None else v == "yes"

        return Answer(finding=flag(values["finding"]), met={n: flag(v) for n, v in values["met"].items()}, note=values["note"])


def criterion_form(criterion: Criterion, result: Result | None = None) -> CriterionForm:
    """The criterion page's form: filled from `result` (to show what is stored) or else from the request."""
    fields: dict[str, Any] = {}
    if criterion.sub_items:
        for sub in criterion.sub_items:
            fields[f"item-{sub.code}"] = AnswerField(sub.text, choices=LEVEL1_CHOICES if sub.level == 1 else UPPER_CHOICES)
    else:
        fields["finding"] = AnswerField(_l("Có phát hiện ở Mức 1 không?"), choices=YES_NO_CHOICES)
        for n in scoring.UPPER_LEVELS:
            fields[f"met_{n}"] = AnswerField(_l("Đạt tất cả tiểu mục Mức %(n)s?", n=n), choices=YES_NO_CHOICES)
    form_class = type(f"CriterionForm_{criterion.code}", (CriterionForm,), {**fields, "criterion": criterion})
    if result is None:
        return form_class(formdata=request.form)  # not request.files: an upload named like a field is no answer
    stored = values_from_result(result)
    data = {
        "not_applicable": stored["not_applicable"], "na_reason": stored["na_reason"], "note": stored["note"], "version": result.version,
        "finding": stored["finding"], **{f"met_{n}": v for n, v in stored["met"].items()},
        **{f"item-{code}": value for code, value in stored["items"].items()},
    }
    return form_class(formdata=None, data=data)


def changes(stored: Mapping[str, Any], typed: Mapping[str, Any], with_items: bool) -> list[tuple[str, str, str]]:
    """(field, stored value, your value) for each field where a stale edit differs from what is stored."""
    pairs: list[tuple[str, object, object]] = [
        ("not_applicable", stored["not_applicable"], typed["not_applicable"]),
        ("na_reason", stored["na_reason"], typed["na_reason"]),
    ]
    if with_items:
        codes = sorted(set(stored["items"]) | set(typed["items"]))
        pairs += [(f"item-{c}", stored["items"].get(c), typed["items"].get(c)) for c in codes]
    else:
        pairs.append(("finding", stored["finding"], typed["finding"]))
        pairs += [(f"met_{n}", stored["met"][n], typed["met"][n]) for n in scoring.UPPER_LEVELS]
    pairs.append(("note", stored["note"], typed["note"]))
    return [(field_label(name), show_value(a), show_value(b)) for name, a, b in pairs if (a or None) != (b or None)]


class ConfirmCarriedForm(Form):
    """"Xác nhận không thay đổi" on a carried criterion: the version the page showed, and "next" to walk on."""

    version = VersionField()
    action = HiddenField()

    def expected_version(self) -> int | None:
        return self.version.data if isinstance(self.version.data, int) else None
