"""`flask setup`: migrations, the catalogue and a first admin account, in one step."""
from __future__ import annotations

from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from quality_assess.auth.models import User
from quality_assess.auth.operations import create_user, generated_password, set_installation_role
from quality_assess.auth.roles import INSTALLATION_ADMIN
from quality_assess.catalog.cli import load_everything
from quality_assess.database import db
from quality_assess.org.operations import get_or_create_hospital


@click.command("setup")
@click.option("--hospital", "hospital_name", default="Bệnh viện", show_default=True, help="Tên bệnh viện đầu tiên.")
@click.option("--admin", "admin_username", default="admin", show_default=True)
@with_appcontext
def setup(hospital_name: str, admin_username: str) -> None:
    """Chuẩn bị cơ sở dữ liệu: áp dụng migration, nạp bộ tiêu chí, tạo tài khoản quản trị đầu tiên."""
    upgrade(revision="head")
    click.echo("Cơ sở dữ liệu: đã áp dụng migration.")
    for line in load_everything(Path(current_app.config["CATALOG_DIR"])):
        click.echo(line)
    if db.session.scalar(sa.select(sa.func.count(User.id))):
        click.echo("Đã có tài khoản: không tạo thêm tài khoản quản trị.")
        return
    password = generated_password()
    admin = create_user(
        username=admin_username, password=password, role="admin",
        hospital=get_or_create_hospital(hospital_name), full_name="Quản trị", must_change_password=True,
    )
    set_installation_role(admin, INSTALLATION_ADMIN, by=None)  # the first admin is above hospitals too
    db.session.commit()
    click.echo("")
    click.echo("=" * 60)
    click.echo("Tài khoản quản trị đầu tiên (chỉ hiện một lần — hãy ghi lại):")
    click.echo(f"  Tên đăng nhập: {admin_username}")
    click.echo(f"  Mật khẩu:      {password}")
    click.echo("Tài khoản này quản trị cả bệnh viện lẫn toàn hệ thống (tài khoản Sở Y tế, bộ tiêu chí dùng chung).")
    click.echo("Bạn sẽ được yêu cầu đổi mật khẩu ở lần đăng nhập đầu tiên.")
    click.echo("=" * 60)
