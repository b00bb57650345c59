from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField

from quality_assess.assessments import scoring
from quality_assess.assessments.models import Result
from quality_assess.assessments.operations import Answer
from quality_assess.catalog.models import Criterion
from quality_assess.domain import ValidationError
from quality_assess.forms import Form, length, number_range, optional, required
from quality_assess.i18n import nfc

KIND_CHOICES = [("self", _l("Tự đánh giá")), ("inspection", _l("Đoàn kiểm tra"))]


class RoundForm(Form):
    name = StringField(_l("Tên đợt đánh giá"), validators=[required(), length(200, 1)])
    year = IntegerField(_l("Năm"), validators=[required(), number_range(2000, 2100)])
    kind = SelectField(_l("Loại"), choices=KIND_CHOICES)
    source_round_id = SelectField(_l("Sao chép từ đợt trước (không sao chép mức)"), coerce=int, validators=[optional()])


# ---------------------------------------------------------------- the criterion page
# The page's fields depend on the criterion (one radio group per sub-item), so it is parsed explicitly:
# `typed_values` keeps what the user typed (to re-render it), `answer_from_values` validates it.

YES_NO = ("yes", "no")
ITEM_LABELS = {
    "present": _l("Có"), "absent": _l("Không"),
    "met": _l("Đạt"), "unmet": _l("Không đạt"), "na": _l("Không áp dụng"),
    "yes": _l("Có"), "no": _l("Không"),
}


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


def typed_values(form: Mapping[str, str], criterion: Criterion) -> dict[str, Any]:
    """What the user submitted, unvalidated, in the page's terms."""
    return {
        "not_applicable": bool(form.get("not_applicable")),
        "na_reason": nfc(form.get("na_reason", "")) or "",
        "finding": form.get("finding") or None,
        "met": {n: form.get(f"met_{n}") or None for n in scoring.UPPER_LEVELS},
        "items": {s.code: form.get(f"item-{s.code}") or None for s in criterion.sub_items},
        "note": nfc(form.get("note", "")) or "",
    }


def _invalid(name: str, value: object) -> ValidationError:
    return ValidationError(
        "Trường “%(label)s”: giá trị “%(value)s” không hợp lệ.", field=name, label=field_label(name), value=value
    )


def answer_from_values(values: Mapping[str, Any], criterion: Criterion, raw_na: str | None = None) -> Answer:
    """Validate typed values into an Answer; unknown values are refused naming the field."""
    if raw_na not in (None, "", "1"):
        raise _invalid("not_applicable", raw_na)
    if len(values["note"]) > 10000:
        raise ValidationError("Trường “%(label)s” dài quá 10000 ký tự.", field="note", label=field_label("note"))
    if values["not_applicable"]:
        if not values["na_reason"]:
            raise ValidationError("Cần ghi lý do khi đánh dấu tiêu chí không áp dụng.", field="na_reason")
        return Answer(not_applicable=True, na_reason=values["na_reason"], note=values["note"])
    if criterion.sub_items:
        for sub in criterion.sub_items:
            value = values["items"][sub.code]
            allowed = scoring.LEVEL1_VALUES if sub.level == 1 else scoring.UPPER_VALUES
            if value is not None and value not in allowed:
                raise _invalid(f"item-{sub.code}", value)
        return Answer(items=dict(values["items"]), note=values["note"])
    for name, value in [("finding", values["finding"])] + [(f"met_{n}", v) for n, v in values["met"].items()]:
        if value is not None and value not in YES_NO:
            raise _invalid(name, value)

    def flag(v: str | None) -> bool | None:
        return None if v is None else v == "yes"

    return Answer(finding=flag(values["finding"]), met={n: flag(v) for n, v in values["met"].items()}, note=values["note"])


def parse_version(raw: str | None) -> int | None:
    if raw in (None, ""):
        return None
    if not raw.isdigit():
        raise _invalid("version", raw)
    return int(raw)


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
