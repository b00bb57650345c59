"""By responsible department: the director opens the round's page, reads which lead department stands
where (ranked, with its Mức 1–2 and open criteria) and the department × chapter heatmap, and finds the
same section in the API, the PDF, the Word report and the workbook.

The scenario: three departments lead seven criteria (assigned as the workflow page would); the other
76 criteria have no lead department ("Chưa phân công"). Khoa Khám bệnh: A1.1 Mức 4, A1.2 Mức 3, A1.3
open (mean 3,50). Phòng Điều dưỡng: C3.1 Mức 4, C3.2 Mức 3, both coefficient 2 (mean 3,50: the same
rank). Phòng Tổ chức cán bộ: B1.1 Mức 2, B1.2 Mức 1 (mean 1,50, rank 3). D1.1 Mức 3, unassigned.
"""
from __future__ import annotations

import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook

from quality_assess.workflow.operations import assign, criteria_of
from tests.conftest import step
from tests.reports.conftest import pdf_text, set_levels

assign, criteria_of = step(assign), step(criteria_of)

LEADS = {
    "Khoa Khám bệnh": ["A1.1", "A1.2", "A1.3"],
    "Phòng Điều dưỡng": ["C3.1", "C3.2"],
    "Phòng Tổ chức cán bộ": ["B1.1", "B1.2"],
}
LEVELS = {"A1.1": 4, "A1.2": 3, "C3.1": 4, "C3.2": 3, "B1.1": 2, "B1.2": 1, "D1.1": 3}


@pytest.fixture
def round_(app, make):
    round_ = make.round(name="Tự đánh giá cuối năm", year=2026)
    for name, codes in LEADS.items():
        department = make.department(name)
        for code in codes:
            assign(round_, criteria_of(code), lead=department, user=None)
    set_levels(round_, LEVELS)
    return round_


