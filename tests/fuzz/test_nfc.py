"""Vietnamese typed in decomposed form (NFD, as some keyboards and macOS send it) is stored composed (NFC)."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import strategies as s
from tests.fuzz.conftest import FUZZ, changes, non_nfc, pop_flashes, snapshot

# url (with {round}, {audit} from the world), a valid form, and the text field that gets the NFD text
FORMS = [
    ("/hospital/departments", {"name": None, "code": "", "kind": "clinical"}),
    ("/hospital/", {"name": None, "grade": "", "province": "Hà Nội", "address": "", "director_name": "", "xsd_target": "85"}),
    ("/catalog/criteria/A1.1/title", {"title": None}),
    ("/reports/rounds/{round}/texts", {"strengths": None, "weaknesses": "", "priorities": "", "solutions": "", "commitment": ""}),
    ("/rounds/", {"name": None, "year": "2027", "kind": "self", "source_round_id": "0"}),
    ("/xsd/audits/{audit}/follow-ups", {"text": None, "due_date": "2026-12-20"}),  # a due date is required
    ("/rounds/{round}/criteria/A1.1", {"version": "1", "note": None, "action": "save"}),
]

nfd_text = st.tuples(s.nfd_vietnamese, st.integers(0, 10**6)).map(lambda t: f"{t[0]} {t[1]}")


@pytest.mark.parametrize("url,form", FORMS, ids=[f[0] for f in FORMS])
def test_decomposed_vietnamese_is_stored_composed(app, client, world, url, form):
    url = url.format(round=world.round_id, audit=world.audit_id)

    @FUZZ
    @given(text=nfd_text)
    def post(text):
        before = snapshot(app)
        data = {k: text if v is None else v for k, v in form.items()}
        if url.endswith("/A1.1") and "version" in data:
            data["version"] = re.search(r'name="version" value="(\d+)"', client.get(url).get_data(as_text=True)).group(1)
        response = client.post(url, data=data)
        flashes = pop_flashes(client)
        assert response.status_code < 400 and not any(c == "error" for c, _ in flashes), (response.status_code, flashes)
        diff = changes(before, snapshot(app))
        assert diff, "the text was not stored"
        assert not non_nfc(diff), non_nfc(diff)[:3]

    post()


def test_decomposed_vietnamese_through_the_api_is_stored_composed(app, client, make, world):
    headers = {"Authorization": f"Bearer {make.token(world.user)}"}

    @FUZZ
    @given(text=nfd_text)
    def send(text):
        before = snapshot(app)
        created = client.post("/api/v1/rounds", json={"name": text, "year": 2027}, headers=headers)
        answered = client.put(f"/api/v1/rounds/{world.round_id}/results/A1.2", json={"not_applicable": True, "reason": text, "note": text}, headers=headers)
        assert (created.status_code, answered.status_code) == (201, 200), (created.get_json(), answered.get_json())
        assert not non_nfc(changes(before, snapshot(app)))

    send()
