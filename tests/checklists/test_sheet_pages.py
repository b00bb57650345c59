"""The KSNK lead uploads the hospital's own checklist workbook, checks the preview, corrects the columns,
imports; the next upload of the same layout reads by itself. And the template editor: bands, severe risk.

Workbooks come from tests/checklists/workbooks.py (synthetic items)."""
from __future__ import annotations

import io
import re
from datetime import date

import sqlalchemy as sa
from openpyxl import Workbook, load_workbook

from quality_assess.checklists.models import ChecklistGroup, ChecklistItem, ChecklistTemplate, SheetMapping
from tests.checklists.test_exports import pdf_text
from tests.checklists.workbooks import hospital_workbook, workbook_bytes
from tests.conftest import count_rows, scalar, scalars


def _upload(client, data: bytes, name: str = "bang-kiem-khoa.xlsx"):
    return client.post("/xsd/templates/sheets", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def _form_of(page: str) -> dict[str, str]:
    """What the preview form would send as it is shown: hidden fields, ticked boxes, typed numbers, chosen columns."""
    form = page[page.index('class="xsd-sheet-review"'):]
    data = dict(re.findall(r'<input[^>]*name="(token|csrf_token)"[^>]*value="([^"]*)"', form))
    data.update({name: "1" for name in re.findall(r'<input type="checkbox" name="(s\d+_use)" value="1" checked>', form)})
    data.update(dict(re.findall(r'<input type="number" name="(s\d+_header)" min="1" value="([^"]*)"', form)))
    for name, options in re.findall(r'<select name="(s\d+_\w+)">(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="(\d+)" selected>', options)
        data[name] = chosen.group(1) if chosen else "0"
    return data


def _own_templates(app, hospital):
    return scalars(app, sa.select(ChecklistTemplate).where(ChecklistTemplate.hospital_id == hospital.id).order_by(ChecklistTemplate.code, ChecklistTemplate.version))


def test_the_lead_previews_a_workbook_sheet_by_sheet_and_imports_it(app, client, auth, make):
    hospital = make.hospital("Bệnh viện Đa khoa Tỉnh Mẫu")
    auth.login("ksnk_lead", hospital=hospital)
    assert "Nhập từ bảng tính" in client.get("/xsd/templates").get_data(as_text=True)
    response = _upload(client, hospital_workbook())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Trang “Khoa Nội”" in page and "Trang “Khoa Ngoại”" in page
    assert "3 nhóm, 7 mục, 100 điểm" in page and "3 nhóm, 4 mục, 100 điểm" in page
    assert "Chất thải y tế được phân loại tại nguồn vào đúng thùng màu" in page and "Nguy cơ cao" in page
    assert 'value="6"' in page and "D – Nội dung kiểm tra" in page   # the header row and columns it found, to correct
    before = count_rows(app, ChecklistTemplate)

    form = _form_of(page)
    response = client.post("/xsd/templates/sheets/review", data={**form, "then": "confirm"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Đã nhập mẫu Bảng kiểm tra xanh – sạch – đẹp khoa nội (v1) (mới)." in page
    assert count_rows(app, ChecklistTemplate) == before + 2
    noi = next(t for t in _own_templates(app, hospital) if t.code == "khoa-noi")
    assert noi.total_points == 100
    # the uploaded file is gone once imported: confirming twice imports nothing more
    again = client.post("/xsd/templates/sheets/review", data={**form, "then": "confirm"}, follow_redirects=True)
    assert "Không tìm thấy tệp đã tải lên" in again.get_data(as_text=True) and count_rows(app, ChecklistTemplate) == before + 2


def _odd_layout(last_item: str = "Tưới cây") -> bytes:
    """A sheet whose header names the app does not know: the user has to say which column is which."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Khoa Dược"
    ws.append(["Danh mục việc hằng tháng"])
    ws.append(["#", "Việc", "Điểm", "Nhóm", "Ai chấm"])
    ws.append([1, "Quét sàn kho thuốc", 60, "Sạch", "Dược sĩ A"])
    ws.append([2, last_item, 40, "Xanh", "Dược sĩ B"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_the_user_corrects_the_mapping_and_the_next_upload_of_that_layout_reads_by_itself(app, client, auth, make):
    hospital = make.hospital("Bệnh viện Đa khoa Tỉnh Mẫu")
    auth.login("ksnk_lead", hospital=hospital)
    page = _upload(client, _odd_layout()).get_data(as_text=True)
    assert "Không tìm thấy dòng tiêu đề cột" in page
    form = _form_of(page)
    assert "s0_use" not in form                                    # not ticked while it cannot be read

    corrected = {**form, "s0_use": "1", "s0_header": "2", "s0_stt": "1", "s0_text": "2", "s0_max_points": "3", "s0_group": "4",
                 "s0_member": "5", "then": "preview"}
    page = client.post("/xsd/templates/sheets/review", data=corrected).get_data(as_text=True)
    assert "2 nhóm, 2 mục, 100 điểm" in page and "Quét sàn kho thuốc" in page and "Chưa đọc được" not in page

    wrong = {**corrected, "s0_group": "3"}                          # two fields on one column
    refused = client.post("/xsd/templates/sheets/review", data=wrong)
    assert refused.status_code == 400
    assert "Trang “Khoa Dược”: “Điểm tối đa” và “Nhóm nội dung” đang cùng chọn một cột." in refused.get_data(as_text=True)

    done = client.post("/xsd/templates/sheets/review", data={**corrected, "then": "confirm"}, follow_redirects=True)
    assert "Đã nhập mẫu" in done.get_data(as_text=True)
    assert [t.code for t in _own_templates(app, hospital)] == ["khoa-duoc"]
    mapping = scalar(app, sa.select(SheetMapping).where(SheetMapping.hospital_id == hospital.id))
    assert mapping.header_row == 2 and mapping.columns == {"stt": 1, "text": 2, "max_points": 3, "group": 4, "member": 5}

    # next month: the same layout, one item reworded: read with the remembered mapping, a new version
    page = _upload(client, _odd_layout("Tưới cây, nhặt lá khô")).get_data(as_text=True)
    assert "Đọc theo cách ghép cột đã lưu từ lần nhập trước" in page and "2 nhóm, 2 mục, 100 điểm" in page
    client.post("/xsd/templates/sheets/review", data={**_form_of(page), "then": "confirm"})
    assert [(t.code, t.version) for t in _own_templates(app, hospital)] == [("khoa-duoc", 1), ("khoa-duoc", 2)]

    # another hospital with the same layout has no mapping of its own
    other = make.hospital("Bệnh viện Huyện Mẫu")
    auth.logout()
    auth.login("ksnk_lead", hospital=other)
    assert "Không tìm thấy dòng tiêu đề cột" in _upload(client, _odd_layout()).get_data(as_text=True)


def test_a_ticked_sheet_with_problems_and_nothing_is_imported(app, client, auth, make):
    hospital = make.hospital("Bệnh viện Đa khoa Tỉnh Mẫu")
    auth.login("ksnk_lead", hospital=hospital)
    data = workbook_bytes(("Khoa Nội", "A"), ("Khoa Ngoại", "B"), **{"Khoa Nội": {"bad": {(8, 5): "mười"}}})
    page = _upload(client, data).get_data(as_text=True)
    assert "Dòng 8, cột E (Điểm tối đa): “mười” không phải số nguyên từ 1 đến 100." in page
    response = client.post("/xsd/templates/sheets/review", data={**_form_of(page), "then": "confirm"})
    assert response.status_code == 400
    assert "Chưa nhập gì: 1 trang còn lỗi (Khoa Nội)." in response.get_data(as_text=True)
    assert _own_templates(app, hospital) == [] and count_rows(app, SheetMapping) == 0
    # unticking the faulty sheet imports the other one
    form = {key: value for key, value in _form_of(page).items() if key != "s0_use"}
    client.post("/xsd/templates/sheets/review", data={**form, "then": "confirm"})
    assert [t.code for t in _own_templates(app, hospital)] == ["khoa-ngoai"]


def test_an_upload_is_reachable_only_from_its_own_hospital_and_bad_files_are_refused(app, client, auth, make):
    first, second = make.hospital("Bệnh viện A"), make.hospital("Bệnh viện B")
    auth.login("ksnk_lead", hospital=first)
    form = _form_of(_upload(client, hospital_workbook()).get_data(as_text=True))
    refused = _upload(client, b"not a workbook", "bang-kiem.xlsx")
    assert refused.status_code == 400 and "không phải là bảng tính Excel .xlsx" in refused.get_data(as_text=True)
    auth.logout()
    auth.login("ksnk_lead", hospital=second)
    response = client.post("/xsd/templates/sheets/review", data={**form, "then": "confirm"}, follow_redirects=True)
    assert "Không tìm thấy tệp đã tải lên" in response.get_data(as_text=True)
    assert _own_templates(app, second) == [] and _own_templates(app, first) == []
    auth.logout()
    auth.login("ksnk", hospital=first)
    assert client.get("/xsd/templates/sheets").status_code == 403


def test_template_bands_and_a_severe_risk_item_decide_the_audit_band_page_dashboard_and_pdf(app, client, auth, make, template, audit_of):
    hospital = make.default_hospital()
    department = make.department("Khoa Hồi sức", hospital=hospital)
    auth.login("ksnk_lead", hospital=hospital)
    gap = client.post(f"/xsd/templates/{template.id}/edit", data={"bands": "90–100 Tốt\n80–85 Đạt\n0–80 Không đạt"})
    assert gap.status_code == 400 and "Xếp loại: không có mức nào cho điểm từ 85 đến 90." in gap.get_data(as_text=True)
    overlap = client.post(f"/xsd/templates/{template.id}/edit", data={"bands": "90–100 Tốt\n0–95 Không đạt"})
    assert "Xếp loại: hai mức cùng chứa điểm từ 90 đến 95." in overlap.get_data(as_text=True)
    assert _own_templates(app, hospital) == []

    bands = "90–100 Tốt\n80–90 Đạt\n65–80 Cần cải tiến\n0–65 Không đạt"
    response = client.post(f"/xsd/templates/{template.id}/edit", data={"bands": bands, "severe": ["S6"]}, follow_redirects=True)
    assert "Đã lưu mẫu" in response.get_data(as_text=True)
    own = _own_templates(app, hospital)[0]                            # the shipped one became the hospital's own copy
    assert own.code == template.code and own.bands[0] == {"min": 90, "label": "Tốt"}
    severe = sa.select(ChecklistItem.code).join(ChecklistGroup).where(ChecklistGroup.template_id == own.id, ChecklistItem.severe_risk)
    assert scalars(app, severe) == ["S6"]
    assert scalar(app, sa.select(ChecklistTemplate.bands).where(ChecklistTemplate.id == template.id)) is None  # shipped unchanged
    assert "90–100 Tốt" in client.get(f"/xsd/templates/{own.id}/edit").get_data(as_text=True)

    audit = audit_of(department, date(2026, 11, 20), lost={"S6": 1}, template=own)   # 99 points, but S6 unmet
    page = client.get(f"/xsd/audits/{audit.id}").get_data(as_text=True)
    assert "Không đạt do tiêu chí nguy cơ cao: <span data-severe-codes>S6</span>" in page
    assert "<div data-band>Không đạt</div>" in page
    assert 'data-severe="1" data-code="S6"' in page                    # the live score knows it too (checklists.js)
    dashboard = client.get("/xsd/dashboard?year=2026").get_data(as_text=True)
    assert "Không đạt do tiêu chí nguy cơ cao: S6" in dashboard
    text = pdf_text(client.get(f"/xsd/audits/{audit.id}.pdf").data)
    assert "Không đạt do tiêu chí nguy cơ cao: S6" in text and "Không đạt" in text
    sheet = [r for r in load_workbook(io.BytesIO(client.get(f"/xsd/audits/{audit.id}.xlsx").data)).active.iter_rows(values_only=True)]
    assert ("Xếp loại", "Không đạt") in [r[:2] for r in sheet] and ("Không đạt do tiêu chí nguy cơ cao", "S6") in [r[:2] for r in sheet]
    month = load_workbook(io.BytesIO(client.get("/xsd/months/2026-11.xlsx").data))
    row = next(r for r in month.active.iter_rows(values_only=True) if r[0] == "Khoa Hồi sức")
    assert row[2] == 99 and row[3] == "Không đạt"                    # the month's results grade it the same way

    fine = audit_of(department, date(2026, 11, 21), lost={"X1": 1}, template=own)   # 99 points, severe items met
    page = client.get(f"/xsd/audits/{fine.id}").get_data(as_text=True)
    assert "<div data-band>Tốt</div>" in page and '<div class="flag xsd-severe" data-severe hidden>' in page


def test_the_templates_own_workbook_keeps_its_bands_and_severe_risk_items_and_an_older_file_still_reads(app, client, auth, make, template):
    hospital = make.default_hospital()
    auth.login("ksnk_lead", hospital=hospital)
    client.post(f"/xsd/templates/{template.id}/edit", data={"bands": "85–100 Đạt\n0–85 Chưa đạt", "severe": ["S6", "S7"]})
    own = _own_templates(app, hospital)[0]
    exported = client.get(f"/xsd/templates/{own.id}.xlsx").data
    book = load_workbook(io.BytesIO(exported))
    assert ["xep_loai", "85 Đạt; 0 Chưa đạt"] in [list(r) for r in book["Mẫu"].iter_rows(values_only=True)]
    rows = list(book["Mục"].iter_rows(values_only=True))
    assert rows[0][-1] == "nguy_co_cao" and {r[2] for r in rows[1:] if r[-1] == "có"} == {"S6", "S7"}

    again = client.post("/xsd/templates/import", data={"file": (io.BytesIO(exported), "mau.xlsx")}, follow_redirects=True)
    assert "Đã nhập mẫu" in again.get_data(as_text=True) and len(_own_templates(app, hospital)) == 1   # unchanged: no new version

    for sheet, column in (("Mục", 8), ("Mẫu", None)):            # a file written before the two were added
        if column:
            book[sheet].delete_cols(column)
        else:
            book[sheet].delete_rows(book[sheet].max_row)
    older = io.BytesIO()
    book.save(older)
    client.post("/xsd/templates/import", data={"file": (io.BytesIO(older.getvalue()), "mau-cu.xlsx")})
    newest = _own_templates(app, hospital)[-1]
    assert newest.bands is None and scalars(app, sa.select(ChecklistItem.code).join(ChecklistGroup).where(
        ChecklistGroup.template_id == newest.id, ChecklistItem.severe_risk)) == []


def test_editing_a_template_an_audit_used_makes_a_new_version_and_the_audit_keeps_its_grade(app, client, auth, make, template, audit_of):
    hospital = make.default_hospital()
    department = make.department("Khoa Sản", hospital=hospital)
    auth.login("ksnk_lead", hospital=hospital)
    client.post(f"/xsd/templates/{template.id}/edit", data={"bands": "", "severe": ["S6"]})
    v1 = _own_templates(app, hospital)[0]
    audit = audit_of(department, date(2026, 11, 20), lost={"S7": 1}, template=v1)     # S7 unmet, not a severe risk in v1
    assert "<div data-band>Đạt tốt</div>" in client.get(f"/xsd/audits/{audit.id}").get_data(as_text=True)

    response = client.post(f"/xsd/templates/{v1.id}/edit", data={"bands": "", "severe": ["S6", "S7"]}, follow_redirects=True)
    assert "(v2) (phiên bản mới)" in response.get_data(as_text=True)
    assert [t.version for t in _own_templates(app, hospital)] == [1, 2]
    assert "<div data-band>Đạt tốt</div>" in client.get(f"/xsd/audits/{audit.id}").get_data(as_text=True)   # scored with v1

    other = make.hospital("Bệnh viện Khác")
    auth.logout()
    auth.login("ksnk_lead", hospital=other)
    assert client.get(f"/xsd/templates/{v1.id}/edit").status_code == 404
    assert client.post(f"/xsd/templates/{v1.id}/edit", data={"bands": "", "severe": ["S6"]}).status_code == 404
