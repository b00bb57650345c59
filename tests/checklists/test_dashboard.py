"""The dashboard and follow-ups over a small scripted history of two departments."""
from __future__ import annotations

import re
from datetime import date

import pytest

from quality_assess.checklists import summary as summary_module
from tests.conftest import attach, fresh, steps

summary = steps(summary_module)  # each function runs as a step in its own fresh session


@pytest.fixture
def history(make, audit_of):
    """Khoa Nội: 95 then 100 in January (the later counts), 90 in February.
    Khoa Ngoại: 81 in January with two critical items unmet, 97 in March (S6 unmet again), a draft in February."""
    hospital = make.default_hospital()
    noi, ngoai = make.department("Khoa Nội", hospital), make.department("Khoa Ngoại", hospital)
    audit_of(noi, date(2026, 1, 5), lost={"X1": 5})
    audit_of(noi, date(2026, 1, 25))
    audit_of(noi, date(2026, 2, 10), lost={"D2": 5, "D3": 5})
    audit_of(ngoai, date(2026, 1, 12), lost={"S6": 8, "S7": 6, "D1": 5})
    audit_of(ngoai, date(2026, 2, 12), lost={"S1": 5}, submit=False)
    march = audit_of(ngoai, date(2026, 3, 20), lost={"S6": 3})
    return {"hospital": hospital, "noi": noi, "ngoai": ngoai, "march": march}


def test_hospital_scores_are_means_of_department_scores(history):
    hid = history["hospital"].id
    grid = summary.year_grid(hid, 2026)
    assert grid.cells[(history["noi"].id, 1)].score == 100
    assert grid.cells[(history["ngoai"].id, 1)].critical_failed == 2
    assert (history["ngoai"].id, 2) not in grid.cells  # a draft does not count
    assert summary.hospital_score(hid, 2026, 1) == pytest.approx(90.5)
    assert summary.hospital_score(hid, 2026, 2) == pytest.approx(90)
    assert grid.hospital_quarter(1) == pytest.approx((95 + 89) / 2)
    assert summary.hospital_score(hid, 2026) == pytest.approx(92)
    assert summary.hospital_score(hid, 2025) is None


def test_the_dashboard_shows_the_grid_quarters_attention_and_most_failed_items(client, auth, history):
    auth.login("director")
    page = client.get("/xsd/dashboard?year=2026").get_data(as_text=True)
    assert 'data-hospital-quarter="1">92,0<' in page
    assert 'data-hospital-year>92,0<' in page
    assert "90,5" in page and "81,0" in page
    attention = page[page.index("Cần chú ý"):]
    assert attention.index("Khoa Ngoại") < attention.index("Khoa Nội")  # critical flags first
    failed = page[page.index("Mục chưa đạt nhiều nhất"):]
    first = re.search(r"<strong>(\w+)</strong>", failed).group(1)
    assert first == "S6"
    assert "▲ 16,0" in page  # Khoa Ngoại from 81 to 97


def test_the_schedule_lists_overdue_departments_first(make, history):
    never = make.department("Khoa Dược", history["hospital"])
    rows = summary.schedule(history["hospital"].id, date(2026, 3, 25))
    assert [(r["department"].name, r["status"]) for r in rows] == [
        (never.name, "overdue"), ("Khoa Nội", "due"), ("Khoa Ngoại", "done")]


def test_an_unmet_item_becomes_a_follow_up_action_that_plans_can_list(app, client, auth, history):
    auth.login("ksnk_lead")
    march = history["march"]
    with fresh(app):
        s6 = next(i for i in attach(march).template.items if i.code == "S6")
    response = client.post(f"/xsd/audits/{march.id}/follow-ups", data={"item_id": s6.id, "text": "Tập huấn phân loại chất thải", "due_date": "2026-04-30",
                                                                      "department_id": history["ngoai"].id},
                           follow_redirects=True)
    assert "Đã tạo hành động khắc phục." in response.get_data(as_text=True)
    [action] = summary.follow_ups(history["hospital"].id)
    assert action["text"] == "Tập huấn phân loại chất thải" and action["department"] == "Khoa Ngoại"
    assert action["status"] == "not_started" and action["overdue"] is True and action["item"] == "S6"
    client.post(f"/xsd/follow-ups/{action['id']}/status", data={"status": "done"})
    [action] = summary.follow_ups(history["hospital"].id)
    assert action["status"] == "done" and action["overdue"] is False
    assert "Tập huấn phân loại chất thải" in client.get("/xsd/follow-ups").get_data(as_text=True)


def test_latest_results_give_each_departments_last_audit(history):
    results = {r["department"]: r for r in summary.latest_results(history["hospital"].id)}
    assert results["Khoa Ngoại"]["score"] == 97 and results["Khoa Ngoại"]["critical_failed"] == 1
    assert results["Khoa Nội"]["date"] == date(2026, 2, 10)
