"""What the app accepts from a user: the range of an id or a year, the length of a text, the size of a JSON body.

One table, used by the URL converters (`web/converters.py`), the query-string readers, the WTForms fields
(`forms.py`), the pydantic bodies (`bodies.py`) and the request guard (`web/inputs.py`); documented in
docs/limits.md. Anything outside is refused with a 4xx and a message, never passed to the database
(an id above 2^31 - 1 overflows PostgreSQL's `integer`, a year above 9999 overflows Python's `date`).
"""
from __future__ import annotations

# Numbers
ID_MAX = 2**31 - 1           # every id, version or count from a URL, a query string, a form or a body
YEAR_MIN, YEAR_MAX = 2000, 2100

# Text fields (characters, after NFC)
NAME_MAX = 200               # a round, a hospital, a department, a person
NOTE_MAX = 10_000            # a result's note
REASON_MAX = 1_000           # why a criterion does not apply
COMMENT_MAX = 2_000          # a reviewer's comment, a follow-up, a plan action, a progress note, an override reason
ITEM_KEY_MAX = 40            # a sub-item code in an API answer

# Request bodies
JSON_BODY_MAX = 256 * 1024   # bytes of one JSON body (files go through MAX_CONTENT_LENGTH and their own caps)
JSON_DEPTH_MAX = 16          # nesting of arrays and objects in a JSON body (ours need 3)


def _integer(text: str | int) -> int:
    """Plain ASCII digits (with an optional minus) only: "1_000", "²", "٣" and "1e3" are not ids."""
    if isinstance(text, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(text, int):
        return text
    digits = str(text).strip()
    if not (digits.isascii() and digits.removeprefix("-").isdigit()):
        raise ValueError(f"not an integer: {digits[:20]!r}")
    return int(digits)


def id_value(text: str | int) -> int:
    """An id from text ("12"); ValueError outside 0..ID_MAX, so `request.args.get(..., type=id_value)` and a
    WTForms `coerce=id_value` treat a huge number like any other bad value."""
    value = _integer(text)
    if not 0 <= value <= ID_MAX:
        raise ValueError(f"outside 0..{ID_MAX}")
    return value


def year_value(text: str | int) -> int:
    """A year from text; ValueError outside YEAR_MIN..YEAR_MAX."""
    value = _integer(text)
    if not YEAR_MIN <= value <= YEAR_MAX:
        raise ValueError(f"outside {YEAR_MIN}..{YEAR_MAX}")
    return value
