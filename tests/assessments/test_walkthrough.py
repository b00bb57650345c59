"""An assessor walks the criteria one page at a time; the server computes and keeps the level."""
from __future__ import annotations

import pytest

from tests.assessments.conftest import result_of
from tests.conftest import fresh

PAGE = "/rounds/{}/criteria/{}"


def post(client, round_, code, **data):
    data.setdefault("version", str(result_of(round_, code).version))
    return client.post(PAGE.format(round_.id, code), data=data)


def test_assessor_answers_per_level_and_save_and_next_walks_on(client, auth, make):
    assessor = auth.login("quality")  # unassigned assessors may not save (workflow)
    round_ = make.round()
    page = client.get(PAGE.format(round_.id, "A1.1")).get_data(as_text=True)
    assert "Có phát hiện ở Mức 1 không?" in page and "Đạt tất cả tiểu mục Mức 5?" in page
    assert "Mức 5" in page and "Rất tốt" in page and 'value="A2.1"' in page  # levels and the jump list
    assert " checked" not in page.split('name="note"')[0].split("walkthrough")[1]  # nothing pre-selected

    response = post(client, round_, "A1.1", finding="no", met_2="yes", met_3="yes", met_4="no", note=" Thiếu sơ đồ ", action="next")
    assert response.status_code == 302 and response.headers["Location"].endswith("/criteria/A1.2")
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã lưu tiêu chí A1.1: Mức 3." in follow

    result = result_of(round_, "A1.1")
    assert (result.level, result.finding_l1, result.met_l4, result.met_l5) == (3, False, False, None)
    assert result.note == "Thiếu sơ đồ" and result.updated_by_id == assessor.id and result.updated_at
    again = client.get(PAGE.format(round_.id, "A1.1")).get_data(as_text=True)
    assert 'name="met_4" value="no" checked' in again and "Mức 3" in again


def test_previous_next_and_jump(client, auth, make):
    auth.login("assessor")
    round_ = make.round()
    page = client.get(PAGE.format(round_.id, "A1.2")).get_data(as_text=True)
    assert f'href="/rounds/{round_.id}/criteria/A1.1"' in page and f'href="/rounds/{round_.id}/criteria/A1.3"' in page
    jump = client.get(f"/rounds/{round_.id}/jump?code=C5.1")
    assert jump.headers["Location"].endswith("/criteria/C5.1")
    assert client.get(f"/rounds/{round_.id}/jump?code=Z9.9").status_code == 404
    assert client.get(PAGE.format(round_.id, "Z9.9")).status_code == 404


ABSENT_ALL = {f"item-A1.1-1.{n}": "absent" for n in (1, 2, 3)}
MET_2 = {"item-A1.1-2.4": "met", "item-A1.1-2.5": "met", "item-A1.1-2.6": "na"}


@pytest.mark.parametrize(
    ("ticks", "level"),
    [
        ({**ABSENT_ALL, **MET_2, "item-A1.1-3.7": "met", "item-A1.1-3.8": "met", "item-A1.1-4.9": "met",
          "item-A1.1-4.10": "unmet", "item-A1.1-5.11": "met"}, 3),                       # one unmet stops at 3
        ({**ABSENT_ALL, "item-A1.1-1.2": "present", **MET_2, "item-A1.1-3.7": "met", "item-A1.1-3.8": "met",
          "item-A1.1-4.9": "met", "item-A1.1-4.10": "met", "item-A1.1-5.11": "met"}, 1),  # a finding: Mức 1
        ({**ABSENT_ALL, "item-A1.1-2.4": "unmet"}, 1),                                   # level 2 missed
        ({**ABSENT_ALL, **MET_2, "item-A1.1-3.7": "met"}, None),                          # not enough answers yet
        ({**ABSENT_ALL, **MET_2, "item-A1.1-3.7": "met", "item-A1.1-3.8": "na", "item-A1.1-4.9": "na",
          "item-A1.1-4.10": "met", "item-A1.1-5.11": "met"}, 5),
    ],
)
def test_ticking_sub_items_gives_the_official_level(app, client, auth, make, ticks, level):
    make.sub_items("A1.1")  # SYNTHETIC test items
    auth.login("quality")  # unassigned assessors may not save (workflow)
    round_ = make.round()
    page = client.get(PAGE.format(round_.id, "A1.1")).get_data(as_text=True)
    assert "A1.1-4.10" in page and "Không áp dụng" in page and "Có phát hiện ở Mức 1 không?" not in page
    assert "checked" not in page.split('name="note"')[0].split('name="na_reason"')[1]  # never defaults to pass

    assert post(client, round_, "A1.1", **ticks).status_code == 302
    with fresh(app):
        result = result_of(round_, "A1.1")
        assert result.level == level
        assert {a.sub_item.code: a.value for a in result.item_answers} == {k[5:]: v for k, v in ticks.items()}
    again = client.get(PAGE.format(round_.id, "A1.1")).get_data(as_text=True)
    assert 'name="item-A1.1-1.1" value="absent" data-level="1" checked' in again


def test_not_applicable_needs_a_reason(client, auth, make):
    auth.login("quality")
    round_ = make.round()
    refused = post(client, round_, "B1.1", not_applicable="1", na_reason=" ", note="ghi chú của tôi")
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "Cần ghi lý do khi đánh dấu tiêu chí không áp dụng." in page and "ghi chú của tôi" in page
    assert result_of(round_, "B1.1").not_applicable is False

    assert post(client, round_, "B1.1", not_applicable="1", na_reason="Bệnh viện chuyên khoa").status_code == 302
    result = result_of(round_, "B1.1")
    assert (result.not_applicable, result.na_reason, result.level) == (True, "Bệnh viện chuyên khoa", None)


def test_obstetrics_criteria_start_not_applicable_without_the_department(client, auth, make):
    hospital = make.hospital(has_obstetrics=False)
    auth.login("quality", hospital=hospital)
    round_ = make.round(hospital=hospital)
    page = client.get(PAGE.format(round_.id, "E1.1")).get_data(as_text=True)
    assert 'name="not_applicable" value="1" checked' in page and "Bệnh viện không có khoa Sản" in page


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"met_3": "maybe"}, "Đạt tất cả tiểu mục Mức 3"),
        ({"finding": "1"}, "Có phát hiện ở Mức 1"),
        ({"not_applicable": "on", "na_reason": "x"}, "Không áp dụng"),
        ({"version": "abc"}, "Phiên bản"),
    ],
)
def test_unknown_values_are_refused_naming_the_field(client, auth, make, data, field):
    auth.login("quality")  # unassigned assessors may not save (workflow)
    round_ = make.round()
    response = post(client, round_, "A1.1", **{"finding": "no", "met_2": "yes", **data})
    assert response.status_code == 400
    assert f"Trường “{field}”" in response.get_data(as_text=True)
    result = result_of(round_, "A1.1")
    assert (result.finding_l1, result.version) == (None, 1)


def test_unknown_sub_item_value_is_refused(app, client, auth, make):
    make.sub_items("A1.1")
    auth.login("quality")  # unassigned assessors may not save (workflow)
    round_ = make.round()
    response = post(client, round_, "A1.1", **{"item-A1.1-1.1": "absent", "item-A1.1-2.4": "present"})
    assert response.status_code == 400 and "Tiểu mục A1.1-2.4" in response.get_data(as_text=True)
    with fresh(app):
        assert result_of(round_, "A1.1").item_answers == []
