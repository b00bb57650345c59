"""The director opens the round report in a browser and downloads its PDF, marked as a draft."""
from __future__ import annotations

import io

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.plans.conftest import answer_level


def test_the_director_downloads_the_draft_round_pdf_from_the_reports_page(login_as, live_server, screenshot):
    hospital = live_server.make.default_hospital()
    round_ = live_server.make.round(name="Tự đánh giá giữa năm")
    for code, level in {"A1.1": 3, "A1.2": 2, "A1.3": 4, "B1.1": 3, "C3.1": 2}.items():
        answer_level(round_, code, level)
    page = login_as("director")

    page.get_by_role("navigation").get_by_role("link", name="Báo cáo").click()
    page.get_by_role("link", name="Tự đánh giá giữa năm").click()
    expect(page.get_by_role("heading", name="Tự đánh giá giữa năm (2026)")).to_be_visible()
    expect(page.get_by_text("Bản nháp: đợt đánh giá chưa khóa")).to_be_visible()
    screenshot(page, "round-report")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải báo cáo PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read())).pages)
    assert hospital.name in text and "BẢN NHÁP" in text
    assert page.js_errors == [] and page.csp_errors == []
