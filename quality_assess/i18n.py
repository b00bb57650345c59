"""Locale selection and Vietnamese-first formatting of numbers and dates."""
from __future__ import annotations

import functools
import os
import tempfile
import unicodedata
from typing import Any
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

from babel.numbers import get_decimal_symbol, get_group_symbol
from flask import Flask, current_app, g, has_request_context
from flask_babel import format_date, format_datetime, get_locale, get_timezone, get_translations
from flask_login import current_user

from quality_assess import clock


def select_timezone() -> str:
    """Times are shown in the zone of the signed-in user's hospital (its own, else TIMEZONE)."""
    hospital = None
    if current_user and getattr(current_user, "is_authenticated", False):
        hospital = getattr(current_user, "hospital", None)
    return clock.zone(hospital).key


def select_locale() -> str:
    if current_user and getattr(current_user, "is_authenticated", False) and current_user.locale:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def N_(text: str) -> str:
    """Mark text for extraction only: the code that shows it translates it then (`_(value)`)."""
    return text


# C0 control characters and DEL, except tab, line feed and carriage return.
_CONTROL = dict.fromkeys([c for c in range(32) if c not in (9, 10, 13)] + [127])


def nfc(text: str | None) -> str | None:
    """Normalise user text to NFC (the form Vietnamese text is stored in), drop control characters, trim."""
    if text is None:
        return None
    return unicodedata.normalize("NFC", text).translate(_CONTROL).strip()


def number(value: float | int | None, digits: int = 2) -> str:
    """3.6 → '3,60' in Vietnamese, '3.60' in English; '—' for no value.

    What Babel's format_decimal(value, "#,##0.00") gives (tests/i18n/test_numbers.py compares them), without
    parsing the pattern on every call: a province table formats thousands of means. Rounded half to even
    from the decimal the value prints as, as Babel does (2.675 → 2,68).
    """
    if value is None:
        return "—"
    decimal_sign, group_sign = _number_symbols(str(get_locale() or "vi"))
    exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)
    return f"{exact:,.{digits}f}".translate({ord(","): group_sign, ord("."): decimal_sign})


@functools.cache
def _number_symbols(locale: str) -> tuple[str, str]:
    return get_decimal_symbol(locale), get_group_symbol(locale)


def percent(value: float | None, digits: int = 1) -> str:
    """A 0–100 figure: 95.18 → '95,2%'."""
    if value is None:
        return "—"
    return number(value, digits) + "%"


def _shown(value: datetime, hospital: clock.HasTimezone | None) -> datetime:
    """A stored (UTC, naive or aware) time in `hospital`'s zone, else the request's (the user's hospital)."""
    return clock.local(value, hospital) if hospital is not None else clock.as_utc(value).astimezone(get_timezone())


def day(value: date | datetime | None, hospital: clock.HasTimezone | None = None) -> str:
    """23/11/2026 in Vietnamese. A stored time gives its date in the hospital's zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _shown(value, hospital).date()
    return format_date(value, format="dd/MM/yyyy")


def moment(value: datetime | None, hospital: clock.HasTimezone | None = None) -> str:
    """A stored UTC time shown in the hospital's time zone: 23/11/2026 14:05."""
    if value is None:
        return ""
    return format_datetime(_shown(value, hospital), format="dd/MM/yyyy HH:mm", rebase=False)


TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def compile_translations(app: Flask) -> None:
    """Compile the shipped .po catalogues into the instance folder (only when a .po is newer).

    Message ids are the Vietnamese text, so Vietnamese needs no catalogue; English is a translation.
    Compiled .mo files are build output and are never committed.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    target = Path(app.instance_path) / "translations"
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo_path = target / po_path.relative_to(TRANSLATIONS).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        # Several processes (gunicorn workers, servers on one instance folder) may compile at once:
        # each writes its own temporary file and renames it over the target, so none reads half a file.
        handle, tmp_name = tempfile.mkstemp(dir=mo_path.parent, prefix=".messages.", suffix=".tmp")
        with os.fdopen(handle, "wb") as mo_file:
            write_mo(mo_file, catalog)
        os.replace(tmp_name, mo_path)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(target)


def init_template_helpers(app: Flask) -> None:
    app.jinja_env.filters.update(number=number, percent=percent, day=day, moment=moment)
    app.jinja_env.globals.update(get_locale=get_locale)
    # install_gettext_callables is added to the environment by the jinja2.ext.i18n extension Flask-Babel loads
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: _page_translations().ugettext(s),
        ngettext=lambda s, p, n: _page_translations().ungettext(s, p, n),
        pgettext=lambda c, s: _page_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _page_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )


def _page_translations() -> Any:
    """The request's translations, looked up once: Flask-Babel finds them again on every call (domain,
    locale, cache key), and a plan page with 200 actions calls gettext more than 2,000 times."""
    if not has_request_context():
        return get_translations()
    found = g.get("_page_translations")
    if found is None:
        found = g._page_translations = get_translations()
    return found
