"""Reports that read right: a chapter that does not apply is not drawn at 0, the report ends with its
signatures, its Xanh – Sạch – Đẹp section is the round's year, and numbers follow the reader's language
on the page, in the PDF (read with pdftotext, as a reader's viewer extracts it) and in the workbook.
"""
from __future__ import annotations

import io
import re
import subprocess
from datetime import date

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from quality_assess.catalog.models import Criterion
from quality_assess.plans.operations import generate_plan, save_targets
from tests.checklists.conftest import audit_of, template  # noqa: F401  (the audit builder of the checklists tests)
from tests.conftest import attach, fresh, scalars, step
from tests.reports.conftest import set_levels

generate_plan = step(generate_plan)
# The suite's clock reads 30/11/2026 20:30 UTC: already 1 December in Viet Nam, where the hospital signs.
PRINTED_ON = date(2026, 12, 1)


def pdftotext(data: bytes) -> str:
    """The PDF's text as pdftotext extracts it, whitespace collapsed."""
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


def report_pdf(client, round_) -> str:
    response = client.get(f"/reports/rounds/{round_.id}/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return pdftotext(response.data)


def dashboard(client, round_) -> str:
    response = client.get(f"/reports/rounds/{round_.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def chart_labels(page: str, kind: str) -> list[str]:
    svg = re.search(rf'<svg[^>]*class="chart {kind}">.*?</svg>', page, re.S).group(0)
    return re.findall(r'class="label">([^<]+)<', svg)


def mean_cell(page: str, code: str) -> str:
    return re.search(rf"<t[hd]>{re.escape(code)}</t[hd]><t[hd]>[^<]*</t[hd]><t[hd] class=\"num\">([^<]*)</t[hd]>", page).group(1)


def every_level(app, level: int = 3, **levels: int) -> dict[str, int]:
    """`level` for every criterion, except the chapters named (E1=4 gives E1's criteria level 4)."""
    codes = scalars(app, sa.select(Criterion.code).order_by(Criterion.position))
    return {code: levels.get(code.split(".")[0], level) for code in codes}


# ---------------------------------------------------------------- a chapter that does not apply


def test_without_paediatrics_e2_is_left_out_of_the_charts_and_has_no_mean(app, client, auth, make):
    hospital = make.hospital("Bệnh viện Sản (không có khoa Nhi)", has_paediatrics=False)
    round_ = make.round(hospital=hospital, year=2026)
    levels = every_level(app, 3, E1=4)
    del levels["E2.1"]   # not applicable: the round was created so, it has no level
    set_levels(round_, levels)
    auth.login("quality", hospital=hospital)

    page = dashboard(client, round_)

    radar = chart_labels(page, "radar-chart")
    assert "E2" not in radar and "E1" in radar and len(radar) == 22
    assert chart_labels(page, "bar-chart") == ["A", "B", "C", "D", "E"]
    assert mean_cell(page, "E2") == "Không áp dụng"
    assert mean_cell(page, "E") == "4,00"      # part E is E1 alone, not (E1 + 0) / 2
    assert mean_cell(page, "E1") == "4,00"

    text = report_pdf(client, round_)
    assert "E TIÊU CHÍ ĐẶC THÙ CHUYÊN KHOA 4,00 E1 Tiêu chí sản khoa, nhi khoa 4,00 E2 Tiêu chí nhi khoa Không áp dụng" in text
    spokes = text[text.index("Điểm trung bình theo chương"):].split(" Trang ")[0].split()[5:]
    assert "E1" in spokes and "E2" not in spokes and len(spokes) == 22
    assert "0,00" not in text   # no bar and no cell at 0


def test_without_obstetrics_or_paediatrics_part_e_leaves_the_charts(app, client, auth, make):
    hospital = make.hospital("Bệnh viện Y học cổ truyền", has_paediatrics=False, has_obstetrics=False)
    round_ = make.round(hospital=hospital, year=2026)
    set_levels(round_, {code: level for code, level in every_level(app, 3).items() if not code.startswith("E")})
    auth.login("quality", hospital=hospital)

    page = dashboard(client, round_)

    assert chart_labels(page, "bar-chart") == ["A", "B", "C", "D"]
    assert not {"E1", "E2"} & set(chart_labels(page, "radar-chart"))
    assert [mean_cell(page, code) for code in ("E", "E1", "E2")] == ["Không áp dụng"] * 3
    text = report_pdf(client, round_)
    assert "E TIÊU CHÍ ĐẶC THÙ CHUYÊN KHOA Không áp dụng E1" in text and "0,00" not in text
    spokes = text[text.index("Điểm trung bình theo chương"):].split(" Trang ")[0].split()[5:]
    assert not {"E1", "E2"} & set(spokes) and len(spokes) == 21


# ---------------------------------------------------------------- the signatures


def test_the_round_report_ends_with_the_three_signatures_dated_in_hospital_time(client, auth, make):
    hospital = make.hospital("Bệnh viện Đa khoa tỉnh Thử nghiệm", province="Thái Bình", director_name="Nguyễn Văn Giám")
    round_ = make.round(hospital=hospital, year=2026)
    auth.login("director", hospital=hospital)

    text = report_pdf(client, round_)

    dated = "Thái Bình, ngày 1 tháng 12 năm 2026"
    assert text.count(dated) == 2   # the header and the signatures
    ending = text[text.rindex("IX. Kết luận, cam kết"):]
    for expected in (dated, "NGƯỜI LẬP", "TRƯỞNG PHÒNG/TỔ QUẢN LÝ CHẤT LƯỢNG", "GIÁM ĐỐC", "(Ký, ghi rõ họ tên)",
                     "(Ký tên, đóng dấu)", "Nguyễn Văn Giám"):
        assert expected in ending, expected
    assert ending.index("NGƯỜI LẬP") < ending.index("TRƯỞNG PHÒNG/TỔ QUẢN LÝ CHẤT LƯỢNG") < ending.index("GIÁM ĐỐC")


def test_the_plan_pdf_signs_with_the_same_block(app, client, auth, make):
    hospital = make.hospital("Bệnh viện Đa khoa tỉnh Thử nghiệm", province="Thái Bình", director_name="Nguyễn Văn Giám")
    quality = make.user("quality", hospital=hospital)
    round_ = make.round(hospital=hospital, year=2026)
    set_levels(round_, {"A1.1": 2})
    plan = generate_plan(round_, include_level_3=False, user=quality)
    auth.login("director", hospital=hospital)

    text = pdftotext(client.get(f"/plans/{plan.id}.pdf").data)

    ending = text[text.rindex("NGƯỜI LẬP") - 60:]
    assert "Thái Bình, ngày 1 tháng 12 năm 2026" in ending
    assert "GIÁM ĐỐC" in ending and "(Ký tên, đóng dấu)" in ending and "Nguyễn Văn Giám" in ending


# ---------------------------------------------------------------- Xanh – Sạch – Đẹp of the round's year


def test_the_xanh_sach_dep_section_is_the_rounds_year(client, auth, make, audit_of):
    internal, surgery = make.department("Khoa Nội"), make.department("Khoa Ngoại")
    audit_of(internal, date(2025, 11, 20), lost={"X1": 3})            # 97 of 100 points
    audit_of(internal, date(2026, 11, 2), lost={"X1": 4, "S1": 4})    # 92
    audit_of(surgery, date(2026, 11, 5), lost={"X2": 5, "S2": 4, "D1": 5, "D2": 1})   # 85, only in 2026
    round_2025 = make.round(name="Tự đánh giá năm 2025", year=2025)
    round_2026 = make.round(name="Tự đánh giá năm 2026", year=2026)
    auth.login("quality")

    page = dashboard(client, round_2025)
    xsd = page[page.index("Kết quả Xanh – Sạch – Đẹp năm 2025"):]
    xsd = xsd[: xsd.index("</section>")]
    assert "20/11/2025" in xsd and "97,0%" in xsd
    assert "Khoa Ngoại" not in xsd and "92,0%" not in xsd and "2026" not in xsd

    text = report_pdf(client, round_2025)
    section = text[text.index("Kết quả Xanh – Sạch – Đẹp năm 2025"): text.index("Mục tiêu năm 2025")]
    assert "Khoa Nội 20/11/2025 97,0%" in section and "Khoa Ngoại" not in section

    text = report_pdf(client, round_2026)
    section = text[text.index("Kết quả Xanh – Sạch – Đẹp năm 2026"): text.index("Mục tiêu năm 2026")]
    assert "Khoa Nội 02/11/2026 92,0%" in section and "Khoa Ngoại 05/11/2026 85,0%" in section and "97,0%" not in section


def test_a_year_without_audits_says_so_for_that_year(client, auth, make, audit_of):
    audit_of(make.department("Khoa Nội"), date(2026, 11, 2))
    round_ = make.round(name="Tự đánh giá năm 2024", year=2024)
    auth.login("quality")

    assert "Chưa có kết quả đánh giá Xanh – Sạch – Đẹp năm 2024." in dashboard(client, round_)
    assert "Chưa có kết quả đánh giá Xanh – Sạch – Đẹp năm 2024." in report_pdf(client, round_)


# ---------------------------------------------------------------- numbers in each language


@pytest.mark.parametrize("locale, mean, level_4, target, applicable", [
    ("vi", "3,60", "45 (54,2%)", "3,50–3,70", "83/83 (100%)"),
    ("en", "3.60", "45 (54.2%)", "3.50–3.70", "83/83 (100%)"),
])
def test_numbers_follow_the_readers_language_on_the_page_and_in_the_pdf(locale, mean, level_4, target, applicable,
                                                                         app, client, auth, make, round_2017, audit_of):
    audit_of(make.department("Khoa Nội"), date(2017, 11, 2), lost={"X1": 4, "S1": 4})   # 92 of 100 points
    quality = make.user("quality")
    with fresh(app):
        save_targets(attach(round_2017).hospital, 2017, mean_min=3.5, mean_max=3.7, no_level_1=False, xsd_target=85,
                     criteria={}, user=attach(quality))
    auth.login(user=make.user("director", locale=locale))
    wrong = {"vi": ("3.60", "54.2%", "92.0%"), "en": ("3,60", "54,2%", "92,0%")}[locale]
    xsd_score, xsd_target = ("92,0%", "85,0%") if locale == "vi" else ("92.0%", "85.0%")

    page = dashboard(client, round_2017)
    for expected in (mean, target, xsd_score, xsd_target):
        assert expected in page, expected
    text = report_pdf(client, round_2017)
    for expected in (mean, level_4, target, applicable, xsd_score, xsd_target):
        assert expected in text, expected
    for other in wrong:
        assert other not in page and other not in text, other


@pytest.mark.parametrize("locale, label", [("vi", "Điểm trung bình chung"), ("en", "Overall mean score")])
def test_the_workbook_holds_numbers_with_their_format_and_labels_in_the_language(locale, label, client, auth, make, round_2017):
    auth.login(user=make.user("quality", locale=locale))

    response = client.get(f"/reports/rounds/{round_2017.id}/export.xlsx")

    ws = load_workbook(io.BytesIO(response.data))["Kết quả"]
    assert ws["A8"].value == label
    assert (ws["B8"].value, ws["B8"].number_format) == (3.6, "0.00")   # Excel shows 3,60 or 3.60 by its locale
    assert (ws["B5"].value, ws["B5"].number_format) == (100.0, "0.0")
    assert (ws["C12"].value, ws["C12"].number_format) == (54.2, "0.0")  # Mức 4: 45 of 83
