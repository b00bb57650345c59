"""Next year from this year: a round started from last year's with its answers, confirmed criterion by criterion."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from quality_assess.assessments.models import Result
from quality_assess.history.models import ChangeLog
from tests.assessments.test_api import api  # noqa: F401  (the fixture)
from tests.conftest import fresh, scalars

LEVEL_3 = {"level1_finding": False, "met": {"2": True, "3": True, "4": False}}


@pytest.fixture
def last_year(api, make):  # noqa: F811
    """Last year's round of the quality office: A1.1 at Mức 3 with a note, B1.1 not applicable,
    C3.1 answered by SYNTHETIC sub-items at Mức 2, everything else unanswered."""
    manager = make.user("quality")
    call = api(manager)
    rid = call("POST", "/rounds", json={"name": "Tự đánh giá 2025", "year": 2025}).get_json()["id"]
    call("PUT", f"/rounds/{rid}/results/A1.1", json={**LEVEL_3, "note": "Có quy trình"})
    call("PUT", f"/rounds/{rid}/results/B1.1", json={"not_applicable": True, "reason": "Không có khoa"})
    make.sub_items("C3.1")  # SYNTHETIC test items
    call("PUT", f"/rounds/{rid}/results/C3.1", json={"items": {
        "C3.1-1.1": "absent", "C3.1-1.2": "absent", "C3.1-1.3": "absent", "C3.1-2.4": "met", "C3.1-2.5": "met",
        "C3.1-2.6": "met", "C3.1-3.7": "unmet"}})
    return call, rid


def test_a_round_carried_with_its_answers_keeps_levels_marked_to_confirm(last_year):
    call, old = last_year
    created = call("POST", "/rounds", json={"name": "Tự đánh giá 2026", "year": 2026, "source_round": old, "carry_answers": True})
    assert created.status_code == 201 and created.get_json()["source_round"] == old
    rid = created.get_json()["id"]

    a11 = call("GET", f"/rounds/{rid}/results/A1.1").get_json()
    assert a11 == {"code": "A1.1", "answer": {"level1_finding": False, "met": {"2": True, "3": True, "4": False, "5": None}},
                   "note": "Có quy trình", "level": 3, "version": 1, "review_status": "draft",
                   "needs_confirmation": True, "unanswered": ["met.5"]}
    c31 = call("GET", f"/rounds/{rid}/results/C3.1").get_json()
    assert (c31["level"], c31["needs_confirmation"], c31["answer"]["items"]["C3.1-3.7"]) == (2, True, "unmet")
    # N/A is carried as it always was, not to confirm; an unanswered criterion has nothing to confirm.
    b11 = call("GET", f"/rounds/{rid}/results/B1.1").get_json()
    assert (b11["answer"], b11["needs_confirmation"]) == ({"not_applicable": True, "reason": "Không có khoa"}, False)
    assert call("GET", f"/rounds/{rid}/results/A1.2").get_json()["needs_confirmation"] is False

    summary = call("GET", f"/rounds/{rid}/summary").get_json()
    assert (summary["answered"], summary["confirmed"], summary["provisional"], summary["mean"]) == (2, 0, 2, pytest.approx((3 + 2 * 2) / 3))


def test_confirming_unchanged_is_one_call_and_a_save_confirms_too(last_year, app):
    call, old = last_year
    rid = call("POST", "/rounds", json={"name": "2026", "year": 2026, "source_round": old, "carry_answers": True}).get_json()["id"]

    confirmed = call("POST", f"/rounds/{rid}/results/A1.1/confirm", json={"version": 1})
    assert confirmed.status_code == 200
    body = confirmed.get_json()
    assert (body["needs_confirmation"], body["level"], body["version"]) == (False, 3, 2)
    again = call("POST", f"/rounds/{rid}/results/A1.1/confirm", json={})
    assert again.status_code == 400 and again.get_json()["field"] == "needs_confirmation"

    call("PATCH", f"/rounds/{rid}/results/C3.1", json={"items": {"C3.1-3.7": "met", "C3.1-3.8": "met", "C3.1-4.9": "unmet"}})
    c31 = call("GET", f"/rounds/{rid}/results/C3.1").get_json()
    assert (c31["level"], c31["needs_confirmation"]) == (3, False)

    summary = call("GET", f"/rounds/{rid}/summary").get_json()
    assert (summary["confirmed"], summary["provisional"]) == (2, 0)
    trail = scalars(app, sa.select(ChangeLog.criterion_code).where(ChangeLog.round_id == rid, ChangeLog.field == "needs_confirmation")
                    .order_by(ChangeLog.id))
    assert trail == ["A1.1", "C3.1"]


def test_a_stale_confirmation_is_refused(last_year):
    call, old = last_year
    rid = call("POST", "/rounds", json={"name": "2026", "year": 2026, "source_round": old, "carry_answers": True}).get_json()["id"]
    assert call("PATCH", f"/rounds/{rid}/results/A1.1", json={"met": {"5": False}}).status_code == 200  # version 2
    stale = call("POST", f"/rounds/{rid}/results/A1.1/confirm", json={"version": 1})
    assert stale.status_code == 409


def test_the_round_cannot_be_submitted_while_a_carried_criterion_is_unconfirmed(last_year, app, make):
    call, old = last_year
    rid = call("POST", "/rounds", json={"name": "2026", "year": 2026, "source_round": old, "carry_answers": True}).get_json()["id"]
    from quality_assess.assessments.models import Round
    from quality_assess.assessments.operations import set_round_status
    from quality_assess.domain import ValidationError
    from quality_assess.database import db
    from tests.builders import attach

    manager = make.user("quality")
    with fresh(app):
        round_ = db.session.get(Round, rid)
        with pytest.raises(ValidationError) as refused:  # not even with an override reason
            set_round_status(round_, "submitted", user=attach(manager), override_reason="Nộp gấp")
        assert refused.value.field == "needs_confirmation" and "A1.1, C3.1" in refused.value.text()
    call("POST", f"/rounds/{rid}/results/A1.1/confirm", json={})
    call("POST", f"/rounds/{rid}/results/C3.1/confirm", json={})
    with fresh(app):
        set_round_status(db.session.get(Round, rid), "submitted", user=attach(manager), override_reason="Nộp khi chưa duyệt đủ")
        db.session.commit()
    assert call("GET", "/rounds").get_json()["rounds"][0]["status"] == "submitted"


def test_without_carry_answers_no_level_is_copied(last_year, app):
    call, old = last_year
    rid = call("POST", "/rounds", json={"name": "2026", "year": 2026, "source_round": old}).get_json()["id"]
    a11 = call("GET", f"/rounds/{rid}/results/A1.1").get_json()
    assert (a11["level"], a11["needs_confirmation"], a11["note"]) == (None, False, "Có quy trình")


@pytest.mark.parametrize("body, status, field", [
    ({"carry_answers": True}, 400, "source_round"),
    ({"source_round": 999999, "carry_answers": True}, 404, None),
    ({"source_round": "x"}, 400, "source_round"),
])
def test_a_carry_forward_request_that_cannot_be_served_is_refused(last_year, body, status, field):
    call, _old = last_year
    refused = call("POST", "/rounds", json={"name": "2026", "year": 2026, **body})
    assert refused.status_code == status
    if field:
        assert refused.get_json()["field"] == field


def test_another_hospitals_round_is_no_source(last_year, api, make):  # noqa: F811
    _call, old = last_year
    other = api(make.user("quality", hospital=make.hospital()))
    assert other("POST", "/rounds", json={"name": "2026", "year": 2026, "source_round": old, "carry_answers": True}).status_code == 404
    assert other("GET", f"/rounds/{old}/results/A1.1").status_code == 404


def test_carried_answers_obey_the_scoring_rule_when_sub_items_changed(app, make, last_year):
    """An answer to a sub-item retired since is not carried; the level is computed again, never copied."""
    call, old = last_year
    from quality_assess.catalog.models import SubItem
    from quality_assess.database import db

    with fresh(app):
        db.session.execute(sa.update(SubItem).where(SubItem.code == "C3.1-3.7").values(active=False))
        db.session.commit()
    rid = call("POST", "/rounds", json={"name": "2026", "year": 2026, "source_round": old, "carry_answers": True}).get_json()["id"]
    c31 = call("GET", f"/rounds/{rid}/results/C3.1").get_json()
    assert "C3.1-3.7" not in c31["answer"]["items"] and c31["answer"]["items"]["C3.1-2.4"] == "met"
    # Last year's unmet 3.7 settled Mức 2; without it level 3 is open again (3.8 unanswered): no level.
    assert (c31["level"], c31["needs_confirmation"], "C3.1-3.8" in c31["unanswered"]) == (None, True, True)
    with fresh(app):
        assert scalars(app, sa.select(Result.level).where(Result.round_id == old, Result.level.is_not(None))) == [3, 2]


def test_the_result_block_shows_confirmed_and_provisional_counts(last_year, client, auth, make):
    call, old = last_year
    rid = call("POST", "/rounds", json={"name": "2026", "year": 2026, "source_round": old, "carry_answers": True}).get_json()["id"]
    call("POST", f"/rounds/{rid}/results/A1.1/confirm", json={})
    auth.login("director")
    page = client.get(f"/rounds/{rid}/result").get_data(as_text=True)
    assert 'data-field="confirmed">1<' in page and 'data-field="provisional">1<' in page


def test_the_quality_office_hears_which_carried_criteria_wait_for_confirmation(last_year, app, make):
    """Nobody is assigned yet, so the carried criteria go to the quality office's other members (not to
    whoever started the round)."""
    from quality_assess.notifications.models import Notification

    call, old = last_year
    colleague = make.user("quality")
    call("POST", "/rounds", json={"name": "Tự đánh giá 2026", "year": 2026, "source_round": old, "carry_answers": True})

    told = scalars(app, sa.select(Notification.criterion_code).where(
        Notification.user_id == colleague.id, Notification.kind == "to_confirm").order_by(Notification.criterion_code))
    assert told == ["A1.1", "C3.1"]
