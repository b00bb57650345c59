"""Year over year against the plan, and the trend, as the director reads them: the page, the API and the
workbook over three years of self-assessments, an inspection round, and the 2026 plan with its targets."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pytest
from openpyxl import load_workbook

from quality_assess.assessments.models import Round
from quality_assess.assessments.operations import Answer, save_result, set_round_status
from quality_assess.plans.operations import generate_plan, save_targets
from tests.assessments.conftest import result_of
from tests.conftest import PASSWORD, attach, fresh
from tests.reports.conftest import levels_2017, pdf_text, set_levels


@dataclass
class Years:
    r2024: Round
    r2025: Round
    team2025: Round
    draft2025: Round
    r2026: Round
    plan_id: int


def _lock(round_: Round, user) -> None:
    set_round_status(round_, "submitted", user=user, override_reason="Thử nghiệm: nộp khi chưa duyệt đủ")
    set_round_status(round_, "locked", user=user)


@pytest.fixture
def three_years(app, make) -> Years:
    """2024 and 2025 self-assessments locked (2025 also has a later draft self-assessment, and an inspection
    round that the default must skip), 2026 in draft. Against 2025: A1.1 went 1 → 2, A1.2 went 4 → 3,
    B1.1 stayed at 4, E2.1 is not applicable in 2026 and A1.3 is not answered yet.
    The 2026 plan (from the 2026 round) holds A1.1 with target 3; the year's targets add A1.2 = 4 and B1.1 = 4."""
    office = make.user("quality")
    base = levels_2017()   # A1.1 = 2, A1.2 = 3, B1.1 = 3, … (the published 2017 result)
    r2024 = make.round(name="Tự đánh giá 2024", year=2024)
    r2025 = make.round(name="Tự đánh giá 2025", year=2025)
    team2025 = make.round(name="Đoàn kiểm tra 2025", year=2025, kind="inspection")
    draft2025 = make.round(name="Tự đánh giá bổ sung 2025", year=2025)
    r2026 = make.round(name="Tự đánh giá 2026", year=2026)
    y2025 = base | {"A1.1": 1, "A1.2": 4, "B1.1": 4}
    y2026 = base | {"A1.1": 2, "A1.2": 3, "B1.1": 4}
    del y2026["A1.3"]
    with fresh(app):
        set_levels(r2024, base)
        set_levels(r2025, y2025)
        set_levels(team2025, {code: 1 for code in base})
        set_levels(draft2025, {code: 5 for code in base})
        set_levels(r2026, y2026)
    with fresh(app) as session:
        save_result(result_of(r2026, "E2.1"), Answer(not_applicable=True, na_reason="Không có khoa Nhi"), user=None)
        for round_ in (r2024, r2025):
            _lock(attach(round_), attach(office))
        plan = generate_plan(attach(r2026), include_level_3=False, user=attach(office))
        save_targets(attach(r2026).hospital, 2026, mean_min=None, mean_max=None, no_level_1=True, xsd_target=None,
                     criteria={"A1.2": 4, "B1.1": 4}, user=attach(office))
        session.commit()
        plan_id = plan.id
    return Years(r2024, r2025, team2025, draft2025, r2026, plan_id)


@pytest.fixture
def api(client, make):
    def for_user(user):
        headers = {"Authorization": f"Bearer {make.token(user)}"}
        return lambda url: client.get(f"/api/v1{url}", headers=headers)

    return for_user


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_director_sees_the_last_two_years_beside_this_one_against_the_plan(client, auth, three_years):
    y = three_years
    auth.login("director")
    page = client.get(f"/reports/rounds/{y.r2026.id}/year-over-year")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    text = _text(html)
    # the default: the same kind in 2024 and 2025, the latest such round of 2025 (not the inspection team's)
    assert "Tự đánh giá 2024 (2024)" in text and "Tự đánh giá bổ sung 2025 (2025)" in text
    assert re.search(rf'value="{y.draft2025.id}"[^>]*checked|checked[^>]*value="{y.draft2025.id}"', html)
    assert not re.search(rf'value="{y.team2025.id}"[^>]*checked|checked[^>]*value="{y.team2025.id}"', html)
    assert "Mức mục tiêu lấy từ kế hoạch cải tiến năm 2026" in text and "bổ sung bằng mục tiêu năm đã đặt" in text
    assert "Thay đổi tính so với đợt gần nhất: Tự đánh giá bổ sung 2025 (2025)" in text
    # chapter grouping: a heading row per chapter before its criteria
    assert html.index(">A1<") < html.index('data-code="A1.1"') < html.index(">A2<")


