"""The comparison downloaded: /reports/compare.xlsx read back with openpyxl, /reports/compare.pdf read back with
pdftotext. Same rounds as the page (tests/reports/conftest.py::self_and_inspection): the team put A1.2 and C3.1
one level lower, B1.1 one higher, left A1.3 unanswered and found E2.1 not applicable."""
from __future__ import annotations

import io
import subprocess

import pytest
from openpyxl import load_workbook

from tests.conftest import fresh
from tests.reports.conftest import levels_2017, pdf_text, set_levels


@pytest.fixture
def download(client, auth, self_and_inspection):
    self_round, team = self_and_inspection
    auth.login("director")

    def get(ext: str, query: str = "", status: int = 200):
        response = client.get(f"/reports/compare.{ext}?a={self_round.id}&b={team.id}{query}")
        assert response.status_code == status, response.get_data(as_text=True)[:500]
        return response

    return get


def workbook(response):
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.data))


def pdftotext(data: bytes) -> str:
    """The PDF's text as poppler's pdftotext reads it, whitespace collapsed."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True).stdout
    return " ".join(out.decode("utf-8").split())


def test_the_workbook_lists_each_criterion_under_its_part_and_chapter_with_the_gap(download):
    wb = workbook(download("xlsx"))
    assert wb.sheetnames == ["Tổng hợp", "Từng tiêu chí", "Theo chương"]
    rows = list(wb["Từng tiêu chí"].iter_rows(values_only=True))
    assert rows[0] == ("Phần", "Chương", "Mã tiêu chí", "Tiêu chí / phần / chương", "A", "B", "Chênh lệch A − B")
    assert rows[1][:4] == ("A", None, None, "HƯỚNG ĐẾN NGƯỜI BỆNH")                    # the part
    assert rows[2][:4] == ("A", "A1", None, "Chỉ dẫn, đón tiếp, hướng dẫn, cấp cứu người bệnh")  # its chapter
    assert rows[2][4:] == (pytest.approx(17 / 6), pytest.approx(13 / 5), pytest.approx(17 / 6 - 13 / 5))
    by_code = {r[2]: r for r in rows[1:] if r[2]}
    assert len(by_code) == 83
    assert by_code["A1.1"][3] == "Người bệnh được chỉ dẫn rõ ràng, đón tiếp và hướng dẫn khoa học, cụ thể"
    assert by_code["A1.2"][4:] == (3, 2, 1)
    assert by_code["B1.1"][4:] == (3, 4, -1)
    assert by_code["A1.3"][4:] == (3, None, None)     # not answered by the team: no gap
    assert by_code["E2.1"][5:] == ("KAD", None)       # not applicable for the team
    # criteria sit one outline level below their part and chapter rows (Excel folds them)
    sheet = wb["Từng tiêu chí"]
    assert sheet.row_dimensions[4].outline_level == 1 and sheet.row_dimensions[2].outline_level == 0


def test_the_chapter_sheet_and_the_summary_give_the_means_gaps_and_counts(download):
    wb = workbook(download("xlsx"))
    chapters = {r[1]: r for r in wb["Theo chương"].iter_rows(min_row=2, values_only=True)}
    assert chapters["A1"][3:] == (pytest.approx(17 / 6), pytest.approx(13 / 5), pytest.approx(17 / 6 - 13 / 5), 1, 0, 4, 1)
    assert chapters["E2"][4:6] == (None, None)        # no mean for the team: no gap
    assert wb["Theo chương"]["D2"].number_format == "0.00"
    summary = [r for r in wb["Tổng hợp"].iter_rows(values_only=True)]
    cells = [v for r in summary for v in r if v is not None]
    assert "Tự đánh giá 2017" in cells and "Đoàn kiểm tra 2017" in cells
    assert "Không lọc: tất cả các tiêu chí." in cells
    assert "Tự đánh giá cao hơn đoàn: 2 tiêu chí" in cells and "Đoàn cao hơn tự đánh giá: 1 tiêu chí" in cells
    means = next(r for r in summary if r[0] == "Điểm trung bình chung")
    assert means[1] == pytest.approx(3.60)


def test_the_filters_apply_to_the_workbook_and_are_written_in_it(download):
    wb = workbook(download("xlsx", "&b_lower=1"))
    codes = [r[2] for r in wb["Từng tiêu chí"].iter_rows(min_row=2, values_only=True) if r[2]]
    assert codes == ["A1.2", "C3.1"]
    groups = [(r[0], r[1]) for r in wb["Từng tiêu chí"].iter_rows(min_row=2, values_only=True) if not r[2]]
    assert groups == [("A", None), ("A", "A1"), ("C", None), ("C", "C3")]   # only the groups that hold them
    cells = [v for r in wb["Tổng hợp"].iter_rows(values_only=True) for v in r]
    assert "Đã lọc: chỉ tiêu chí B thấp hơn A (2 tiêu chí)." in cells
    assert len(list(wb["Theo chương"].iter_rows(min_row=2))) >= 19   # every chapter, whatever the filter


def test_a_round_name_that_looks_like_a_formula_stays_text(app, client, auth, make):
    hostile = make.round(name="=HYPERLINK(\"http://x\",\"Bấm\")", year=2017)
    other = make.round(name="Đoàn kiểm tra", year=2017, kind="inspection")
    with fresh(app):
        set_levels(hostile, levels_2017())
    auth.login("quality")
    wb = workbook(client.get(f"/reports/compare.xlsx?a={hostile.id}&b={other.id}"))
    assert wb["Tổng hợp"]["B3"].value == "'=HYPERLINK(\"http://x\",\"Bấm\")"
    assert wb["Tổng hợp"]["B3"].data_type == "s"


def test_the_pdf_prints_both_rounds_the_filters_the_counts_and_the_hospital_date(download, make):
    response = download("pdf", "&chapter=C3&gaps=1")
    assert response.mimetype == "application/pdf"
    assert 'filename="so-sanh-dot-' in response.headers["Content-Disposition"]
    text = pdftotext(response.data)
    assert make.default_hospital().name.upper() in text
    assert "SO SÁNH KẾT QUẢ HAI ĐỢT ĐÁNH GIÁ CHẤT LƯỢNG BỆNH VIỆN" in text
    assert "A: Tự đánh giá 2017 — Tự đánh giá — 2017" in text and "B: Đoàn kiểm tra 2017 — Đoàn kiểm tra — 2017" in text
    assert "Bộ lọc: Đã lọc: chương C3; chỉ tiêu chí có chênh lệch (1 tiêu chí)." in text
    assert "Tự đánh giá cao hơn đoàn: 2 tiêu chí" in text and "Cùng mức: 78 tiêu chí" in text
    assert "ngày 1 tháng 12 năm 2026" in text           # 30/11 20:30 UTC is already 1/12 in Viet Nam
    assert "A · Tự đánh giá 2017 (2017)" in text and "B · Đoàn kiểm tra 2017 (2017)" in text  # the chart's legend
    assert "BẢN NHÁP" in pdf_text(response.data)        # neither round is locked (pypdf reads the rotated watermark)
    criteria = text[text.index("III. Từng tiêu chí"):]
    assert "C3.1" in criteria and "C3.2" not in criteria and "A1.2" not in criteria


def test_the_pdf_without_filters_lists_every_criterion(download):
    text = pdftotext(download("pdf").data)
    assert "Không lọc: tất cả các tiêu chí." in text
    criteria = text[text.index("III. Từng tiêu chí"):]
    assert all(code in criteria for code in ("A1.1", "B1.1", "C3.1", "D1.1", "E2.1"))


@pytest.mark.parametrize("ext", ["xlsx", "pdf"])
def test_an_export_without_two_rounds_or_with_a_bad_filter_is_refused_naming_it(client, auth, make, ext, self_and_inspection):
    self_round, team = self_and_inspection
    auth.login("director")
    missing = client.get(f"/reports/compare.{ext}?a={self_round.id}")
    assert missing.status_code == 400 and "Hãy chọn hai đợt đánh giá để so sánh." in missing.get_data(as_text=True)
    bad = client.get(f"/reports/compare.{ext}?a={self_round.id}&b={team.id}&chapter=Z9")
    assert bad.status_code == 400 and "Chương: Lựa chọn không hợp lệ." in bad.get_data(as_text=True)


@pytest.mark.parametrize("ext", ["xlsx", "pdf"])
def test_another_hospitals_round_is_not_found(client, auth, make, ext):
    auth.login("quality")
    own = make.round()
    other = make.round(hospital=make.hospital("Bệnh viện khác"))
    assert client.get(f"/reports/compare.{ext}?a={own.id}&b={other.id}").status_code == 404
    assert client.get(f"/reports/compare.{ext}?a={other.id}&b={own.id}").status_code == 404


def test_two_rounds_not_yet_answered_still_compare_with_nothing_to_draw(client, auth, make):
    first, second = make.round(name="Đợt một"), make.round(name="Đợt hai")
    auth.login("quality")
    query = f"?a={first.id}&b={second.id}"
    page = client.get(f"/reports/compare{query}").get_data(as_text=True)
    assert "Đợt A cao hơn đợt B: 0 tiêu chí" in page       # two self-assessments: named A and B
    assert "Chưa so sánh được (chưa đánh giá hoặc không áp dụng): 83 tiêu chí" in page
    assert '<g class="item">' not in page                  # no chapter has a mean yet: nothing drawn at 0
    text = pdftotext(client.get(f"/reports/compare.pdf{query}").data)
    assert "Đợt A cao hơn đợt B: 0 tiêu chí" in text
    rows = list(workbook(client.get(f"/reports/compare.xlsx{query}"))["Từng tiêu chí"].iter_rows(min_row=2, values_only=True))
    assert len([r for r in rows if r[2]]) == 83 and all(r[4] is None and r[6] is None for r in rows if r[2])
