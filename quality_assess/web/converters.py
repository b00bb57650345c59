"""URL converters with the app's ranges: an `<int:…>` above `limits.ID_MAX` or a `<year:…>` outside
2000–2100 matches no route, so the answer is the 404 page (JSON under /api/), never a database overflow."""
from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

from quality_assess import limits


class IdConverter(IntegerConverter):
    """`<int:…>` of this app: 0..ID_MAX (PostgreSQL's `integer`); werkzeug's own has no maximum."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002  (werkzeug's name)
        kwargs.setdefault("max", limits.ID_MAX)
        super().__init__(map, *args, **kwargs)


class YearConverter(IntegerConverter):
    """`<year:…>`: a year the app works with (limits.YEAR_MIN..YEAR_MAX)."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002
        super().__init__(map, min=limits.YEAR_MIN, max=limits.YEAR_MAX)


def init_converters(app: Flask) -> None:
    """Before any blueprint is registered: a rule binds its converter when it is added."""
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["year"] = YearConverter
