"""A draft plan nobody has worked on is deleted after a confirmation page; an approved or used one stays."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from quality_assess.history.models import ChangeLog
from quality_assess.plans import operations
from quality_assess.plans.models import Plan, PlanEntry
from tests.conftest import count_rows, reload, scalars, steps

ops = steps(operations)  # each function runs as a step in its own fresh session


@pytest.fixture
def plan(make, scored_round):
    return ops.generate_plan(scored_round, include_level_3=False, user=make.user("quality"))


def test_the_quality_office_deletes_an_unused_draft_plan(app, client, auth, plan, scored_round):
    office = auth.login("quality")
    page = client.get(f"/plans/{plan.id}/delete").get_data(as_text=True)
    assert f"Xóa kế hoạch cải tiến năm {plan.year}?" in page
    client.post(f"/plans/{plan.id}/delete")  # not sent from the page: nothing happens
    assert reload(app, plan) is not None

    response = client.post(f"/plans/{plan.id}/delete", data={"confirmed": "1"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/plans/")
    assert reload(app, plan) is None and count_rows(app, PlanEntry) == 0
    [row] = scalars(app, sa.select(ChangeLog).where(ChangeLog.entity == "plan", ChangeLog.field == "deleted"))
    assert (row.entity_id, row.user_id) == (plan.id, office.id)
    # The round it came from can be used again for a new plan.
    assert client.post("/plans/generate", data={"round_id": scored_round.id}).status_code == 302
    assert count_rows(app, Plan) == 1


def test_a_plan_with_an_action_or_approved_is_not_deleted(app, client, auth, make, plan):
    entry = next(e for e in plan.entries)
    ops.add_action(entry, operations.ActionFields(text="Tập huấn quy trình"), user=make.user("quality"))
    auth.login("quality")
    response = client.post(f"/plans/{plan.id}/delete", data={"confirmed": "1"}, follow_redirects=True)
    assert "Kế hoạch đã có hành động cải tiến: không thể xóa." in response.get_data(as_text=True)
    assert reload(app, plan) is not None


def test_an_approved_plan_is_not_deleted(app, client, auth, make, plan):
    ops.set_plan_status(plan, "approved", user=make.user("director"))
    auth.login("quality")
    client.post(f"/plans/{plan.id}/delete", data={"confirmed": "1"})
    assert reload(app, plan).status == "approved"
