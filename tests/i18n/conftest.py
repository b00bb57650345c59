from __future__ import annotations

import pytest
from flask import g, request_started


def _forget_locale(sender, **extra) -> None:
    """Each request chooses its language afresh, as in production. The `app` fixture keeps one app
    context for the whole test, and Flask-Babel caches the chosen locale in `g`."""
    g.pop("_flask_babel", None)


@pytest.fixture(autouse=True)
def fresh_locale_per_request(app):
    request_started.connect(_forget_locale, app)
    yield
    request_started.disconnect(_forget_locale, app)
