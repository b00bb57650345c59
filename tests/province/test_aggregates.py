"""The health department's aggregates: the share of hospitals at Mức 1–2 per criterion, the hospital × chapter
heatmap, the province mean by year; through the API and read back from the downloaded workbook and CSV."""
from __future__ import annotations

import csv
import io

from openpyxl import load_workbook
from sqlalchemy import event

from quality_assess.database import db
from quality_assess.province import aggregates, queries
from tests.conftest import fresh


def test_the_api_gives_the_share_at_level_1_2_per_criterion_over_hospitals_with_a_level(client, auth, two_sites):
    a, b = two_sites   # locked 2025 self-assessments: A at 3, 4, 2 and B at 2, 2, 2 (A1.1, A1.2, C3.1)
    auth.login("province")
    body = client.get("/api/v1/province/aggregates").get_json()
    shares = {c["code"]: c for c in body["criteria"]}
    assert len(shares) == 83
    assert (shares["A1.1"]["hospitals_scored"], shares["A1.1"]["hospitals_low"], shares["A1.1"]["low_share"]) == (2, 1, 50.0)
    assert shares["C3.1"]["low_share"] == 100.0
    assert shares["B1.1"] == {"code": "B1.1", "chapter": "B1", "hospitals_scored": 0, "hospitals_low": 0, "low_share": None}
    hospitals = {h["name"]: h for h in body["hospitals"]}
    alpha = hospitals["Bệnh viện Alpha"]
    assert alpha["round"] == {"id": a.locked_round.id, "name": a.locked_round.name, "year": 2025, "kind": "self",
                              "locked_self_assessment": True}
    assert alpha["mean"] == 2.75 and alpha["chapters"]["A1"] == 3.5 and alpha["chapters"]["C3"] == 2.0
    assert alpha["chapters"]["B1"] is None   # nothing scored in B1


def test_a_year_takes_each_hospitals_round_of_that_year_and_the_mean_by_year_counts_each_hospital_once(client, auth, two_sites):
    a, b = two_sites   # open 2026 rounds one level higher: A at 4, 5, 3 and B at 3, 3, 3
    auth.login("province")
    body = client.get("/api/v1/province/aggregates?year=2026").get_json()
    assert {h["round"]["id"] for h in body["hospitals"]} == {a.round.id, b.round.id}
    assert all(h["round"]["locked_self_assessment"] is False for h in body["hospitals"])
    assert {c["code"]: c["low_share"] for c in body["criteria"]}["A1.1"] == 0.0
    # 2025: (2,75 + 2,00) / 2; 2026: (3,75 + 3,00) / 2
    assert body["years"] == [{"year": 2025, "hospitals": 2, "mean": 2.375}, {"year": 2026, "hospitals": 2, "mean": 3.375}]


def test_a_wrong_year_is_refused_naming_the_field(client, auth):
    auth.login("province")
    response = client.get("/api/v1/province/aggregates?year=1800")
    assert response.status_code == 400 and response.get_json()["field"] == "year"
    assert "Năm phải là một số từ 2000 đến 2100" in response.get_json()["error"]


def test_the_page_shows_the_heatmap_with_numbers_a_legend_the_year_chart_and_the_downloads(client, auth, two_sites):
    auth.login("province")
    page = client.get("/province/aggregates").get_data(as_text=True)
    assert 'class="num heat heat-4"' in page and ">3,50<" in page      # A's chapter A1 (3 and 4)
    assert "Chú giải" in page and "không có điểm" in page
    assert 'class="chart line-chart"' in page and ">2,38<" in page     # the 2025 province mean in the chart
    assert "Tự đánh giá đã khóa" in page
    for href in ("/province/aggregates.xlsx", "/province/aggregates.csv", "/province/exports.zip", "/province/table.xlsx"):
        assert f'href="{href}"' in page
    table = client.get("/province/").get_data(as_text=True)
    assert 'href="/province/aggregates"' in table and 'href="/province/exports.zip"' in table


def test_the_downloaded_workbook_holds_the_shares_the_heatmap_and_the_years(client, auth, two_sites):
    auth.login("province")
    response = client.get("/province/aggregates.xlsx")
    assert response.status_code == 200 and 'filename="tong-hop-cac-benh-vien.xlsx"' in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    shares, heat, years = book.worksheets
    rows = {r[0]: r for r in shares.iter_rows(min_row=3, values_only=True)}
    assert rows["A1.1"] == ("A1.1", "A1", 2, 1, 50.0) and rows["C3.1"][4] == 100.0
    header = [c.value for c in heat[2]]
    by_name = {r[0]: dict(zip(header, r)) for r in heat.iter_rows(min_row=3, values_only=True)}
    alpha = by_name["Bệnh viện Alpha"]
    assert alpha["Điểm trung bình"] == 2.75 and alpha["A1"] == 3.5 and alpha["B1"] is None
    assert "tự đánh giá đã khóa" in alpha["Đợt đánh giá"]
    assert list(years.iter_rows(min_row=3, values_only=True)) == [(2025, 2, 2.38), (2026, 2, 3.38)]


