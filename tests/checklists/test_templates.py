"""Checklist templates: the shipped one, loading errors, versions, .xlsx export and import."""
from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from openpyxl import load_workbook

from quality_assess.checklists.loader import content, latest_template
from quality_assess.checklists.models import ChecklistItem, ChecklistTemplate
from quality_assess.checklists.spreadsheets import template_xlsx
from tests.conftest import attach, count_rows, fresh, scalar, step

content, latest_template = step(content), step(latest_template)  # steps: each runs in its own fresh session

SHIPPED = Path(__file__).resolve().parents[2] / "criteria_data" / "checklists" / "xsd-khoa-phong.toml"


def test_the_shipped_checklist_is_the_hospitals_own_100_point_list_not_the_official_annex(template):
    assert "bảng kiểm nội bộ của bệnh viện" in template.name
    assert "không phải phụ lục chính thức" in template.source
    assert [g.name for g in template.groups] == ["Xanh", "Sạch", "Đẹp"]
    assert sum(i.max_points for i in template.items) == template.total_points == 100
    critical = {i.code for i in template.items if i.critical}
    assert {"S6", "S7"} <= critical
    waste = next(i for i in template.items if i.code == "S6")
    assert "vàng" in waste.text and "Thông tư 20/2021/TT-BYT" in waste.text
    readme = (SHIPPED.parent / "README.md").read_text(encoding="utf-8")
    assert "KHÔNG phải phụ lục chính thức" in readme


def _data_dir(tmp_path: Path, text: str | None = None) -> Path:
    directory = tmp_path / "data"
    (directory / "checklists").mkdir(parents=True)
    target = directory / "checklists" / "xsd-khoa-phong.toml"
    if text is None:
        shutil.copy(SHIPPED, target)
    else:
        target.write_text(text, encoding="utf-8")
    return directory


def test_a_wrong_total_is_refused_naming_file_and_nothing_changes(app, runner, tmp_path, template):
    broken = SHIPPED.read_text(encoding="utf-8").replace("total_points = 100", "total_points = 90")
    items_before = count_rows(app, ChecklistItem)
    result = runner.invoke(args=["catalog", "load", "--dir", str(_data_dir(tmp_path, broken))])
    assert result.exit_code != 0
    assert "xsd-khoa-phong.toml" in result.output and "tổng điểm các mục là 100, khai báo 90" in result.output
    assert count_rows(app, ChecklistItem) == items_before


def test_a_bad_item_is_named_and_an_earlier_good_file_is_not_loaded(runner, tmp_path):
    directory = _data_dir(tmp_path)
    good = SHIPPED.read_text(encoding="utf-8").replace('code = "xsd-khoa-phong"', 'code = "mau-tot"')
    (directory / "checklists" / "a-good.toml").write_text(good, encoding="utf-8")
    bad = SHIPPED.read_text(encoding="utf-8").replace('code = "xsd-khoa-phong"', 'code = "mau-hong"').replace(
        'code = "S4"\ntext = "Nhà vệ sinh', 'code = "S4"\ntext = "Nhà vệ sinh').replace(
            "max_points = 6\n\n[[items]]\ngroup = \"S\"\ncode = \"S5\"", "max_points = \"sáu\"\n\n[[items]]\ngroup = \"S\"\ncode = \"S5\"")
    (directory / "checklists" / "b-bad.toml").write_text(bad, encoding="utf-8")
    result = runner.invoke(args=["catalog", "load", "--dir", str(directory)])
    assert result.exit_code != 0
    assert "b-bad.toml: S4: trường “max_points” phải là số nguyên" in result.output
    assert latest_template("mau-tot", None) is None