def text_of(html: str) -> str:
    """The page's visible text, tags dropped and whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_director_reads_the_ranking_and_the_heatmap_of_the_departments(client, auth, round_):
    auth.login("director")
    report = client.get(f"/reports/rounds/{round_.id}")
    assert f'href="/reports/rounds/{round_.id}/departments"' in report.get_data(as_text=True)

    response = client.get(f"/reports/rounds/{round_.id}/departments")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = text_of(html)
    assert "Kết quả theo khoa/phòng phụ trách" in text
    # rank, department, criteria, mean, Mức 1, Mức 2, unanswered — in rank order, the unassigned row last
    assert "1 Khoa Khám bệnh 3 3,50 0 0 1" in text
    assert "1 Phòng Điều dưỡng 2 3,50 0 0 0" in text
    assert "3 Phòng Tổ chức cán bộ 2 1,50 1 1 0" in text
    assert "— Chưa phân công 76 3,00 0 0 75" in text
    assert text.index("Khoa Khám bệnh 3") < text.index("Phòng Điều dưỡng 2") < text.index("Phòng Tổ chức cán bộ 2") < text.index("Chưa phân công 76")
    assert "bằng điểm thì cùng hạng" in text
    # the heatmap: colour class by band AND the number in the cell; a legend names the bands
    assert re.search(r'<td class="heat band-3"[^>]*><span class="heat-mean">3,50</span> <span class="heat-count">\(3\)</span>', html)
    assert re.search(r'<td class="heat band-1"[^>]*><span class="heat-mean">1,50</span> <span class="heat-count">\(2\)</span>', html)
    assert "Từ 1,00 đến dưới 2,00" in text and "Chưa có điểm" in text
    assert "<script>" not in html


def test_the_api_gives_each_department_its_figures_rank_and_chapter_cells(client, auth, round_):
    auth.login("director")
    body = client.get(f"/api/v1/rounds/{round_.id}/departments").get_json()
    assert body["round"]["id"] == round_.id
    assert len(body["chapters"]) == 23 and body["chapters"][:2] == ["A1", "A2"]
    rows = [(d["name"], d["rank"], d["criteria"], d["mean"], d["level_1"], d["level_2"], d["unanswered"]) for d in body["departments"]]
    assert rows == [
        ("Khoa Khám bệnh", 1, 3, 3.5, 0, 0, 1),
        ("Phòng Điều dưỡng", 1, 2, 3.5, 0, 0, 0),
        ("Phòng Tổ chức cán bộ", 3, 2, 1.5, 1, 1, 0),
        (None, None, 76, 3.0, 0, 0, 75),
    ]
    nursing = body["departments"][1]
    assert nursing["chapters"] == {"C3": {"criteria": 2, "answered": 2, "mean": 3.5, "band": 3}}
    assert body["departments"][2]["low"] == ["B1.1", "B1.2"]
    assert body["departments"][3]["unassigned"] is True


def test_another_hospital_never_sees_the_departments_of_this_round(client, auth, make, round_):
    auth.login("director", hospital=make.hospital("Bệnh viện khác"))
    assert client.get(f"/reports/rounds/{round_.id}/departments").status_code == 404
    assert client.get(f"/api/v1/rounds/{round_.id}/departments").status_code == 404


def test_a_round_without_assignments_says_so(client, auth, make):
    round_ = make.round(name="Đợt chưa phân công")
    auth.login("quality")
    text = text_of(client.get(f"/reports/rounds/{round_.id}/departments").get_data(as_text=True))
    assert "Chưa có tiêu chí nào được phân công khoa/phòng chủ trì trong đợt này." in text
    assert "Hạng" not in text


def test_the_round_pdf_prints_the_department_section(client, auth, round_):
    auth.login("director")
    text = pdf_text(client.get(f"/reports/rounds/{round_.id}/report.pdf").data)
    assert "Kết quả theo khoa/phòng phụ trách" in text
    assert "1 Khoa Khám bệnh 3 3,50 0 0 1" in text
    assert "3 Phòng Tổ chức cán bộ 2 1,50 1 1 0" in text
    assert "Chưa phân công" in text and "bằng điểm thì cùng hạng" in text
    assert "Điểm trung bình theo khoa/phòng và chương" in text and "Từ 1,00 đến dưới 2,00" in text


def test_the_word_report_has_the_ranking_and_heatmap_as_real_tables(client, auth, round_):
    auth.login("quality")
    doc = Document(io.BytesIO(client.get(f"/reports/rounds/{round_.id}/report.docx").data))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    ranking = next(t for t in tables if t[0][:2] == ["Hạng", "Khoa/phòng chủ trì"])
    assert ranking[1:] == [
        ["1", "Khoa Khám bệnh", "3", "3,50", "0", "0", "1"],
        ["1", "Phòng Điều dưỡng", "2", "3,50", "0", "0", "0"],
        ["3", "Phòng Tổ chức cán bộ", "2", "1,50", "1", "1", "0"],
        ["—", "Chưa phân công", "76", "3,00", "0", "0", "75"],
    ]
    heatmap = next(t for t in tables if t[0][0] == "Khoa/phòng chủ trì")
    header = heatmap[0]
    assert header[1:3] == ["A1", "A2"] and len(header) == 24
    kham = heatmap[1]
    assert kham[0] == "Khoa Khám bệnh" and kham[header.index("A1")] == "3,50\n(3)" and kham[header.index("B1")] == ""
    assert heatmap[3][header.index("B1")] == "1,50\n(2)"
    assert "Kết quả theo khoa/phòng phụ trách" in [p.text for p in doc.paragraphs]


def test_the_workbook_has_a_sheet_by_department_with_numbers(client, auth, round_):
    auth.login("quality")
    wb = load_workbook(io.BytesIO(client.get(f"/reports/rounds/{round_.id}/export.xlsx").data))
    assert "Theo khoa phòng" in wb.sheetnames
    rows = [list(r) for r in wb["Theo khoa phòng"].iter_rows(values_only=True)]
    assert rows[1][:7] == ["Hạng", "Khoa/phòng chủ trì", "Số tiêu chí", "Điểm trung bình", "Mức 1", "Mức 2", "Chưa đánh giá"]
    assert [r[:7] for r in rows[2:6]] == [
        [1, "Khoa Khám bệnh", 3, 3.5, 0, 0, 1],
        [1, "Phòng Điều dưỡng", 2, 3.5, 0, 0, 0],
        [3, "Phòng Tổ chức cán bộ", 2, 1.5, 1, 1, 0],
        [None, "Chưa phân công", 76, 3.0, 0, 0, 75],
    ]
    means = rows.index(next(r for r in rows if r[0] == "Điểm trung bình theo khoa/phòng và chương"))
    header = rows[means + 1]
    assert header[:3] == ["Khoa/phòng chủ trì", "A1", "A2"]
    assert rows[means + 2][0] == "Khoa Khám bệnh" and rows[means + 2][header.index("A1")] == 3.5
    counts = rows.index(next(r for r in rows if r[0] == "Số tiêu chí theo khoa/phòng và chương"))
    assert rows[counts + 4][0] == "Phòng Tổ chức cán bộ" and rows[counts + 4][header.index("B1")] == 2


def test_a_department_name_that_looks_like_a_formula_stays_text_in_the_workbook(client, auth, make):
    round_ = make.round(name="Đợt thử công thức")
    assign(round_, criteria_of("A1.1"), lead=make.department("=HYPERLINK(\"http://x\")"), user=None)
    auth.login("quality")
    wb = load_workbook(io.BytesIO(client.get(f"/reports/rounds/{round_.id}/export.xlsx").data))
    ws = wb["Theo khoa phòng"]
    names = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert len(names) == 3  # the ranking and both matrices
    assert names and all(n.startswith("'=") for n in names)
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
