"""A TT 35/2024 round's PDF, Word and Excel report in the standards' own layout: group, item, answer,
evidence, note — read back as a reader would (pypdf, python-docx, openpyxl)."""
from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from quality_assess.assessments.items import ItemAnswer, item_result_select, save_item
from quality_assess.database import db
from tests.conftest import attach, fresh


@pytest.fixture
def answered(app, make):
    round_ = make.round(name="Tự đánh giá TT 35 năm 2025", year=2025, framework="tt35")
    with fresh(app):
        for code, answer in (("I.1", ItemAnswer("yes", evidence="Giấy chứng nhận quyền sử dụng đất")),
                             ("I.7.1", ItemAnswer("na", reason="Không có thiết bị bức xạ")),
                             ("V.4.6", ItemAnswer("no", note="Chưa có sổ báo cáo sự cố"))):
            save_item(db.session.scalar(item_result_select(attach(round_), code)), answer, user=None)
        db.session.commit()
    return round_


def test_the_pdf_lists_each_group_with_its_items_answers_evidence_and_notes(client, auth, answered):
    auth.login("quality")
    response = client.get(f"/reports/rounds/{answered.id}/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(response.data)).pages)
    text = " ".join(text.split())
    assert "BÁO CÁO TỰ ĐÁNH GIÁ TIÊU CHUẨN CHẤT LƯỢNG CƠ BẢN NĂM 2025" in text
    assert "Kết quả: Không đạt" in text
    assert "I. Tiêu chuẩn về cơ sở vật chất" in text and "V. Tiêu chuẩn về chuyên môn" in text
    assert "Giấy chứng nhận quyền sử dụng đất" in text and "Chưa có sổ báo cáo sự cố" in text
    assert "Không có thiết bị bức xạ" in text


def test_the_word_report_has_the_same_tables(client, auth, answered):
    auth.login("quality")
    response = client.get(f"/reports/rounds/{answered.id}/report.docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.data))
    rows = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    assert ["V.4.6", "Quản lý chất lượng: Báo cáo sự cố y khoa.", "Không", "", "Chưa có sổ báo cáo sự cố"] in rows
    assert ["I.1", "Bệnh viện phải có địa điểm cố định.", "Có", "Giấy chứng nhận quyền sử dụng đất", ""] in rows
    assert any(r[0] == "Tổng" and r[1:4] == ["44", "1", "1"] for r in rows)


def test_the_workbook_has_a_row_per_item_with_its_provenance(client, auth, answered):
    auth.login("assessor")
    response = client.get(f"/reports/rounds/{answered.id}/export.xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][:4] == ("Nhóm", "Mã", "Nội dung mục", "Trả lời")
    by_code = {r[1]: r for r in rows[2:]}
    assert len(by_code) == 44
    assert by_code["I.7.1"][3:5] == ("Không áp dụng", "Không có thiết bị bức xạ")
    assert by_code["II.3.b"][7] == "chỉ một bản chép công khai"


def _filled(client, round_id: int, answers: dict[str, tuple]) -> bytes:
    from openpyxl import load_workbook as load

    wb = load(io.BytesIO(client.get(f"/reports/rounds/{round_id}/export.xlsx").data))
    ws = wb.active
    for row in ws.iter_rows(min_row=3):
        if row[1].value in answers:
            for cell, value in zip((row[3], row[4], row[5]), answers[row[1].value]):
                cell.value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(client, round_id: int, data: bytes):
    return client.post(f"/reports/rounds/{round_id}/import", data={"file": (io.BytesIO(data), "tt35.xlsx")},
                       content_type="multipart/form-data")


def test_the_filled_workbook_comes_back_after_a_preview(app, client, auth, answered):
    auth.login("quality")
    data = _filled(client, answered.id, {"V.4.6": ("Có", "", "Sổ báo cáo sự cố 2025"), "II.7": ("Không", "", "")})
    preview = _upload(client, answered.id, data)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and 'data-change="V.4.6"' in page and 'data-change="II.7"' in page
    assert client.post(f"/reports/rounds/{answered.id}/import/confirm").status_code == 302
    with fresh(app):
        stored = {code: db.session.scalar(item_result_select(attach(answered), code)) for code in ("V.4.6", "II.7", "I.1")}
        assert (stored["V.4.6"].answer, stored["V.4.6"].evidence) == ("yes", "Sổ báo cáo sự cố 2025")
        assert stored["II.7"].answer == "no" and stored["I.1"].evidence == "Giấy chứng nhận quyền sử dụng đất"


def test_a_workbook_with_a_bad_cell_changes_nothing(app, client, auth, answered):
    auth.login("quality")
    data = _filled(client, answered.id, {"II.7": ("Không", "", ""), "I.2": ("Không áp dụng", "", ""), "I.3.1": ("Có lẽ", "", "")})
    refused = _upload(client, answered.id, data)
    page = refused.get_data(as_text=True)
    assert "Tệp Excel có 2 lỗi" in page  # shown on the import page, as for the 83 criteria
    assert "cột E: Mục I.2: cần ghi lý do" in page and "cột D: Trả lời phải là" in page
    with fresh(app):
        assert db.session.scalar(item_result_select(attach(answered), "II.7")).answer is None
