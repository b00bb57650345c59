"""PDF and .xlsx exports of an audit and of a month's results."""
from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook
from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_audit_pdf_shows_department_score_and_vietnamese_items(client, auth, make, audit_of):
    department = make.department("Khoa Chấn thương chỉnh hình")
    audit = audit_of(department, date(2026, 5, 6), lost={"S7": 2, "X2": 1}, na=("D4",))
    auth.login("dept_head")
    response = client.get(f"/xsd/audits/{audit.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "Khoa Chấn thương chỉnh hình" in text
    assert "96,84" in text  # 92 of 95 applicable points
    assert "06/05/2026" in text
    assert "Vật sắc nhọn được bỏ vào hộp kháng thủng" in text
    assert "Tồn tại ở mục S7" in text and "KAD" in text


def test_the_month_pdf_and_xlsx_list_every_department(client, auth, make, audit_of):
    hospital = make.default_hospital()
    audit_of(make.department("Khoa Nội", hospital), date(2026, 4, 2), lost={"S1": 4})
    make.department("Khoa Ngoại", hospital)
    auth.login("director")
    text = pdf_text(client.get("/xsd/months/2026-4.pdf").data)
    assert "THÁNG 04/2026" in text and "Khoa Nội" in text and "96,00" in text and "Khoa Ngoại" in text
    assert "Đạt tốt" in text
    wb = load_workbook(io.BytesIO(client.get("/xsd/months/2026-4.xlsx").data))
    rows = list(wb.active.iter_rows(values_only=True))
    by_department = {r[0]: r for r in rows[2:]}
    assert by_department["Khoa Nội"][2] == 96 and by_department["Khoa Ngoại"][2] is None


def test_the_audit_xlsx_has_one_row_per_item(client, auth, make, audit_of, template):
    audit = audit_of(make.department(), date(2026, 6, 1), lost={"D5": 5})
    auth.login("ksnk")
    wb = load_workbook(io.BytesIO(client.get(f"/xsd/audits/{audit.id}.xlsx").data))
    rows = list(wb.active.iter_rows(values_only=True))
    items = [r for r in rows if r and r[1] in {i.code for i in template.items}]
    assert len(items) == len(template.items)
    d5 = next(r for r in items if r[1] == "D5")
    assert d5[4] == 0 and d5[6] == "Tồn tại ở mục D5"


def test_exports_of_another_hospitals_audit_are_not_found(client, auth, make, audit_of):
    audit = audit_of(make.department(), date(2026, 6, 1))
    auth.login("ksnk", hospital=make.hospital("Bệnh viện khác"))
    assert client.get(f"/xsd/audits/{audit.id}.pdf").status_code == 404
    assert client.get(f"/xsd/audits/{audit.id}").status_code == 404


def _real_png() -> bytes:
    """A small picture reportlab can draw (a photo from a phone would be a JPEG of the same use)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (11, 110, 79)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_audit_pdf_carries_the_photos_the_follow_ups_and_the_signature_lines(app, client, auth, make, template, audit_of):
    from quality_assess.checklists.operations import ItemInput, Photo, create_follow_up, save_answers
    from tests.conftest import attach, fresh

    hospital = make.default_hospital()
    department = make.department("Khoa Nội tiết", hospital)
    audit = audit_of(department, date(2026, 11, 6), lost={"S7": 2}, submit=False)
    s7 = next(i for i in template.items if i.code == "S7")
    with fresh(app) as session:
        nurse = attach(audit_of.auditor)
        save_answers(attach(audit), {s7.id: ItemInput("4", note="Hộp đựng vật sắc nhọn đầy", photo=Photo(_real_png(), "hop.png"))}, user=nurse)
        create_follow_up(attach(audit), s7.id, text="Thay hộp mỗi ca", due_date=date(2026, 11, 30), user=nurse)
        session.commit()
    auth.login("dept_head", hospital=hospital)
    data = client.get(f"/xsd/audits/{audit.id}.pdf").data
    text = pdf_text(data)
    assert "Ảnh minh họa" in text and "S7 – Hộp đựng vật sắc nhọn đầy" in text
    assert "Thay hộp mỗi ca" in text and "quá hạn" in text  # due 30/11, the clock says 1 December
    assert "NGƯỜI KIỂM TRA" in text and "TRƯỞNG KHOA/PHÒNG ĐƯỢC KIỂM TRA" in text and "(Ký, ghi rõ họ tên)" in text
    assert "ngày 6 tháng 11 năm 2026" in text  # signed on the day of the audit
    assert audit_of.auditor.full_name in text
    images = [image for page in PdfReader(io.BytesIO(data)).pages for image in page.images]
    assert len(images) == 1


def test_a_photo_that_does_not_decode_is_named_not_fatal(app, client, auth, make, template, audit_of):
    """Checked by its first bytes on upload, a file may still not be a picture: the PDF says so and goes on."""
    from quality_assess.checklists.operations import ItemInput, Photo, save_answers
    from tests.conftest import attach, fresh

    department = make.department("Khoa Mắt")
    audit = audit_of(department, date(2026, 11, 6), submit=False)
    x1 = next(i for i in template.items if i.code == "X1")
    with fresh(app) as session:
        save_answers(attach(audit), {x1.id: ItemInput("5", photo=Photo(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "x.png"))},
                     user=attach(audit_of.auditor))
        session.commit()
    auth.login("ksnk", hospital=department.hospital)
    response = client.get(f"/xsd/audits/{audit.id}.pdf")
    assert response.status_code == 200 and "(không đọc được ảnh)" in pdf_text(response.data)
