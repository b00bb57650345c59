"""GET /api/v1/notifications: the signed-in user's own, newest first, with read state;
POST /api/v1/notifications/read marks some ({"ids": [...]}) or all ({"all": true}) read."""
from __future__ import annotations

from datetime import datetime, UTC

from quality_assess.workflow.operations import assign, criteria_of
from tests.conftest import step

assign, criteria_of = step(assign), step(criteria_of)
API = "/api/v1/notifications"


def test_the_list_is_the_users_own_newest_first_with_read_state(app, api, team, fixed_clock):
    fixed_clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    assign(team.round, criteria_of("A1.2"), lead=None, assessors=[team.assessor, team.other], user=team.quality)

    body = api(team.assessor).get(API).get_json()

    assert body["unread"] == 2
    assert [(n["kind"], n["criterion"], n["read"]) for n in body["notifications"]] == [("assigned", "A1.2", False), ("assigned", "A1.1", False)]
    newest = body["notifications"][0]
    assert newest["text"].startswith("Bạn được giao đánh giá tiêu chí A1.2") and newest["url"] == f"/rounds/{team.round.id}/criteria/A1.2"
    assert newest["created_at"] == "2026-12-01T09:00:00+07:00" and newest["read_at"] is None
    assert [n["criterion"] for n in api(team.other).get(API).get_json()["notifications"]] == ["A1.2"]


def test_marking_some_read_then_all(app, api, team):
    assign(team.round, criteria_of("A1.2"), lead=None, assessors=[team.assessor], user=team.quality)
    lan = api(team.assessor)
    first, second = [n["id"] for n in lan.get(API).get_json()["notifications"]]

    marked = lan.post(f"{API}/read", json={"ids": [second]})

    assert marked.status_code == 200 and marked.get_json() == {"marked": 1, "unread": 1}
    listed = lan.get(API).get_json()["notifications"]
    assert [(n["id"], n["read"]) for n in listed] == [(first, False), (second, True)] and listed[1]["read_at"]
    assert [n["id"] for n in lan.get(f"{API}?unread=1").get_json()["notifications"]] == [first]

    assert lan.post(f"{API}/read", json={"all": True}).get_json() == {"marked": 1, "unread": 0}


def test_someone_elses_notification_cannot_be_marked_and_nothing_changes(app, api, team):
    [theirs] = [n["id"] for n in api(team.assessor).get(API).get_json()["notifications"]]
    binh = api(team.other)

    refused = binh.post(f"{API}/read", json={"ids": [theirs]})

    assert refused.status_code == 400 and refused.get_json()["field"] == "ids" and str(theirs) in refused.get_json()["error"]
    assert api(team.assessor).get(API).get_json()["unread"] == 1


def test_a_body_that_says_nothing_is_refused(api, team):
    lan = api(team.assessor)
    assert lan.post(f"{API}/read", json={}).status_code == 400
    assert lan.post(f"{API}/read", json={"ids": "1"}).status_code == 400


def test_anonymous_callers_and_deactivated_users_get_401(app, client, api, runner, team):
    lan = api(team.assessor)
    assert client.get(API).status_code == 401

    runner.invoke(args=["users", "deactivate", team.assessor.username])

    assert lan.get(API).status_code == 401


def test_an_id_no_database_can_hold_is_refused_as_a_bad_field(api, team):
    refused = api(team.assessor).post(f"{API}/read", json={"ids": [2**40]})

    assert refused.status_code == 400 and refused.get_json()["field"] == "ids.0"
