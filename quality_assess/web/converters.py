"""URL converters with the app's ranges: an `<int:…>` above `limits.ID_MAX` or a `<year:…>` outside
2000–2100 matches no route, so the answer is the 404 page (JSON under /api/), never a database overflow."""
from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

from quality_assess import limits


def at_most(limit: int) -> str:
    """A regex of the ASCII decimal numbers 0..limit (leading zeros allowed, as werkzeug's own `\\d+`)."""
    digits = str(limit)
    width = len(digits)
    alternatives = [f"[0-9]{{1,{width - 1}}}" if width > 1 else "0"]
    for i, digit in enumerate(digits):  # same first i digits, a smaller next one, anything after
        low = 1 if i == 0 else 0
        if int(digit) > low:
            alternatives.append(f"{digits[:i]}[{low}-{int(digit) - 1}][0-9]{{{width - i - 1}}}")
    alternatives.append(digits)
    return f"0*(?:{'|'.join(alternatives)})"


class IdConverter(IntegerConverter):
    """`<int:…>` of this app: 0..ID_MAX (PostgreSQL's `integer`); werkzeug's own has no maximum.

    The range is in the regex, not only in `to_python`: werkzeug picks the rule by path and method before
    converting, so a huge id on a path that another method's rule shares (GET and PUT of a result) would
    otherwise answer 405 instead of 404, depending on the order the rules were added."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002  (werkzeug's name)
        kwargs.setdefault("max", limits.ID_MAX)
        super().__init__(map, *args, **kwargs)
        if not self.signed and self.max is not None:
            self.regex = at_most(self.max)


class YearConverter(IntegerConverter):
    """`<year:…>`: a year the app works with (limits.YEAR_MIN..YEAR_MAX)."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002
        super().__init__(map, min=limits.YEAR_MIN, max=limits.YEAR_MAX)


def init_converters(app: Flask) -> None:
    """Before any blueprint is registered: a rule binds its converter when it is added."""
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["year"] = YearConverter
