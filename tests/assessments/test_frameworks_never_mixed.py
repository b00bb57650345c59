"""Both frameworks in one installation: a TT 35/2024 round never enters what is about the 83 criteria
(levels, means, the report, the workbook, comparisons, plans, the home page's result, the province figures)."""
from __future__ import annotations

import pytest

from tests.assessments.conftest import result_of
from tests.conftest import attach, fresh


@pytest.fixture
def both(app, make, score):
    """One hospital with a locked 83-criteria round and a later TT 35 round of the same year."""
    qd = make.round(name="Tự đánh giá 83 tiêu chí 2025", year=2025)
    score(qd, {"A1.1": 2, "A1.2": 4})
    tt35 = make.round(name="Tự đánh giá TT 35 năm 2025", year=2025, framework="tt35")
    return qd, tt35


def test_the_reports_and_plans_offer_only_rounds_of_the_83_criteria(client, auth, both):
    qd, tt35 = both
    auth.login("quality")
    for page in ("/reports/", "/plans/"):
        text = client.get(page).get_data(as_text=True)
        assert qd.name in text and tt35.name not in text, page


@pytest.mark.parametrize("url", [
    "/reports/rounds/{id}", "/reports/rounds/{id}/texts",
    "/workflow/rounds/{id}/assignments", "/api/v1/rounds/{id}/export",
])
def test_the_83_criteria_pages_refuse_a_tt35_round_with_a_message(client, auth, both, url):
    _qd, tt35 = both
    auth.login("quality")
    response = client.get(url.format(id=tt35.id))
    assert response.status_code == 400
    text = response.get_json()["error"] if url.startswith("/api/") else response.get_data(as_text=True)
    assert "chỉ dành cho đợt đánh giá 83 tiêu chí" in text


def test_a_comparison_and_a_plan_refuse_a_tt35_round(client, auth, both):
    qd, tt35 = both
    auth.login("quality")
    compared = client.get(f"/reports/compare?a={qd.id}&b={tt35.id}")
    assert compared.status_code == 400
    api = client.get(f"/api/v1/compare?a={qd.id}&b={tt35.id}")
    assert api.status_code == 400 and api.get_json()["field"] == "b"
    planned = client.post("/plans/generate", data={"round_id": str(tt35.id)}, follow_redirects=True)
    assert "chỉ dành cho đợt đánh giá 83 tiêu chí" in planned.get_data(as_text=True)


def test_the_home_page_and_the_province_table_show_the_83_criteria_round(client, auth, make, both):
    qd, tt35 = both
    auth.login("quality")
    home = client.get("/").get_data(as_text=True)
    assert qd.name in home
    auth.logout()
    auth.login("province", hospital=None)
    table = client.get("/province/?year=2025").get_data(as_text=True)
    assert qd.name in table and tt35.name not in table


def test_a_tt35_round_starts_only_from_a_tt35_round(app, make, both):
    qd, tt35 = both
    with pytest.raises(Exception, match="cùng bộ tiêu chuẩn"):
        make.round(name="TT 35 năm 2026", year=2026, framework="tt35", source=qd)
    with pytest.raises(Exception, match="cùng bộ tiêu chuẩn"):
        make.round(name="83 tiêu chí 2026", year=2026, source=tt35)
    with fresh(app):
        assert result_of(attach(qd), "A1.1").level == 2  # the 83-criteria round keeps its levels
