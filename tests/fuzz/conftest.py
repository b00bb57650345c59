"""Fuzz fixtures: one world of real rows, a database snapshot, and the checks every response must pass.

Hypothesis runs many examples against ONE function-scoped database; each example compares the database
before and after its own request, so examples need no fresh database.
"""
from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from quality_assess.checklists.loader import latest_template
from quality_assess.checklists.operations import create_audit, create_follow_up
from quality_assess.database import db
from tests.conftest import attach, fresh
from tests.security import route_rules

# Reproducible in CI (derandomize), quick on two cores. A long local hunt with fresh examples:
# FUZZ_EXAMPLES=200 FUZZ_RANDOM=1 pytest tests/fuzz
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "12")),
    deadline=None,
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


@dataclass
class World:
    """Real rows for every URL argument of the app, owned by a logged-in admin's hospital."""

    user: Any
    round_id: int
    department_id: int
    audit_id: int
    follow_up_id: int
    other_user_id: int
    template_id: int
    extra: dict[str, Any]                 # rows of later domains (plans, evidence, the hospital)

    def url_args(self) -> dict[str, Any]:
        return {
            "round_id": self.round_id, "code": "A1.1", "chapter_code": "A1", "department_id": self.department_id, "audit_id": self.audit_id,
            "follow_up_id": self.follow_up_id, "user_id": self.other_user_id, "template_id": self.template_id,
            "year": 2026, "month": 11, "kind": "xlsx", "status": "submitted",
        } | self.extra


@pytest.fixture
def world(app, make, auth) -> World:
    admin = auth.login("admin", installation_role="admin")  # the catalogue routes are installation-level
    make.sub_items("A1.1")
    round_ = make.round(user=admin)
    department = make.department("Khoa Nội")
    with fresh(app):
        template = latest_template("xsd-khoa-phong", None)
        audit = create_audit(hospital_id=admin.hospital_id, department=attach(department), template=template, audit_date=date(2026, 11, 2), user=attach(admin))
        follow_up = create_follow_up(audit, None, text="Lau sàn hành lang", due_date=None, user=attach(admin))
    other = make.user("assessor")
    plan = route_rules._plan(make)
    extra = {
        "plan_id": plan.id, "entry_id": plan.entries[0].id, "action_id": plan.entries[0].actions[0].id,
        "evidence_id": route_rules._evidence(make), "hospital_id": admin.hospital_id,
        "tt35_round_id": make.round(user=admin, framework="tt35", name="TT 35 năm 2025", year=2025).id, "item_code": "I.1",
        "item_evidence_id": route_rules._item_evidence(make),
    }
    team = route_rules._team(make)
    extra |= {"team_id": team.id, "member_id": team.members[0].id}
    return World(admin, round_.id, department.id, audit.id, follow_up.id, other.id, template.id, extra)


@pytest.fixture
def api_headers(client, make, world) -> dict[str, str]:
    """A token of the world's admin, used once already: each use records its time (auth/loaders.py, even
    for a refused request), which the first example's before/after comparison would otherwise see as a
    write; the test clock stands still, so later uses write the same value."""
    headers = {"Authorization": f"Bearer {make.token(world.user)}"}
    assert client.get("/api/v1/rounds", headers=headers).status_code == 200
    return headers


# ---------------------------------------------------------------- database snapshot

def _hashable(value: Any) -> Any:
    """PostgreSQL's driver returns JSON columns as lists and dicts: compare them by their JSON text."""
    if isinstance(value, (list, dict)):
        import json

        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return value


def snapshot(app) -> dict[str, Counter]:
    """Every row of every table as stored (raw SQL: JSON stays text), read on a fresh connection."""
    with app.app_context(), db.engine.connect() as connection:
        return {
            table.name: Counter(tuple(map(_hashable, row)) for row in connection.exec_driver_sql(f'SELECT * FROM "{table.name}"'))
            for table in db.metadata.sorted_tables
        }


def changes(before: dict[str, Counter], after: dict[str, Counter]) -> dict[str, tuple[Counter, Counter]]:
    """table → (rows added, rows removed) for every table that changed."""
    out = {}
    for name in after:
        added, removed = after[name] - before[name], before[name] - after[name]
        if added or removed:
            out[name] = (added, removed)
    return out


def non_nfc(diff: dict[str, tuple[Counter, Counter]]) -> list[tuple[str, str]]:
    """Stored strings of new rows that are not NFC."""
    return [
        (table, value) for table, (added, _) in diff.items() for row in added for value in row
        if isinstance(value, str) and unicodedata.normalize("NFC", value) != value
    ]


# ---------------------------------------------------------------- responses

