"""PUT replaces a criterion's whole answer, PATCH changes only what it names; both compute the level on the
server and say what is still unanswered. Sub-items here are SYNTHETIC (make.sub_items)."""
from __future__ import annotations

import pytest

from tests.assessments.conftest import result_of
from tests.conftest import fresh

A11_ITEMS = [f"A1.1-1.{n}" for n in (1, 2, 3)] + [f"A1.1-2.{n}" for n in (4, 5, 6)] + ["A1.1-3.7", "A1.1-3.8", "A1.1-4.9",
                                                                                      "A1.1-4.10", "A1.1-5.11"]
LEVEL_3 = {**{c: "absent" for c in A11_ITEMS[:3]}, **{c: "met" for c in A11_ITEMS[3:8]}, "A1.1-4.9": "unmet"}


@pytest.fixture
def call(client, make):
    """call(method, url, json) as the quality office's script, with its Bearer token."""
    headers = {"Authorization": f"Bearer {make.token(make.user('quality'))}"}

    def _call(method, url, **kw):
        return client.open(f"/api/v1{url}", method=method, headers=headers, **kw)

    return _call


def stored(app, round_, code):
    with fresh(app):
        result = result_of(round_, code)
        return result.level, {a.sub_item.code: a.value for a in result.item_answers}, result.version


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_items_on_a_criterion_without_sub_items_are_refused_naming_the_field(app, call, make, method):
    round_ = make.round()

    refused = call(method, f"/rounds/{round_.id}/results/A1.2", json={"items": {}})

    assert refused.status_code == 400
    assert refused.get_json()["field"] == "items"
    assert "A1.2" in refused.get_json()["error"] and "chưa có danh sách tiểu mục" in refused.get_json()["error"]
    assert stored(app, round_, "A1.2") == (None, {}, 1)


@pytest.mark.parametrize(
    ("body", "unanswered"),
    [
        ({"met": {}}, ["level1_finding", "met.2", "met.3", "met.4", "met.5"]),
        ({"level1_finding": False}, ["met.2", "met.3", "met.4", "met.5"]),
        ({"level1_finding": False, "met": {"2": True, "3": True, "4": True}}, ["met.5"]),
        ({"level1_finding": None, "met": {"2": True, "3": False}}, ["level1_finding", "met.4", "met.5"]),
    ],
)
def test_an_empty_or_partial_per_level_body_leaves_the_level_unanswered(app, call, make, body, unanswered):
    round_ = make.round()

    saved = call("PUT", f"/rounds/{round_.id}/results/A1.2", json=body)

    assert saved.status_code == 200
    assert saved.get_json() == {"code": "A1.2", "level": None, "version": 2, "unanswered": unanswered}
    assert stored(app, round_, "A1.2")[0] is None


def test_put_replaces_every_sub_item_answer_and_says_which_are_now_unanswered(app, call, make):
    make.sub_items("A1.1")
    round_ = make.round()
    url = f"/rounds/{round_.id}/results/A1.1"
    assert call("PUT", url, json={"items": LEVEL_3}).get_json() == {
        "code": "A1.1", "level": 3, "version": 2, "unanswered": ["A1.1-4.10", "A1.1-5.11"]}

    replaced = call("PUT", url, json={"items": {"A1.1-1.1": "absent"}})

    assert replaced.get_json() == {"code": "A1.1", "level": None, "version": 3, "unanswered": A11_ITEMS[1:]}
    assert stored(app, round_, "A1.1") == (None, {"A1.1-1.1": "absent"}, 3)

    emptied = call("PUT", url, json={"items": {}})
    assert emptied.get_json() == {"code": "A1.1", "level": None, "version": 4, "unanswered": A11_ITEMS}
    assert stored(app, round_, "A1.1") == (None, {}, 4)


