"""Every role clicks through its menu and the main pages of a round: no page breaks the
Content-Security-Policy, logs a JavaScript error or answers with an error status."""
from __future__ import annotations

import pytest

from quality_assess.auth.roles import ALL_ROLES
from tests.plans.conftest import answer_level
from tests.security.route_rules import team_round


@pytest.mark.parametrize("role", ALL_ROLES)
def test_menu_and_round_pages_load_cleanly(login_as, live_server, role):
    live_server.make.department("Khoa Ngoại")
    live_server.make.sub_items("A1.2")
    round_ = live_server.make.round(name="Tự đánh giá cuối năm")
    answer_level(round_, "A1.1", 2)
    page = login_as(role)

    menu = page.get_by_role("navigation").get_by_role("link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    round_pages = [] if role == "province" else [
        f"/rounds/{round_.id}", f"/rounds/{round_.id}/criteria/A1.2", f"/rounds/{round_.id}/result", f"/reports/rounds/{round_.id}",
    ]
    if role == "inspector":   # the hospital's own round is a 404 for it: the pages of its team's round instead
        team = team_round(live_server.make, page.user)
        round_pages = [f"/rounds/{team.id}", f"/rounds/{team.id}/criteria/A1.2", f"/rounds/{team.id}/result", "/province/inspections/"]
    if page.user.can("round.review"):
        round_pages.append(f"/workflow/review?round={round_.id}&status=all")
    assert len(menu) >= (3 if role == "inspector" else 4)   # the inspector: rounds, catalogue, its inspections
    failures = []
    for path in dict.fromkeys(menu + round_pages):
        response = page.goto(path)
        if not response.ok:
            failures.append(f"{path}: {response.status}")
    assert failures == []
    assert page.js_errors == [] and page.csp_errors == []