def test_the_downloaded_csv_reads_back_in_excel_with_a_row_per_criterion(client, auth, two_sites):
    auth.login("province")
    response = client.get("/province/aggregates.csv?year=2025")
    assert response.status_code == 200 and "muc-1-2-theo-tieu-chi-2025.csv" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == ["Tiêu chí", "Chương", "Số bệnh viện có mức", "Số bệnh viện ở Mức 1–2", "Tỷ lệ Mức 1–2 (%)"]
    assert ["A1.2", "A1", "2", "1", "50.0"] in rows and len(rows) == 84


def test_hospital_users_never_reach_the_aggregates(client, auth, two_sites):
    a, b = two_sites
    auth.login("admin", hospital=a.hospital)
    for url in ("/province/aggregates", "/province/aggregates.xlsx", "/province/aggregates.csv", "/api/v1/province/aggregates"):
        assert client.get(url).status_code == 403, url


def test_the_aggregates_take_the_same_number_of_queries_for_two_or_six_hospitals(app, site):
    def count_queries() -> int:
        statements = []
        listener = lambda *args: statements.append(1)  # noqa: E731
        with fresh(app):
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                queries.province_aggregates(None)
                queries.province_aggregates(2026)
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    site("Bệnh viện Một", {"A1.1": 3})
    site("Bệnh viện Hai", {"A1.1": 1})
    two = count_queries()
    for n in range(4):
        site(f"Bệnh viện Thêm {n}", {"A1.1": 4})
    assert count_queries() == two


def test_the_heat_bands_round_to_the_nearest_level():
    assert [aggregates.heat_class(m) for m in (None, 1.0, 1.49, 1.5, 3.5, 4.49, 5.0)] == [
        "heat-none", "heat-1", "heat-1", "heat-2", "heat-4", "heat-4", "heat-5"]


def test_the_province_mean_of_a_year_ignores_hospitals_without_a_mean():
    assert aggregates.year_means([(2026, 3.0), (2025, None), (2026, 4.0)]) == [
        aggregates.YearMean(2025, 0, None), aggregates.YearMean(2026, 2, 3.5)]


def test_a_hospitals_page_offers_each_rounds_structured_export_and_it_downloads(client, auth, two_sites):
    a, b = two_sites
    auth.login("province")
    page = client.get(f"/province/hospitals/{a.hospital.id}").get_data(as_text=True)
    for url in (f"/api/v1/rounds/{a.locked_round.id}/export", f"/api/v1/rounds/{a.locked_round.id}/export.csv"):
        assert f'href="{url}"' in page
    document = client.get(f"/api/v1/rounds/{a.locked_round.id}/export").get_json()
    assert document["summary"]["mean"] == 2.75
    rows = list(csv.reader(io.StringIO(client.get(f"/api/v1/rounds/{a.locked_round.id}/export.csv").data.decode("utf-8-sig"))))
    assert len(rows) == 84


def test_a_rounds_mean_from_grouped_results_follows_the_scoring_rule():
    # round 1: two coefficient-1 criteria at 3, one coefficient-2 at 2, one not applicable at 5 → (3 + 3 + 2×2) / 4
    rows = [(1, 1, False, 3, 2), (1, 2, False, 2, 1), (1, 1, True, 5, 1), (2, 1, False, None, 83)]
    assert aggregates.means_from_counts(rows) == {1: 2.5, 2: None}


def test_chapter_means_from_grouped_results_leave_a_chapter_without_applicable_criteria_without_a_mean():
    rows = [(7, "A1", 1, False, 3, 1), (7, "A1", 1, False, 4, 1), (7, "C3", 2, False, 2, 1), (7, "E2", 1, True, None, 4)]
    scores = aggregates.round_scores(rows)[7]
    assert scores.mean == 2.75 and scores.chapters == {"A1": 3.5, "C3": 2.0, "E2": None}


def test_the_heatmap_shows_a_hundred_hospitals_a_page_and_the_shares_count_them_all(client, auth, make, monkeypatch):
    """A national installation has 1,500 hospitals: the page shows them a hundred at a time (the workbook holds all)."""
    from quality_assess.province import routes

    monkeypatch.setattr(routes, "HEATMAP_PAGE", 2)
    names = [f"Bệnh viện trang {n}" for n in range(1, 6)]
    for name in names:
        make.round(hospital=make.hospital(name), year=2026)
    auth.login("province")
    first = client.get("/province/aggregates").get_data(as_text=True)
    assert names[0] in first and names[1] in first and names[2] not in first
    assert "Trang 1/3" in first and "page=2" in first
    last = client.get("/province/aggregates?page=3").get_data(as_text=True)
    assert names[4] in last and names[0] not in last and "page=2" in last and "page=4" not in last
    assert client.get("/province/aggregates?page=99").status_code == 200  # past the end: an empty page, no error
