"""JSON request bodies, validated by pydantic models; every refusal is a 400 `{"error", "field"}` in the user's language.

Each endpoint declares a `Body` model (strict types: "2026" is not a year, "yes" is not a boolean, unknown
keys are refused). `parse(Model)` reads the request's JSON and returns the model, or raises the domain
`ValidationError` naming the first problem's field path ("met.6", "items.A1.1-1.1", "body" for the body
itself), which the API's `except DomainError` turns into the JSON error. pydantic's English messages are
never shown: each pydantic error type maps to one of our messages below.
"""
from __future__ import annotations

from typing import Annotated, Any, TypeVar

import pydantic
from flask import request
from pydantic_core import PydanticCustomError

from quality_assess import limits
from quality_assess.domain import ValidationError
from quality_assess.i18n import N_


class Body(pydantic.BaseModel):
    """A JSON body: strict types, unknown keys refused (a subclass may relax `extra`)."""

    model_config = pydantic.ConfigDict(extra="forbid", strict=True, frozen=True)


B = TypeVar("B", bound=Body)

# The fields every body shares, capped as the forms are (quality_assess/limits.py, docs/limits.md).
Name = Annotated[str, pydantic.Field(max_length=limits.NAME_MAX)]
Note = Annotated[str, pydantic.Field(max_length=limits.NOTE_MAX)]
Reason = Annotated[str, pydantic.Field(max_length=limits.REASON_MAX)]
Comment = Annotated[str, pydantic.Field(max_length=limits.COMMENT_MAX)]
Version = Annotated[int, pydantic.Field(ge=0, le=limits.ID_MAX)]
Id = Annotated[int, pydantic.Field(ge=0, le=limits.ID_MAX)]   # a row named in a body (an id above it overflows PostgreSQL)

# pydantic error type → our message. %(name)s is the field path; other placeholders come from the error's context.
MESSAGES: dict[str, str] = {
    "missing": N_("Trường “%(name)s” là bắt buộc."),
    "extra_forbidden": N_("Trường “%(name)s” không được hỗ trợ."),
    "string_type": N_("Trường “%(name)s” phải là một chuỗi."),
    "int_type": N_("Trường “%(name)s” phải là một số nguyên."),
    "bool_type": N_("Trường “%(name)s” phải là true hoặc false."),
    "dict_type": N_("Trường “%(name)s” phải là một đối tượng JSON {khóa: giá trị}."),
    "model_type": N_("Trường “%(name)s” phải là một đối tượng JSON {khóa: giá trị}."),
    "literal_error": N_("Trường “%(name)s” phải là một trong các giá trị: %(expected)s."),
    "string_too_long": N_("Trường “%(name)s” dài quá %(max_length)s ký tự."),
    "greater_than_equal": N_("Trường “%(name)s” không được nhỏ hơn %(ge)s."),
    "less_than_equal": N_("Trường “%(name)s” không được lớn hơn %(le)s."),
    "blank": N_("Trường “%(name)s” không được để trống."),
}
FALLBACK = N_("Trường “%(name)s” không hợp lệ.")
NOT_AN_OBJECT = N_("Nội dung yêu cầu phải là một đối tượng JSON.")


def blank_refused(value: str) -> str:
    """An AfterValidator for text that must say something (spaces alone do not)."""
    if not value.strip():
        raise PydanticCustomError("blank", "blank")
    return value


def field_path(loc: tuple[int | str, ...]) -> str:
    """("met", "6", "[key]") → "met.6"; the body itself is "body"."""
    return ".".join(str(part) for part in loc if part != "[key]") or "body"


def _expected(ctx: dict[str, Any]) -> str:
    # pydantic gives "'2', '3', '4' or '5'": keep the values, drop the English "or".
    return str(ctx.get("expected", "")).replace(" or ", ", ")


def refusal(exc: pydantic.ValidationError) -> ValidationError:
    """The first of pydantic's errors as our domain error (translated when shown, like every DomainError)."""
    first = exc.errors(include_url=False, include_input=False)[0]
    path = field_path(first["loc"])
    ctx = dict(first.get("ctx") or {})
    params: dict[str, Any] = {"name": path}
    if first["type"] == "literal_error":
        params["expected"] = _expected(ctx)
    for bound in ("max_length", "ge", "le"):
        if bound in ctx:
            params[bound] = ctx[bound]
    return ValidationError(MESSAGES.get(first["type"], FALLBACK), field=path, **params)


def validate(model: type[B], data: Any) -> B:
    if not isinstance(data, dict):
        raise ValidationError(NOT_AN_OBJECT, field="body")
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        raise refusal(exc) from None


def json_object() -> dict[str, Any]:
    """The request's JSON body, which must be an object."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ValidationError(NOT_AN_OBJECT, field="body")
    return data


def parse(model: type[B]) -> B:
    """The request's JSON body validated by `model`."""
    return validate(model, json_object())
