"""An assessor walks the criteria one page at a time; the server computes and keeps the level."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from quality_assess.assessments.models import Round
from quality_assess.database import db
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


class RadioGroups(HTMLParser):
    """legend text → (radio name, [values], checked values) of each fieldset that holds radios."""

    def __init__(self) -> None:
        super().__init__()
        self.groups: dict[str, tuple[str, list[str], list[str]]] = {}
        self._legend: list[str] | None = None
        self._stack: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "fieldset":
            self._stack.append({"legend": "", "names": set(), "values": [], "checked": []})
        elif tag == "legend":
            self._legend = []
        elif tag == "input" and attrs.get("type") == "radio" and self._stack:
            group = self._stack[-1]
            group["names"].add(attrs["name"])
            group["values"].append(attrs["value"])
            if "checked" in attrs:
                group["checked"].append(attrs["value"])

    def handle_data(self, data):
        if self._legend is not None:
            self._legend.append(data)

    def handle_endtag(self, tag):
        if tag == "legend" and self._stack:
            self._stack[-1]["legend"] = " ".join("".join(self._legend or []).split())
            self._legend = None
        elif tag == "fieldset" and self._stack:
            group = self._stack.pop()
            if group["names"]:
                (name,) = group["names"]  # one radio group per fieldset
                self.groups[group["legend"]] = (name, group["values"], group["checked"])


def radio_groups(page: str) -> dict[str, tuple[str, list[str], list[str]]]:
    parser = RadioGroups()
    parser.feed(page)
    return parser.groups


def new_round(app, make) -> int:
    with app.app_context():
        return make.round().id


def post_to(client, app, round_id: int, code: str, **data):
    """Post the criterion page as the browser would, with the version it showed."""
    with app.app_context():
        data.setdefault("version", str(result_of(db.session.get(Round, round_id), code).version))
    return client.post(PAGE.format(round_id, code), data=data)


def test_each_sub_item_is_a_radio_group_named_by_its_text(client, auth, make, app):
    with app.app_context():
        items = {s.code: s.text for s in make.sub_items("A1.1")}
    auth.login("quality")
    round_id = new_round(app, make)
    groups = radio_groups(client.get(PAGE.format(round_id, "A1.1")).get_data(as_text=True))
    assert len(groups) == len(items)
    assert groups[f"A1.1-1.1 {items['A1.1-1.1']}"] == ("item-A1.1-1.1", ["present", "absent"], [])
    assert groups[f"A1.1-4.10 {items['A1.1-4.10']}"] == ("item-A1.1-4.10", ["met", "unmet", "na"], [])


def test_without_sub_items_each_level_is_a_radio_group_with_its_question(client, auth, make, app):
    auth.login("quality")
    round_id = new_round(app, make)
    assert post_to(client, app, round_id, "A1.1", finding="no", met_2="yes").status_code == 302
    groups = radio_groups(client.get(PAGE.format(round_id, "A1.1")).get_data(as_text=True))
    assert groups == {
        "Có phát hiện ở Mức 1 không?": ("finding", ["yes", "no"], ["no"]),
        "Đạt tất cả tiểu mục Mức 2?": ("met_2", ["yes", "no"], ["yes"]),
        **{f"Đạt tất cả tiểu mục Mức {n}?": (f"met_{n}", ["yes", "no"], []) for n in (3, 4, 5)},
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"note": "x" * 10001}, "Trường “Ghi chú” dài quá 10000 ký tự."),
        ({"not_applicable": "1", "na_reason": "x" * 1001}, "Trường “Lý do không áp dụng” dài quá 1000 ký tự."),
    ],
)
def test_too_long_text_is_refused_and_kept(client, auth, make, app, data, message):
    auth.login("quality")
    round_id = new_round(app, make)
    response = post_to(client, app, round_id, "A1.1", **{"finding": "no", **data})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert "x" * 1001 in response.get_data(as_text=True)  # what was typed is still in the form
    with app.app_context():
        assert result_of(db.session.get(Round, round_id), "A1.1").version == 1


@pytest.mark.parametrize("version", ["²", "١", "1.0", "-1", " 1"])
def test_a_version_that_is_not_plain_digits_is_refused(client, auth, make, app, version):
    auth.login("quality")
    round_id = new_round(app, make)
    response = post_to(client, app, round_id, "A1.1", finding="no", version=version)
    assert response.status_code == 400 and "Trường “Phiên bản”" in response.get_data(as_text=True)


def test_a_file_sent_under_a_field_name_is_not_an_answer(client, auth, make, app):
    import io

    auth.login("quality")
    round_id = new_round(app, make)
    files = {name: (io.BytesIO(b"x"), "x.txt") for name in ("note", "version", "finding", "na_reason")}
    response = client.post(PAGE.format(round_id, "A1.1"), data={**files, "met_2": "yes"}, content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context():
        result = result_of(db.session.get(Round, round_id), "A1.1")
        assert (result.met_l2, result.finding_l1, result.note) == (True, None, "")