def test_choosing_the_locked_2025_round_gives_the_lists_with_their_counts(client, auth, three_years):
    y = three_years
    auth.login("director")
    html = client.get(f"/reports/rounds/{y.r2026.id}/year-over-year",
                      query_string={"chosen": "1", "previous": [y.r2024.id, y.r2025.id]}).get_data(as_text=True)

    def listed(key: str) -> tuple[int, str]:
        block = re.search(rf'data-list="{key}">(.*?)</section>', html, re.S)
        assert block, key
        count = int(re.search(r'class="badge count">(\d+)<', block.group(1)).group(1))
        return count, _text(block.group(1)).replace(" ,", ",")

    assert listed("gained") == (1, "Tăng mức 1 A1.1")
    assert listed("lost") == (1, "Giảm mức 1 A1.2")
    assert listed("unchanged")[0] == 79                       # 83 − gained − lost − E2.1 (N/A) − A1.3 (unanswered)
    assert "B1.1" in listed("unchanged")[1] and "E2.1" not in listed("unchanged")[1]
    assert listed("below") == (2, "Dưới mức mục tiêu 2 A1.1, A1.2")   # A1.1 at 2 for 3 (plan), A1.2 at 3 for 4 (targets)
    assert "Không so sánh được: 2 tiêu chí." in _text(html)
    row = _text(re.search(r'<tr data-code="A1.1".*?</tr>', html, re.S).group(0))
    assert row.endswith("Mức 3 Mức 2 Mức 1 Mức 2 +1")              # target, 2024, 2025, 2026, change


def test_a_choice_that_is_not_an_earlier_round_is_refused_with_a_message_naming_the_field(client, auth, make, three_years):
    y = three_years
    auth.login("director")
    other = make.round(hospital=make.hospital("Bệnh viện khác"), name="Đợt của bệnh viện khác", year=2025)
    for previous in ([other.id], [y.r2026.id], ["abc"], []):
        response = client.get(f"/reports/rounds/{y.r2026.id}/year-over-year", query_string={"chosen": "1", "previous": previous})
        assert response.status_code == 400, previous
        text = _text(response.get_data(as_text=True))
        assert "Các đợt trước để so sánh:" in text
        assert "Đợt của bệnh viện khác" not in text
    assert "Hãy chọn ít nhất một đợt đánh giá trước" in text


def test_the_api_gives_the_round_the_earlier_rounds_the_plan_and_each_criterion(api, make, three_years):
    y = three_years
    call = api(make.user("director"))
    body = call(f"/rounds/{y.r2026.id}/year-over-year?previous={y.r2025.id},{y.r2024.id}").get_json()
    assert body["round"] == {"id": y.r2026.id, "name": "Tự đánh giá 2026", "year": 2026, "kind": "self", "status": "draft"}
    assert [p["id"] for p in body["previous"]] == [y.r2024.id, y.r2025.id]       # oldest first
    assert body["compared_with"]["id"] == y.r2025.id
    assert body["plan"] == {"id": y.plan_id, "year": 2026, "status": "draft", "round_id": y.r2026.id}
    assert body["targets_year"] == 2026
    rows = {c["code"]: c for c in body["criteria"]}
    assert len(rows) == 83
    assert rows["A1.1"] == {
        "code": "A1.1", "part": "A", "chapter": "A1", "target": 3, "target_source": "plan",
        "earlier": [{"round_id": y.r2024.id, "level": 2, "not_applicable": False}, {"round_id": y.r2025.id, "level": 1, "not_applicable": False}],
        "level": 2, "not_applicable": False, "change": 1, "status": "gained", "below_target": True,
    }
    assert (rows["A1.2"]["target"], rows["A1.2"]["target_source"], rows["A1.2"]["change"]) == (4, "targets", -1)
    assert (rows["E2.1"]["not_applicable"], rows["E2.1"]["change"], rows["E2.1"]["status"]) == (True, None, "not_compared")
    assert (rows["A1.3"]["level"], rows["A1.3"]["status"]) == (None, "not_compared")
    assert body["gained"] == {"count": 1, "codes": ["A1.1"]} and body["lost"] == {"count": 1, "codes": ["A1.2"]}
    assert body["unchanged"]["count"] == 79 and body["not_compared"] == {"count": 2, "codes": ["A1.3", "E2.1"]}
    assert body["below_target"] == {"count": 2, "codes": ["A1.1", "A1.2"]}

    default = call(f"/rounds/{y.r2026.id}/year-over-year").get_json()
    assert [p["id"] for p in default["previous"]] == [y.r2024.id, y.draft2025.id]


