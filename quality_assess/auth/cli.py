"""`flask users ...`: create accounts and API tokens from the command line."""
from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from quality_assess.auth.models import ApiToken, User
from quality_assess.auth.operations import create_user
from quality_assess.database import db
from quality_assess.domain import DomainError
from quality_assess.org.operations import default_hospital, get_or_create_hospital

users = click.Group("users", help="Tài khoản người dùng.")


@users.command("create")
@click.option("--username", required=True)
@click.option("--password", required=True)
@click.option("--role", required=True, help="admin, quality, assessor, ksnk, ksnk_lead, dept_head, director, province")
@click.option("--hospital", "hospital_name", help="Tên bệnh viện (tạo mới nếu chưa có bệnh viện nào).")
@click.option("--full-name", default="")
@with_appcontext
def create_command(username: str, password: str, role: str, hospital_name: str | None, full_name: str) -> None:
    """Tạo tài khoản."""
    try:
        hospital = None
        if role != "province":
            hospital = get_or_create_hospital(hospital_name) if hospital_name else default_hospital(create=True)
        user = create_user(username=username, password=password, role=role, hospital=hospital, full_name=full_name)
        db.session.commit()  # a command is not a request: it commits its own work
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.text()) from exc
    click.echo(f"Đã tạo tài khoản {user.username} ({user.role})" + (f" — {hospital.name}" if hospital else ""))


@users.command("token")
@click.argument("username")
@with_appcontext
def token_command(username: str) -> None:
    """In một mã API mới cho USERNAME (dòng cuối cùng)."""
    user = db.session.scalar(sa.select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"Không có tài khoản “{username}”.")
    token_row, token = ApiToken.issue(user)
    db.session.add(token_row)
    db.session.commit()
    click.echo(f"Mã API cho {username} (chỉ hiện một lần, dùng trong tiêu đề Authorization: Bearer …):")
    click.echo(token)
