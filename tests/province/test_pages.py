"""The health department's view: every hospital's latest result, a hospital's rounds, the .xlsx table."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from quality_assess.province import queries
from tests.conftest import fresh


def test_a_province_user_sees_every_hospital_with_its_locked_self_assessment(client, auth, two_sites):
    a, b = two_sites
    auth.login("province")
    page = client.get("/province/").get_data(as_text=True)
    assert a.hospital.name in page and b.hospital.name in page
    assert a.locked_round.name in page and a.round.name not in page
    assert "Tự đánh giá đã khóa" in page
    # A: levels 3, 4 and 2 on a coefficient-2 criterion: (3 + 4 + 2×2) / 4 = 2,75
    assert "2,75" in page


def test_without_a_locked_self_assessment_the_latest_round_is_shown_and_labelled(client, auth, two_sites):
    auth.login("province")
    page = client.get("/province/?year=2026").get_data(as_text=True)
    a, b = two_sites
    assert a.round.name in page and a.locked_round.name not in page
    assert "Đợt mới nhất, chưa có tự đánh giá đã khóa" in page


def test_rows_carry_counts_per_level_applicable_criteria_and_the_xsd_score(app, two_sites):
    with fresh(app):
        a, b = two_sites
        rows = {r.hospital.id: r for r in queries.province_rows()}
        assert rows[b.hospital.id].figures.levels == {1: 0, 2: 3, 3: 0, 4: 0, 5: 0}
        assert rows[b.hospital.id].figures.applicable == rows[b.hospital.id].figures.criteria == 83
        xsd = rows[a.hospital.id].xsd
        assert (xsd.year, xsd.month) == (2026, 10) and 0 < xsd.score < 100


def test_sorting_by_mean_puts_the_best_hospital_first(client, auth, two_sites):
    a, b = two_sites
    auth.login("province")
    best_first = client.get("/province/?sort=mean").get_data(as_text=True)
    assert best_first.index(a.hospital.name) < best_first.index(b.hospital.name)
    lowest_first = client.get("/province/?sort=-mean").get_data(as_text=True)
    assert lowest_first.index(b.hospital.name) < lowest_first.index(a.hospital.name)


def test_a_hospital_without_rounds_is_listed_too(client, auth, make):
    make.hospital("Bệnh viện Chưa Đánh Giá")
    auth.login("province")
    page = client.get("/province/").get_data(as_text=True)
    assert "Bệnh viện Chưa Đánh Giá" in page and "Chưa có đợt đánh giá" in page


def test_the_table_downloads_as_a_workbook(client, auth, two_sites):
    a, b = two_sites
    auth.login("province")
    response = client.get("/province/table.xlsx?sort=mean")
    assert response.status_code == 200 and "ket-qua-cac-benh-vien.xlsx" in response.headers["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.data)).active
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in rows] == [a.hospital.name, b.hospital.name]
    assert rows[0][6] == 2.75 and rows[1][7:12] == (0, 3, 0, 0, 0)


def test_the_table_takes_a_few_queries_whatever_the_number_of_hospitals(app, site, make):
    with fresh(app):
        from sqlalchemy import event

        from quality_assess.database import db

        def count_queries() -> int:
            statements = []
            listener = lambda *args: statements.append(1)  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                queries.province_rows()
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
            return len(statements)

        site("Bệnh viện Một", {"A1.1": 3})
        one = count_queries()
        for n in range(4):
            site(f"Bệnh viện Thêm {n}", {"A1.1": 4})
        assert count_queries() == one


def test_the_drill_down_lists_a_hospitals_rounds_with_links_that_open_for_the_province(client, auth, two_sites):
    a, b = two_sites
    auth.login("province")
    page = client.get(f"/province/hospitals/{b.hospital.id}").get_data(as_text=True)
    assert f"<title>{b.hospital.name} ·" in page
    assert b.round.name in page and b.locked_round.name in page and a.round.name not in page
    assert b.department.name in page
    for url in (f"/rounds/{b.round.id}", f"/rounds/{b.round.id}/result", f"/reports/rounds/{b.locked_round.id}",
                f"/xsd/audits/{b.audit.id}"):
        assert f'href="{url}"' in page
        response = client.get(url)
        assert response.status_code == 200, url
        assert b.hospital.name in response.get_data(as_text=True), url


@pytest.mark.parametrize("role", ["quality", "director", "admin"])
def test_users_of_a_hospital_never_open_the_province_pages(client, auth, two_sites, role):
    a, b = two_sites
    auth.login(role, hospital=a.hospital)
    for url in ("/province/", "/province/table.xlsx", f"/province/hospitals/{b.hospital.id}"):
        assert client.get(url).status_code == 403, url


def test_an_unknown_hospital_is_not_found(client, auth):
    auth.login("province")
    assert client.get("/province/hospitals/9999").status_code == 404


def test_the_drill_down_shows_the_hospitals_xsd_months(client, auth, two_sites):
    a, b = two_sites
    auth.login("province")
    page = " ".join(client.get(f"/province/hospitals/{b.hospital.id}?year=2026").get_data(as_text=True).split())
    assert "năm 2026" in page and "Cả năm:" in page
    assert "Cả năm: —" not in page
    assert "Cả năm: —" in " ".join(client.get(f"/province/hospitals/{b.hospital.id}?year=2024").get_data(as_text=True).split())


def test_the_province_reads_rounds_from_the_hospital_table_not_one_list_of_every_hospitals_rounds(client, auth, two_sites):
    a, b = two_sites
    auth.login("province")
    response = client.get("/rounds/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/province/")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert a.hospital.name in page and b.hospital.name in page