def test_the_api_refuses_bad_choices_and_never_shows_another_hospital(api, make, three_years):
    y = three_years
    call = api(make.user("director"))
    other = make.round(hospital=make.hospital("Bệnh viện khác"), year=2025)
    for query, message in ((f"previous={other.id}", "không phải một đợt đánh giá trước"), ("previous=1x", "không hợp lệ"),
                           ("previous=", "Hãy chọn ít nhất một đợt")):
        response = call(f"/rounds/{y.r2026.id}/year-over-year?{query}")
        assert response.status_code == 400, query
        assert response.get_json()["field"] == "previous" and message in response.get_json()["error"]
    assert call(f"/rounds/{other.id}/year-over-year").status_code == 404


def test_the_workbook_holds_the_table_and_the_lists(client, auth, three_years):
    y = three_years
    auth.login("director")
    response = client.get(f"/reports/rounds/{y.r2026.id}/year-over-year.xlsx?previous={y.r2024.id},{y.r2025.id}")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.data))
    sheet = book["Qua các năm"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[2][1] == "Tự đánh giá 2024 (2024); Tự đánh giá 2025 (2025)"
    assert "kế hoạch cải tiến năm 2026" in rows[3][0]
    header = rows[5]
    assert header[:4] == ["Chương", "Mã", "Tiêu chí", "Mục tiêu"] and header[4:7] == ["Tự đánh giá 2024 (2024)", "Tự đánh giá 2025 (2025)", "Tự đánh giá 2026 (2026)"]
    by_code = {r[1]: r for r in rows[6:]}
    assert by_code["A1.1"][3:] == [3, 2, 1, 2, 1, "Có"]
    assert by_code["E2.1"][6:8] == ["KAD", None]
    lists = {r[0]: r for r in book["Danh sách"].iter_rows(values_only=True)}
    assert lists["Tăng mức"][1:] == (1, "A1.1") and lists["Dưới mức mục tiêu"][1:] == (2, "A1.1, A1.2")


def test_the_trend_takes_one_round_a_year_and_says_which(client, auth, api, make, three_years):
    y = three_years
    director = auth.login("director")
    html = client.get("/reports/trend").get_data(as_text=True)
    rows = {int(m.group(1)): _text(m.group(0)) for m in re.finditer(r'<tr data-year="(\d+)">.*?</tr>', html, re.S)}
    assert sorted(rows) == [2024, 2025, 2026]
    assert rows[2024].startswith("2024 Tự đánh giá 2024 3,60 0 1 34 45 3 0 0")   # the published 2017 block: mean, Mức 1..5, N/A, open
    assert rows[2025].startswith("2025 Tự đánh giá 2025 3,61")            # the locked one, not the later draft
    assert rows[2026].startswith("2026 Tự đánh giá 2026 chưa khóa")
    chart = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'class="chart trend-chart"' in chart and "<script" not in chart and "3,60" in chart

    body = api(director)("/trend").get_json()
    assert [(p["year"], p["round"]["id"], p["locked"]) for p in body["years"]] == [
        (2024, y.r2024.id, True), (2025, y.r2025.id, True), (2026, y.r2026.id, False)]
    p2024 = body["years"][0]
    assert (p2024["mean"], p2024["levels"], p2024["not_applicable"], p2024["unanswered"]) == (
        pytest.approx(3.6, abs=0.005), {"1": 0, "2": 1, "3": 34, "4": 45, "5": 3}, 0, 0)
    p2026 = body["years"][2]
    assert (p2026["not_applicable"], p2026["unanswered"]) == (1, 1)
    team = api(director)("/trend?kind=inspection").get_json()
    assert [(p["year"], p["round"]["id"], p["levels"]["1"]) for p in team["years"]] == [(2025, y.team2025.id, 83)]
    bad = api(director)("/trend?kind=other")
    assert bad.status_code == 400 and bad.get_json()["field"] == "kind"


def test_the_trend_is_each_hospitals_own_and_the_province_names_the_hospital(client, auth, api, make, three_years):
    other = make.hospital("Bệnh viện khác")
    make.round(hospital=other, name="Đợt của bệnh viện khác", year=2023)
    director = make.user("director")
    assert api(director)(f"/trend?hospital={other.id}").status_code == 404
    province = make.user("province")
    assert api(province)("/trend").status_code == 400
    body = api(province)(f"/trend?hospital={other.id}").get_json()
    assert [p["round"]["name"] for p in body["years"]] == ["Đợt của bệnh viện khác"]

    auth.login(user=province)
    html = client.get("/reports/trend").get_data(as_text=True)
    assert "Hãy chọn một bệnh viện để xem xu hướng." in html
    html = client.get(f"/reports/trend?hospital={other.id}&kind=self").get_data(as_text=True)
    assert "Đợt của bệnh viện khác" in html


def test_the_numbers_follow_the_users_language(client, auth, make, three_years):
    auth.login("director", locale="en")
    html = client.get("/reports/trend").get_data(as_text=True)
    assert re.search(r'<tr data-year="2024">.*?3\.60', html, re.S)


def test_hostile_query_strings_get_a_page_or_a_message_never_an_error(app, make, three_years):
    y = three_years
    for role in ("director", "province"):
        client = app.test_client()
        user = make.user(role)
        assert client.post("/login", data={"username": user.username, "password": PASSWORD}).status_code == 302
        for query in ({"kind": "x\x00"}, {"kind": "inspection", "hospital": "99999999999"}, {"hospital": "-1"},
                      {"hospital": str(y.r2026.hospital_id), "kind": ["self", "inspection"]}, {"kind": "inspection"}):
            response = client.get("/reports/trend", query_string=query)
            assert response.status_code in (200, 400, 404), (query, response.status_code)
        assert client.get("/reports/trend", query_string={"kind": "other"}).status_code == 400
        for query in ({"previous": "9" * 30}, {"previous": "1,\x00"}, {"chosen": "", "previous": [str(y.r2024.id)] * 9},
                      {"previous": ",".join(str(i) for i in range(1, 12))}):
            for url in (f"/reports/rounds/{y.r2026.id}/year-over-year", f"/reports/rounds/{y.r2026.id}/year-over-year.xlsx"):
                response = client.get(url, query_string=query)
                assert response.status_code in (200, 400), (url, query, response.status_code)
        if role == "province":
            html = client.get("/reports/trend?kind=inspection").get_data(as_text=True)
            assert "Hãy chọn một bệnh viện để xem xu hướng." in html


def test_the_printable_pdf_says_what_was_compared_and_lists_the_counts(client, auth, three_years):
    y = three_years
    auth.login("director")
    page = client.get(f"/reports/rounds/{y.r2026.id}/year-over-year?chosen=1&previous={y.r2024.id}&previous={y.r2025.id}")
    link = re.search(r'href="([^"]*year-over-year\.pdf[^"]*)"', page.get_data(as_text=True)).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "KẾT QUẢ QUA CÁC NĂM VÀ SO VỚI KẾ HOẠCH" in text and "BẢN NHÁP" in text        # the 2026 round is a draft
    assert "So với: Tự đánh giá 2024 (2024); Tự đánh giá 2025 (2025)" in text
    assert "kế hoạch cải tiến năm 2026" in text
    assert "Tăng mức 1 A1.1" in text and "Giảm mức 1 A1.2" in text and "Dưới mức mục tiêu 2 A1.1, A1.2" in text
    assert re.search(r"A1\.1 .*? 3 2 1 2 \+1", text)
