"""The request guard: input no field of the app can take is refused before any view sees it.

Run before every view (`init_inputs`), it refuses with a 400 and a message in the user's language:

- a NUL character or a lone surrogate (U+D800–U+DFFF) in the URL path, a query string, a form field
  (names and values; uploaded files are checked by their importers) or a JSON string: PostgreSQL cannot
  store NUL, and no encoder can write a lone surrogate, so either would otherwise end in a 500;
- a JSON body nested deeper than `limits.JSON_DEPTH_MAX` (Python's parser recurses: 100,000 `[` are a
  RecursionError), checked on the raw bytes before anything parses them;

and a JSON body larger than `limits.JSON_BODY_MAX` with a 413. Text lengths are the fields' own
business (WTForms `length`, pydantic `max_length`, both from `limits`).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from flask import Flask, request

from quality_assess import limits
from quality_assess.domain import ValidationError
from quality_assess.i18n import N_

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
BAD_CHARACTER = N_("Dữ liệu gửi lên chứa ký tự không hợp lệ (ký tự NUL hoặc ký tự Unicode không hoàn chỉnh) ở “%(name)s”.")
TOO_DEEP = N_("Nội dung JSON lồng nhau quá sâu (tối đa %(depth)s cấp).")
TOO_LARGE = N_("Nội dung JSON quá lớn (tối đa %(size)s KB).")

_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


class TooLarge(ValidationError):
    status = 413


def json_depth(data: bytes) -> int:
    """How deep arrays and objects nest in `data`, counted on the bytes (strings removed) without parsing."""
    depth = deepest = 0
    for bracket in _BRACKET.finditer(_JSON_STRING.sub(b"", data)):
        depth += 1 if bracket.group() in (b"[", b"{") else -1
        deepest = max(deepest, depth)
    return deepest


def _strings(value: Any) -> Iterable[str]:
    """Every string of a parsed JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _refuse_unstorable(name: str | None, values: Iterable[str | None]) -> None:
    # werkzeug gives a multipart field whose name it cannot read the name None
    if any(isinstance(value, str) and UNSTORABLE.search(value) for value in values):
        shown = UNSTORABLE.sub("\ufffd", name or "")[:60]
        raise ValidationError(BAD_CHARACTER, field=shown, name=shown)


def check_json_body() -> None:
    if request.content_length is not None and request.content_length > limits.JSON_BODY_MAX:
        raise TooLarge(TOO_LARGE, field="body", size=limits.JSON_BODY_MAX // 1024)
    data = request.get_data(cache=True)
    if len(data) > limits.JSON_BODY_MAX:
        raise TooLarge(TOO_LARGE, field="body", size=limits.JSON_BODY_MAX // 1024)
    if json_depth(data) > limits.JSON_DEPTH_MAX:
        raise ValidationError(TOO_DEEP, field="body", depth=limits.JSON_DEPTH_MAX)
    try:
        parsed = json.loads(data)
    except (ValueError, RecursionError):
        return  # not JSON: the view's parser answers that (bodies.NOT_AN_OBJECT)
    _refuse_unstorable("body", _strings(parsed))


def guard_input() -> None:
    _refuse_unstorable("URL", [request.path])
    for name, values in request.args.lists():
        _refuse_unstorable(name, [name, *values])
    if request.is_json:
        check_json_body()
    elif request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for name, values in request.form.lists():
            _refuse_unstorable(name, [name, *values])


def init_inputs(app: Flask) -> None:
    app.before_request(guard_input)