ERROR_MARKERS = ('class="flash flash-error"', 'class="error"', "has-error", 'role="alert"')
ERROR_PAGE = re.compile(r"<h1>[^<]*\d{3}</h1>\s*<p>[^<]+</p>")


def pop_flashes(client) -> list[tuple[str, str]]:
    with client.session_transaction() as session:
        return list(session.pop("_flashes", []))


def outcome(client, response) -> tuple[bool, bool]:
    """(refused, has_message) as a user would see it: an error page, an error flash or a form error."""
    flashes = pop_flashes(client)
    if response.is_json:
        body = response.get_json(silent=True)
        has_error = isinstance(body, dict) and isinstance(body.get("error"), str) and bool(body["error"].strip())
        return response.status_code >= 400, has_error or response.status_code < 400
    html = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
    error_flash = any(category == "error" for category, _ in flashes)
    form_error = any(marker in html for marker in ERROR_MARKERS)
    refused = response.status_code >= 400 or error_flash or form_error
    has_message = bool(flashes) or form_error or bool(ERROR_PAGE.search(html)) or 'class="flash' in html
    return refused, has_message


def check(client, response, before: dict[str, Counter], *, silent_ok: bool = False) -> bool:
    """The properties of every fuzzed request; returns whether the request was refused."""
    assert response.status_code < 500, response.get_data(as_text=True)[:2000]
    refused, has_message = outcome(client, response)
    diff = changes(before, snapshot(client.application))
    if refused:
        assert has_message, f"refused without a message: {response.status_code} {response.get_data(as_text=True)[:500]}"
        assert not diff, f"refused request wrote {sorted(diff)}"
    elif not diff and not silent_ok and response.status_code == 302:
        assert has_message, f"redirect with no change and no message to {response.location}"
    assert not non_nfc(diff), non_nfc(diff)[:3]
    return refused


# ---------------------------------------------------------------- the app's forms, read from its pages

class FormParser(HTMLParser):
    """action → {field name: [option values]} for every POST form of a page, and its file fields."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page, self.forms, self.files, self._action, self._select = page, {}, {}, None, None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._action = (a.get("action") or self.page).split("?")[0]
            self.forms.setdefault(self._action, {})
            self.files.setdefault(self._action, set())
        elif self._action and tag in ("input", "select", "textarea", "button") and a.get("name"):
            options = self.forms[self._action].setdefault(a["name"], [])
            if a.get("value") is not None:
                options.append(a["value"])
            if a.get("type") == "file":
                self.files[self._action].add(a["name"])
            self._select = a["name"] if tag == "select" else None
        elif tag == "option" and self._action and self._select and a.get("value") is not None:
            self.forms[self._action][self._select].append(a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._action = None


_FORMS: dict[str, tuple[dict[str, list[str]], set[str]]] = {}


def app_forms(app, client, world: World) -> dict[str, tuple[dict[str, list[str]], set[str]]]:
    """endpoint → (fields with their offered values, file fields), crawled once from every HTML page."""
    if _FORMS:
        return _FORMS
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("static", "main.favicon") or rule.rule.startswith("/api/"):
            continue
        if re.search(r"\.(pdf|xlsx|csv|ico)|photos|template\.", rule.rule):
            continue
        url = adapter.build(rule.endpoint, {k: v for k, v in world.url_args().items() if k in rule.arguments})
        response = client.get(url)
        pop_flashes(client)
        if response.mimetype != "text/html":
            continue
        parser = FormParser(url)
        parser.feed(response.get_data(as_text=True))
        for action, fields in parser.forms.items():
            try:
                endpoint, _ = adapter.match(action, method="POST")
            except Exception:
                continue
            known, files = _FORMS.setdefault(endpoint, ({}, set()))
            for name, values in fields.items():
                known.setdefault(name, [])
                known[name] += [v for v in values if v not in known[name]]
            files |= parser.files[action]
    return _FORMS


def page_urls(app, world: World) -> list[str]:
    """Every GET page of the app (HTML, PDF, XLSX) built with the world's real rows."""
    adapter = app.url_map.bind("localhost")
    return [
        adapter.build(rule.endpoint, {k: v for k, v in world.url_args().items() if k in rule.arguments})
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint not in ("static", "main.favicon", "checklists.photo", "checklists.follow_up_photo")
    ]


def assert_pages_render(app, client, world: World) -> None:
    """Whatever hostile text was accepted and stored, every page still renders."""
    for url in page_urls(app, world):
        response = client.get(url)
        pop_flashes(client)
        assert response.status_code < 500, (url, response.get_data(as_text=True)[:2000])
