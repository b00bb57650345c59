"""Numbers print as Babel prints them in the reader's language: 3,60 in Vietnamese, 3.60 in English."""
from __future__ import annotations

import pytest
from babel.numbers import format_decimal
from flask_babel import force_locale
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quality_assess.i18n import number, percent


@pytest.mark.parametrize(("value", "digits", "vi", "en"), [
    (3.6, 2, "3,60", "3.60"),
    (2.675, 2, "2,68", "2.68"),          # half to even from the printed decimal, not from the binary float
    (2.665, 2, "2,66", "2.66"),
    (1234567.891, 2, "1.234.567,89", "1,234,567.89"),
    (-0.5, 0, "-0", "-0"),
    (83, 0, "83", "83"),
    (0.05, 1, "0,0", "0.0"),
])
def test_a_mean_reads_as_each_language_writes_it(app, value, digits, vi, en):
    with app.test_request_context():
        assert number(value, digits) == vi
        with force_locale("en"):
            assert number(value, digits) == en


def test_no_value_is_a_dash_and_a_percentage_has_its_sign(app):
    with app.test_request_context():
        assert number(None) == "—" and percent(None) == "—"
        assert percent(95.18) == "95,2%"


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # the app is only read: one is enough
@given(st.one_of(st.integers(-10**7, 10**7), st.floats(-1e7, 1e7, allow_nan=False)), st.sampled_from([0, 1, 2]), st.sampled_from(["vi", "en"]))
def test_every_number_is_printed_exactly_as_babel_prints_it(app, value, digits, locale):
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    with app.test_request_context(), force_locale(locale):
        assert number(value, digits) == format_decimal(value, format=pattern, locale=locale)
