"""`flask checklists ...`: import a hospital's own checklist workbook, one template per sheet."""
from __future__ import annotations

import json
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from quality_assess.checklists import operations
from quality_assess.checklists.loader import OUTCOME
from quality_assess.checklists.sheet_import import read_workbook
from quality_assess.database import db
from quality_assess.domain import DomainError
from quality_assess.org.models import Hospital
from quality_assess.org.operations import default_hospital

checklists = click.Group("checklists", help="Bảng kiểm Xanh – Sạch – Đẹp: nhập mẫu từ bảng tính của bệnh viện.")


def _hospital(name: str | None) -> Hospital:
    hospital = db.session.scalar(sa.select(Hospital).where(Hospital.name == name)) if name else default_hospital()
    if hospital is None:
        raise click.ClickException(f"Không có bệnh viện “{name}”." if name else "Chưa có bệnh viện nào: hãy chạy `setup` trước.")
    return hospital


@checklists.command("import-sheet")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--sheet", "sheets", multiple=True, help="Tên trang cần nhập (lặp lại được).")
@click.option("--all-sheets", is_flag=True, help="Nhập mọi trang của tệp.")
@click.option("--dry-run", is_flag=True, help="Chỉ đọc và xem trước, không ghi gì.")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@click.option("--hospital", "hospital_name", help="Tên bệnh viện (mặc định: bệnh viện đầu tiên).")
@with_appcontext
def import_sheet_command(file: Path, sheets: tuple[str, ...], all_sheets: bool, dry_run: bool, as_json: bool,
                         hospital_name: str | None) -> None:
    """Nhập bảng kiểm từ tệp .xlsx của bệnh viện: mỗi trang một mẫu, tất cả hoặc không gì cả."""
    if sheets and all_sheets:
        raise click.UsageError("Dùng --sheet hoặc --all-sheets, không dùng cả hai.")
    try:
        hospital = _hospital(hospital_name)
        data = file.read_bytes()
        if not sheets and not all_sheets:
            names = read_workbook(data, []).sheetnames
            if len(names) != 1:
                raise click.UsageError(f"Tệp có {len(names)} trang ({', '.join(names)}): chọn --sheet TÊN hoặc --all-sheets.")
        preview = read_workbook(data, list(sheets) or None, remembered=operations.remembered_mappings(hospital.id))
    except DomainError as exc:
        raise click.ClickException(exc.text()) from exc
    if as_json:
        click.echo(json.dumps(preview.summary(), ensure_ascii=False, indent=2))
    else:
        for sheet in preview.sheets:
            click.echo(f"Trang “{sheet.sheet}”: {sheet.code} – {sheet.name}: {len(sheet.groups)} nhóm, {len(sheet.items)} mục, "
                       f"{sheet.max_points} điểm")
            for problem in sheet.problems:
                click.echo(f"  {problem}", err=True)
    if not preview.ok:
        raise click.ClickException("Tệp còn lỗi: chưa nhập gì, cơ sở dữ liệu không thay đổi.")
    if dry_run:
        if not as_json:
            click.echo("Chạy thử (--dry-run): chưa ghi gì vào cơ sở dữ liệu.")
        return
    try:
        stored = operations.import_sheets(preview, hospital_id=hospital.id, user=None)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.text()) from exc
    if not as_json:
        for template, outcome in stored:
            click.echo(f"Đã nhập {template.code} v{template.version} ({OUTCOME[outcome]})")
