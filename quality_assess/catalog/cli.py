"""`flask catalog ...`: load the data files, import the official sub-item list."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from quality_assess.catalog.frameworks import ensure_levels_framework, framework_files, stage_framework
from quality_assess.catalog.importer import apply_import, plan_import
from quality_assess.catalog.loader import criteria_files, stage_catalog
from quality_assess.checklists.loader import stage_templates
from quality_assess.database import db
from quality_assess.domain import CatalogError

catalog = click.Group("catalog", help="Bộ tiêu chí: nạp dữ liệu và nhập danh sách tiểu mục.")


def load_everything(directory: Path) -> list[str]:
    """Stage every data file of criteria_data/ and commit once; roll back everything on any error."""
    lines = []
    try:
        for path in criteria_files(directory):
            lines.append(f"{path.name}: {stage_catalog(path)}")
            ensure_levels_framework(path)
        for path in framework_files(directory):
            lines.append(f"{path.name}: {stage_framework(path)}")
        lines.extend(stage_templates(directory / "checklists"))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return lines


@catalog.command("load")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path), help="Thư mục dữ liệu (mặc định: criteria_data/).")
@with_appcontext
def load_command(directory: Path | None) -> None:
    """Nạp hoặc cập nhật bộ tiêu chí và mẫu bảng kiểm (chạy lại nhiều lần không sao)."""
    directory = directory or Path(current_app.config["CATALOG_DIR"])
    try:
        for line in load_everything(directory):
            click.echo(line)
    except CatalogError as exc:
        raise click.ClickException(f"Không nạp được dữ liệu (cơ sở dữ liệu không thay đổi): {exc}") from exc


@catalog.command("import-items")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Chỉ kiểm tra và xem trước, không ghi gì.")
@with_appcontext
def import_items_command(file: Path, dry_run: bool) -> None:
    """Nhập danh sách tiểu mục chính thức từ tệp .xlsx hoặc .csv (xem trước rồi ghi, không hỏi lại)."""
    plan = plan_import(file.name, file.read_bytes())
    if not plan.ok:
        for issue in plan.errors:
            click.echo(str(issue), err=True)
        raise click.ClickException(f"Tệp có {len(plan.errors)} lỗi; cơ sở dữ liệu không thay đổi.")
    for line in plan.lines():
        click.echo(line)
    if dry_run:
        click.echo("Chạy thử (--dry-run): chưa ghi gì vào cơ sở dữ liệu.")
        return
    apply_import(plan)
    db.session.commit()
    click.echo("Đã ghi danh sách tiểu mục.")
    if plan.rescored:
        click.echo(f"Đã tính lại mức của {plan.rescored} kết quả trong các đợt đánh giá chưa khóa; "
                   f"{plan.undecided} tiêu chí không còn đủ câu trả lời để tính mức và cần được trả lời thêm.")