def test_patch_changes_only_the_named_items_and_recomputes_the_level(app, call, make):
    make.sub_items("A1.1")
    round_ = make.round()
    url = f"/rounds/{round_.id}/results/A1.1"
    first = call("PATCH", url, json={"items": {c: v for c, v in LEVEL_3.items() if c != "A1.1-2.5"}})
    assert first.get_json()["level"] is None and first.get_json()["unanswered"] == ["A1.1-2.5", "A1.1-4.10", "A1.1-5.11"]

    second = call("PATCH", url, json={"items": {"A1.1-2.5": "na"}})
    assert second.get_json() == {"code": "A1.1", "level": 3, "version": 3, "unanswered": ["A1.1-4.10", "A1.1-5.11"]}

    third = call("PATCH", url, json={"items": {"A1.1-4.9": "met", "A1.1-4.10": "met", "A1.1-5.11": "met", "A1.1-1.2": "present"}})
    assert third.get_json()["level"] == 1 and third.get_json()["unanswered"] == []

    cleared = call("PATCH", url, json={"items": {"A1.1-1.2": None}})
    assert cleared.get_json() == {"code": "A1.1", "level": None, "version": 5, "unanswered": ["A1.1-1.2"]}
    level, answers, _ = stored(app, round_, "A1.1")
    assert level is None and len(answers) == 10 and answers["A1.1-4.9"] == "met" and "A1.1-1.2" not in answers

    assert call("PATCH", url, json={"items": {}}).get_json()["version"] == 6  # nothing named, nothing changed but the save
    assert stored(app, round_, "A1.1")[1] == answers


def test_patch_changes_only_the_named_levels(app, call, make):
    round_ = make.round()
    url = f"/rounds/{round_.id}/results/A1.2"
    assert call("PATCH", url, json={"level1_finding": False, "met": {"2": True, "3": True}}).get_json()["level"] is None

    four = call("PATCH", url, json={"met": {"4": True, "5": False}})
    assert four.get_json() == {"code": "A1.2", "level": 4, "version": 3, "unanswered": []}

    no_finding_answer = call("PATCH", url, json={"level1_finding": None})
    assert no_finding_answer.get_json() == {"code": "A1.2", "level": None, "version": 4, "unanswered": ["level1_finding"]}
    with fresh(app):
        result = result_of(round_, "A1.2")
        assert (result.finding_l1, result.met) == (None, {2: True, 3: True, 4: True, 5: False})

    put = call("PUT", url, json={"level1_finding": False, "met": {"2": False}})
    assert put.get_json() == {"code": "A1.2", "level": 1, "version": 5, "unanswered": ["met.3", "met.4", "met.5"]}


def test_patch_with_answers_lifts_not_applicable(app, call, make):
    round_ = make.round()
    url = f"/rounds/{round_.id}/results/B1.1"
    call("PUT", url, json={"level1_finding": False, "met": {"2": True, "3": False}})
    assert call("PUT", url, json={"not_applicable": True, "reason": "Bệnh viện chuyên khoa"}).get_json()["level"] is None

    lifted = call("PATCH", url, json={"met": {"3": True, "4": False}})

    assert lifted.get_json() == {"code": "B1.1", "level": 3, "version": 4, "unanswered": ["met.5"]}
    with fresh(app):
        assert result_of(round_, "B1.1").not_applicable is False


def test_patch_refuses_what_put_refuses(app, call, make):
    make.sub_items("A1.1")
    round_ = make.round()
    for body, field in (({"items": {"A1.1-9.9": "met"}}, "items.A1.1-9.9"), ({"items": {"A1.1-1.1": "met"}}, "items.A1.1-1.1"),
                        ({"met": {"2": True}}, "items"), ({"level1_finding": False, "items": {}}, "body")):
        refused = call("PATCH", f"/rounds/{round_.id}/results/A1.1", json=body)
        assert (refused.status_code, refused.get_json()["field"]) == (400, field)
    stale = call("PATCH", f"/rounds/{round_.id}/results/A1.2", json={"met": {"2": True}, "version": 7})
    assert stale.status_code == 409
    assert stored(app, round_, "A1.1")[2] == 1 and stored(app, round_, "A1.2")[2] == 1
