"""The round report as an editable Word document: the quality office downloads it beside the PDF, edits
it in Word and signs it. Read back with python-docx: the administrative heading, the date in hospital
time, the result block as a real table, the charts as images, Times New Roman on A4."""
from __future__ import annotations

import io

import pytest
from docx import Document

from quality_assess.assessments.operations import set_round_status
from tests.conftest import step

set_round_status = step(set_round_status)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def hanoi(make):
    """The default hospital, in Hà Nội, with its director's name (made before the round so rounds use it)."""
    return make.hospital("Bệnh viện Đa khoa Thử nghiệm", province="Hà Nội", director_name="Nguyễn Văn An")


def docx_of(client, round_):
    response = client.get(f"/reports/rounds/{round_.id}/report.docx")
    assert response.status_code == 200
    assert response.mimetype == DOCX
    assert "attachment" in response.headers["Content-Disposition"] and ".docx" in response.headers["Content-Disposition"]
    return Document(io.BytesIO(response.data))


def paragraphs(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def cells(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def all_text(doc) -> str:
    parts = paragraphs(doc)
    for t in doc.tables:
        parts += [" | ".join(row) for row in cells(t)]
    return "\n".join(parts)


def test_the_quality_office_downloads_the_2017_report_as_an_administrative_word_document(client, auth, hanoi, round_2017):
    auth.login("quality")
    doc = docx_of(client, round_2017)
    heading = cells(doc.tables[0])[0]
    assert heading[0].split("\n") == ["SỞ Y TẾ HÀ NỘI", "BỆNH VIỆN ĐA KHOA THỬ NGHIỆM", "Số: ……/BC-BV"]
    # the fixed clock is 30/11/2026 20:30 UTC: already 1 December in Viet Nam
    assert heading[1].split("\n") == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Hà Nội, ngày 1 tháng 12 năm 2026"]
    assert "BÁO CÁO KẾT QUẢ ĐÁNH GIÁ CHẤT LƯỢNG BỆNH VIỆN NĂM 2017" in paragraphs(doc)
    assert "BẢN NHÁP" in paragraphs(doc)


def test_the_result_block_is_a_real_table_in_vietnamese_numbers(client, auth, hanoi, round_2017):
    auth.login("director")
    doc = docx_of(client, round_2017)
    block = next(cells(t) for t in doc.tables if cells(t)[0] == ["Chỉ số", "Kết quả"])
    rows = dict(block[1:])
    assert rows["Số tiêu chí áp dụng"] == "83/83 (100%)"
    assert rows["Tổng điểm các tiêu chí áp dụng"] == "299"
    assert rows["Tổng điểm có hệ số"] == "324"
    assert rows["Điểm trung bình chung"] == "3,60"
    assert rows["Số tiêu chí đạt Mức 2"] == "1 (1,2%)"
    assert rows["Số tiêu chí đạt Mức 4"] == "45 (54,2%)"
    criteria = next(cells(t) for t in doc.tables if cells(t)[0][:2] == ["Mã", "Tiêu chí"] and len(cells(t)[0]) == 6)
    assert len(criteria) == 1 + 83
    assert ["A1.1", "Người bệnh được chỉ dẫn rõ ràng, đón tiếp và hướng dẫn khoa học, cụ thể"] == criteria[1][:2]
    assert criteria[0][5] == "Khoa/phòng phụ trách"


def test_the_charts_are_images_with_their_labels_beside_them(client, auth, hanoi, round_2017):
    auth.login("quality")
    doc = docx_of(client, round_2017)
    images = [s for s in doc.inline_shapes]
    assert len(images) == 2
    assert all(part.content_type == "image/png" for part in doc.part.related_parts.values() if "image" in part.content_type)
    texts = paragraphs(doc)
    assert "Điểm trung bình theo phần" in texts and "Điểm trung bình theo chương" in texts
    assert any(t.startswith("A: ") and "," in t for t in texts)  # each bar's part and mean, in Vietnamese numbers


def test_times_new_roman_on_a4_with_administrative_margins_and_a_landscape_criteria_table(client, auth, hanoi, round_2017):
    auth.login("quality")
    doc = docx_of(client, round_2017)
    assert doc.styles["Normal"].font.name == "Times New Roman"
    first = doc.sections[0]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)] == [20, 20, 30, 15]
    assert any(s.page_width > s.page_height for s in doc.sections)


def test_the_report_ends_with_the_signature_block_and_the_texts_written_in_the_app(client, auth, hanoi, round_2017):
    auth.login("quality")
    client.post(f"/reports/rounds/{round_2017.id}/texts", data={"strengths": "Khoa Khám bệnh đã cải tiến quy trình đón tiếp."})
    doc = docx_of(client, round_2017)
    assert "Khoa Khám bệnh đã cải tiến quy trình đón tiếp." in paragraphs(doc)
    assert "V. Ưu điểm" in paragraphs(doc) and "(Chưa viết)" in paragraphs(doc)
    signatures = cells(doc.tables[-1])
    assert signatures[0][-1] == "Hà Nội, ngày 1 tháng 12 năm 2026"
    assert signatures[1] == ["NGƯỜI LẬP", "TRƯỞNG PHÒNG/TỔ QUẢN LÝ CHẤT LƯỢNG", "GIÁM ĐỐC"]
    assert signatures[-1][-1] == "Nguyễn Văn An"


def test_a_locked_round_is_no_draft(client, auth, hanoi, round_2017):
    user = auth.login("quality")
    set_round_status(round_2017, "submitted", user=user, override_reason="Thử nghiệm: nộp khi chưa duyệt đủ")
    set_round_status(round_2017, "locked", user=user)
    assert "BẢN NHÁP" not in all_text(docx_of(client, round_2017))


def test_the_dashboard_offers_word_beside_pdf(client, auth, hanoi, round_2017):
    auth.login("quality")
    html = client.get(f"/reports/rounds/{round_2017.id}").get_data(as_text=True)
    assert f"/reports/rounds/{round_2017.id}/report.docx" in html
    assert html.index("report.pdf") < html.index("report.docx")
    assert f"/reports/rounds/{round_2017.id}/report.docx" in client.get("/reports/").get_data(as_text=True)


def test_another_hospitals_round_is_not_found(client, auth, make, hanoi, round_2017):
    other = make.hospital("Bệnh viện khác")
    auth.login("quality", hospital=other)
    assert client.get(f"/reports/rounds/{round_2017.id}/report.docx").status_code == 404


def test_the_chart_image_draws_each_mean_to_scale_and_no_bar_for_a_part_without_one():
    from PIL import Image

    from quality_assess.render.docx import GREEN, bar_png

    png = Image.open(io.BytesIO(bar_png([5, None, 2.5], width=300, height=230))).convert("RGB")
    assert png.size == (300, 230)

    def bar_height(x: int) -> int:
        return sum(png.getpixel((x, y)) == GREEN for y in range(png.height))

    slot = (300 - 20 - 30 - 10) / 3
    centres = [round(30 + 10 + slot * (i + 0.5)) for i in range(3)]
    full, none, half = (bar_height(x) for x in centres)
    assert full == 230 - 30 - 20 and none == 0 and half == full // 2
