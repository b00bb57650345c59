"""The round report PDF: the result block in Vietnamese format, the embedded font, the draft mark."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from quality_assess.assessments.operations import set_round_status
from tests.reports.conftest import pdf_text, set_levels
from tests.conftest import reload, step

set_round_status = step(set_round_status)  # a step: runs in its own fresh session


def pdf_of(client, round_) -> bytes:
    response = client.get(f"/reports/rounds/{round_.id}/report.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    return response.data


def fonts_of(data: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            descendant = font.get("/DescendantFonts")
            described = descendant[0].get_object() if descendant else font
            descriptor = described.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                names.add(str(font["/BaseFont"]))
    return names


def test_the_director_prints_the_2017_result_in_vietnamese_format(client, auth, round_2017):
    auth.login("director")
    data = pdf_of(client, round_2017)
    text, reader = pdf_text(data), PdfReader(io.BytesIO(data))
    assert "83/83 (100%)" in text
    assert "3,60" in text           # mean 324 / 90
    assert "324" in text and "299" in text
    assert "1 (1,2%)" in text        # one criterion at Mức 2: 1/83
    assert "45 (54,2%)" in text
    assert "Người bệnh được chỉ dẫn rõ ràng, đón tiếp và hướng dẫn khoa học, cụ thể" in text  # A1.1
    assert "V. Ưu điểm" in text and "IX. Kết luận, cam kết" in text
    assert "Trang 1/" in text
    assert reader.metadata.title.startswith("Báo cáo kết quả đánh giá")
    assert reader.metadata.author
    # the criteria table is printed on landscape pages, its header repeated on each
    assert text.count("Khoa/phòng phụ trách") >= 2
    assert any(page.mediabox.width > page.mediabox.height for page in reader.pages)


def test_the_font_shipped_in_the_package_is_embedded(client, auth, round_2017):
    auth.login("quality")
    assert any("DejaVuSans" in name for name in fonts_of(pdf_of(client, round_2017)))


def test_draft_watermark_until_the_round_is_locked(client, auth, round_2017):
    user = auth.login("quality")
    assert "BẢN NHÁP" in pdf_text(pdf_of(client, round_2017))
    set_round_status(round_2017, "submitted", user=user, override_reason="Thử nghiệm: nộp khi chưa duyệt đủ")
    set_round_status(round_2017, "locked", user=user)
    assert "BẢN NHÁP" not in pdf_text(pdf_of(client, round_2017))


def test_section_texts_written_in_the_app_appear_in_the_pdf(client, auth, round_2017):
    auth.login("quality")
    response = client.post(f"/reports/rounds/{round_2017.id}/texts", data={
        "strengths": "Khoa Khám bệnh đã cải tiến quy trình đón tiếp.",
        "commitment": "Bệnh viện cam kết duy trì điểm trung bình từ 3,5 trở lên.",
    })
    assert response.status_code == 302
    text = pdf_text(pdf_of(client, round_2017))
    assert "Khoa Khám bệnh đã cải tiến quy trình đón tiếp." in text
    assert "Bệnh viện cam kết duy trì" in text


def test_previous_level_and_change_come_from_the_earlier_round(client, auth, make):
    auth.login("quality")
    last_year = make.round(name="Tự đánh giá 2025", year=2025)
    set_levels(last_year, {"A1.1": 2})
    this_year = make.round(name="Tự đánh giá 2026", year=2026)
    set_levels(this_year, {"A1.1": 4})
    page = client.get(f"/reports/rounds/{this_year.id}").get_data(as_text=True)
    assert "Tự đánh giá 2025" in page and "+2" in page
    assert "+2" in pdf_text(pdf_of(client, this_year))


@pytest.mark.parametrize("kind", ["png", "jpeg"])
def test_a_logo_is_accepted_by_its_magic_bytes_and_printed(client, auth, round_2017, kind, app):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "green").save(buffer, format=kind.upper())
    auth.login("quality")
    response = client.post("/reports/logo", data={"file": (io.BytesIO(buffer.getvalue()), f"logo.{kind}")})
    assert response.status_code == 302
    assert reload(app, round_2017.hospital).logo_path.startswith("logos/")
    reader = PdfReader(io.BytesIO(pdf_of(client, round_2017)))
    assert any("/XObject" in page["/Resources"] for page in reader.pages)


def test_a_file_that_is_not_an_image_is_refused_as_logo(client, auth, round_2017):
    auth.login("quality")
    response = client.post("/reports/logo", data={"file": (io.BytesIO(b"<svg>not a png</svg>"), "logo.png")}, follow_redirects=True)
    assert "Logo phải là ảnh PNG hoặc JPEG." in response.get_data(as_text=True)
    assert round_2017.hospital.logo_path is None
