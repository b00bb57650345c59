"""Every POST form of the app, fed arbitrary fields: never a 500, never a partial write, always a message."""
from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quality_assess import create_app
from tests.fuzz import strategies as s
from tests.fuzz.conftest import FUZZ, assert_pages_render, app_forms, check, snapshot

SKIPPED = {"auth.logout"}  # would end the session the other examples need; covered by tests/core


def post_endpoints() -> list[str]:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    return sorted(
        r.endpoint for r in app.url_map.iter_rules()
        if "POST" in r.methods and not r.rule.startswith("/api/") and r.endpoint not in SKIPPED
    )


def real_value(draw, values: list[str]) -> str:
    return draw(st.sampled_from(values)) if values else draw(st.sampled_from(["Khoa Nội", "2026", "y"]))


@st.composite
def form_data(draw, fields: dict[str, list[str]], files: set[str]) -> dict:
    """Either a near-valid form (every real field, one or two hostile values) or a random jumble."""
    names = sorted(set(fields) - files)
    if names and draw(st.booleans()):
        data: dict = {name: real_value(draw, fields[name]) for name in names}
        for name in draw(st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True)):
            data[name] = draw(s.value)
    else:
        data = {}
        for name in draw(st.lists(st.sampled_from(names), unique=True)) if names else []:
            data[name] = real_value(draw, fields[name]) if draw(st.booleans()) else draw(st.one_of(s.value, st.lists(s.value, min_size=2, max_size=3)))
        for name in draw(st.lists(s.text.filter(bool), max_size=2)):
            data[name] = draw(s.value)
    for name in files:
        if draw(st.booleans()):
            content, filename = draw(s.upload)
            data[name] = (io.BytesIO(content), filename)
    return data


@pytest.mark.parametrize("endpoint", post_endpoints())
def test_post_forms_refuse_bad_input_cleanly(app, client, world, endpoint):
    fields, files = app_forms(app, client, world).get(endpoint, ({}, set()))
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint and "POST" in r.methods)
    adapter = app.url_map.bind("localhost")

    @FUZZ
    @given(data=form_data(fields, files), status=st.sampled_from(["draft", "submitted", "locked", "approved", "x"]))
    def post(data, status):
        args = {k: v for k, v in world.url_args().items() if k in rule.arguments}
        if "status" in rule.arguments:
            args["status"] = status
        before = snapshot(app)
        response = client.post(adapter.build(endpoint, args), data=data, content_type="multipart/form-data")
        check(client, response, before, silent_ok=endpoint in ("auth.preferences", "auth.login"))

    post()
    assert_pages_render(app, client, world)
