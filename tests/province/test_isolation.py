"""Hospital users never see another hospital's data, on any route of the app (generated from the URL map).

A user of hospital A requests every GET route: with hospital B's rows in the URL the answer is 403
or 404 (and with A's own rows it is not 404, so the URLs are right); a route without rows in its URL
never shows anything of hospital B.
"""
from __future__ import annotations

import io
import json
import unicodedata

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from quality_assess.auth.roles import HOSPITAL_ROLES
from tests.province.conftest import ROW_ARGS, dump_database, rules_with, url_for_rule
from tests.province.test_readonly import FORM, WRITES

# Every name of hospital B's rows contains this (hospital, department, rounds, follow-up, template).
B_MARK = "Bêta Riêng Tư"
# Routes whose rows travel in the query string: (A's site, B's site) → query arguments naming B's rows.
QUERY_ARGS = {
    "reports.compare": lambda a, b: {"a": a.round.id, "b": b.round.id},
    "reports.compare_xlsx": lambda a, b: {"a": a.round.id, "b": b.round.id},
    "reports.compare_pdf": lambda a, b: {"a": a.round.id, "b": b.round.id},
    "assessments.jump": lambda a, b: {"code": "A1.1"},
}
NOT_HOSPITAL_DATA = {"static", "main.favicon"}
# Write routes that refuse another hospital's row with a redirect instead of 404 (nothing changes; the
# table of rows proves it). auth.reset_password: redirects to the user list without a message.
REDIRECTING_REFUSALS = {"auth.reset_password"}


def visible_text(response) -> str:
    """What a user could read in the response, whatever its format."""
    kind = response.mimetype
    if kind == "application/json":
        text = json.dumps(response.get_json(), ensure_ascii=False)
    elif kind == "application/pdf":
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    elif kind.endswith("spreadsheetml.sheet"):
        wb = load_workbook(io.BytesIO(response.data))
        text = " ".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    else:
        text = response.get_data(as_text=True)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def test_every_row_argument_is_one_of_hospital_bs_rows(two_sites):
    """Guard the table the generated tests rely on."""
    a, b = two_sites
    assert all(ROW_ARGS[arg](a) != ROW_ARGS[arg](b) for arg in ROW_ARGS)


@pytest.mark.parametrize("role", HOSPITAL_ROLES)
def test_a_hospital_user_never_sees_another_hospitals_data(app, client, auth, two_sites, role):
    a, b = two_sites
    auth.login(role, hospital=a.hospital)
    failures = []
    for rule, _method in rules_with(app, {"GET"}):
        if rule.endpoint in NOT_HOSPITAL_DATA:
            continue
        query = QUERY_ARGS.get(rule.endpoint, lambda a, b: {})(a, b)
        if rule.arguments & ROW_ARGS.keys():
            own = client.get(url_for_rule(app, rule, a), query_string=query)
            if own.status_code in (404, 500):
                failures.append(f"{rule.rule} with hospital A's own rows → {own.status_code} (is the URL right?)")
            other = client.get(url_for_rule(app, rule, b), query_string=query)
            if other.status_code not in (403, 404):
                failures.append(f"{rule.rule} with hospital B's rows → {other.status_code}")
        else:
            response = client.get(url_for_rule(app, rule, b), query_string=query, follow_redirects=True)
            if response.status_code >= 500:
                failures.append(f"{rule.rule} → {response.status_code}")
            elif B_MARK in visible_text(response):
                failures.append(f"{rule.rule} ({response.status_code}) shows hospital B's data")
    assert not failures, f"role {role}:\n" + "\n".join(failures)


@pytest.mark.parametrize("role", HOSPITAL_ROLES)
def test_a_hospital_user_never_changes_another_hospitals_rows(app, client, auth, two_sites, role):
    """Writes too: every write route given hospital B's rows answers 403/404 and changes no table."""
    a, b = two_sites
    auth.login(role, hospital=a.hospital)
    failures = []
    for rule, method in rules_with(app, WRITES):
        if not rule.arguments & ROW_ARGS.keys():
            continue
        url = url_for_rule(app, rule, b, method)
        before = dump_database()
        response = client.open(url, method=method, data=FORM)
        changed = [t for t, rows in dump_database().items() if rows != before[t]]
        refused = response.status_code in (403, 404) or (rule.endpoint in REDIRECTING_REFUSALS and response.status_code == 302)
        if changed or not refused:
            failures.append(f"{method} {url} → {response.status_code}, changed: {changed}")
    assert not failures, f"role {role}:\n" + "\n".join(failures)


def test_the_check_would_see_hospital_bs_data(client, auth, two_sites):
    """The province user does see B on the pages the test above reads: the mark is findable in every format."""
    a, b = two_sites
    auth.login("province")
    for url in ("/province/", "/province/table.xlsx", f"/reports/rounds/{b.round.id}/report.pdf",
                f"/reports/rounds/{b.round.id}/export.xlsx", f"/xsd/audits/{b.audit.id}.pdf"):
        response = client.get(url)
        assert response.status_code == 200 and B_MARK in visible_text(response), url