def test_reloading_unchanged_data_changes_nothing(app, runner, tmp_path, template):
    result = runner.invoke(args=["catalog", "load", "--dir", str(_data_dir(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "xsd-khoa-phong v1 (không đổi)" in result.output
    assert count_rows(app, ChecklistTemplate) == 1


def test_a_template_in_use_gets_a_new_version_and_old_audits_keep_theirs(app, runner, tmp_path, make, template, audit_of):
    old_audit = audit_of(make.department("Khoa Nội"), date(2026, 3, 10))
    changed = SHIPPED.read_text(encoding="utf-8").replace("Nhân viên mặc trang phục y tế", "Nhân viên và học viên mặc trang phục y tế")
    result = runner.invoke(args=["catalog", "load", "--dir", str(_data_dir(tmp_path, changed))])
    assert result.exit_code == 0, result.output
    assert "xsd-khoa-phong v2 (phiên bản mới)" in result.output
    with fresh(app):
        new = latest_template("xsd-khoa-phong", None)
        assert new.version == 2 and new.id != template.id
        assert any("học viên" in i.text for i in new.items)
        old_audit = attach(old_audit)
        assert old_audit.template.version == 1
        assert not any("học viên" in i.text for i in old_audit.template.items)


def test_an_unused_template_is_updated_in_place(app, runner, tmp_path, template):
    changed = SHIPPED.read_text(encoding="utf-8").replace("đeo thẻ tên", "đeo thẻ tên đúng quy định")
    result = runner.invoke(args=["catalog", "load", "--dir", str(_data_dir(tmp_path, changed))])
    assert "xsd-khoa-phong v1 (cập nhật)" in result.output
    assert count_rows(app, ChecklistTemplate) == 1


def _workbook_bytes(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_xlsx_export_and_import_round_trip(app, client, auth, template):
    auth.login("ksnk_lead")
    exported = client.get(f"/xsd/templates/{template.id}.xlsx")
    assert exported.status_code == 200
    wb = load_workbook(io.BytesIO(exported.data))
    rows = list(wb["Mục"].iter_rows(values_only=True))
    assert rows[0][:5] == ("nhom", "ten_nhom", "ma_muc", "noi_dung", "diem_toi_da")
    assert len(rows) == 1 + len(template.items)  # one row per item
    wb["Mẫu"]["B2"] = "xsd-so-y-te"
    response = client.post("/xsd/templates/import", data={"file": (io.BytesIO(_workbook_bytes(wb)), "mau.xlsx")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "Đã nhập mẫu" in response.get_data(as_text=True)
    imported = scalar(app, sa.select(ChecklistTemplate).where(ChecklistTemplate.code == "xsd-so-y-te"))
    assert imported.hospital_id is not None
    assert content(imported) | {"code": "xsd-khoa-phong"} == content(template)


def test_xlsx_import_errors_name_sheet_row_and_column_and_store_nothing(app, client, auth, template):
    auth.login("ksnk_lead")
    wb = load_workbook(io.BytesIO(template_xlsx(content(template))))
    wb["Mẫu"]["B2"] = "xsd-loi"
    wb["Mục"]["E4"] = "năm"
    before = count_rows(app, ChecklistTemplate)
    response = client.post("/xsd/templates/import", data={"file": (io.BytesIO(_workbook_bytes(wb)), "mau.xlsx")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "Trang “Mục”, dòng 4, cột E (diem_toi_da): điểm tối đa phải là số nguyên." in response.get_data(as_text=True)
    wb["Mục"]["E4"] = 50
    response = client.post("/xsd/templates/import", data={"file": (io.BytesIO(_workbook_bytes(wb)), "mau.xlsx")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "tổng điểm các mục là" in response.get_data(as_text=True)
    response = client.post("/xsd/templates/import", data={"file": (io.BytesIO(b"not a workbook"), "mau.xlsx")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "không phải là bảng tính Excel .xlsx" in response.get_data(as_text=True)
    assert count_rows(app, ChecklistTemplate) == before


def test_only_template_managers_may_import(client, auth):
    auth.login("ksnk")
    assert client.post("/xsd/templates/import", data={}).status_code == 403


def test_changing_an_imported_template_in_use_makes_a_new_version(app, client, auth, make, audit_of, template):
    user = auth.login("ksnk_lead")
    with fresh(app):
        wb = load_workbook(io.BytesIO(template_xlsx(content(attach(template)))))
    wb["Mẫu"]["B2"] = "xsd-bv"
    client.post("/xsd/templates/import", data={"file": (io.BytesIO(_workbook_bytes(wb)), "a.xlsx")}, content_type="multipart/form-data")
    own = latest_template("xsd-bv", user.hospital_id)
    audit_of(make.department("Khoa Ngoại"), date(2026, 2, 1), template=own)
    wb["Mục"]["D2"] = "Cây xanh được tưới hằng ngày"
    client.post("/xsd/templates/import", data={"file": (io.BytesIO(_workbook_bytes(wb)), "a.xlsx")}, content_type="multipart/form-data")
    assert latest_template("xsd-bv", user.hospital_id).version == 2
    with fresh(app):
        assert attach(own).items[0].text != "Cây xanh được tưới hằng ngày"
