"""Every GET page with hostile query strings: a page or a clean error, never a 500."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz import strategies as s
from tests.fuzz.conftest import FUZZ, page_urls, pop_flashes

QUERY_NAMES = ["code", "next", "year", "part", "chapter", "level", "a", "b", "month", "page"]

query = st.dictionaries(st.one_of(st.sampled_from(QUERY_NAMES), s.text), st.one_of(s.value, st.lists(s.value, min_size=2, max_size=3)), max_size=4)


def test_get_pages_with_hostile_query_strings(app, client, world):
    urls = page_urls(app, world)

    @settings(FUZZ, max_examples=FUZZ.max_examples * 8)  # cheap requests: more of them
    @given(url=st.sampled_from(urls), params=query)
    def get(url, params):
        response = client.get(url, query_string=params)
        pop_flashes(client)
        assert response.status_code < 500, (url, params, response.get_data(as_text=True)[:2000])

    get()
