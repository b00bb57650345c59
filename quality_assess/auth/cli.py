"""`flask users ...`: create accounts, installation-level grants and API tokens from the command line
(whoever runs the server's commands acts as the installation admin)."""
from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from quality_assess.auth.models import ApiToken, User
from quality_assess.auth.operations import create_user, issue_token, revoke_token, set_active, set_installation_role
from quality_assess.auth.roles import INSTALLATION_ROLES
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


def _user(username: str) -> User:
    user = db.session.scalar(sa.select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"Không có tài khoản “{username}”.")
    return user


@users.command("grant")
@click.argument("username")
@click.option("--installation-role", type=click.Choice([*INSTALLATION_ROLES, "none"]), required=True,
              help="admin: quản trị toàn hệ thống; catalog: sửa bộ tiêu chí dùng chung; none: bỏ quyền.")
@with_appcontext
def grant_command(username: str, installation_role: str) -> None:
    """Cấp hoặc bỏ quyền cấp hệ thống cho USERNAME."""
    user = _user(username)
    set_installation_role(user, None if installation_role == "none" else installation_role, by=None)
    db.session.commit()
    click.echo(f"{username}: quyền cấp hệ thống = {user.installation_role or 'không có'}")


def _switch(username: str, active: bool) -> None:
    user = _user(username)
    try:
        set_active(user, active, by=None)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.text()) from exc


@users.command("deactivate")
@click.argument("username")
@with_appcontext
def deactivate_command(username: str) -> None:
    """Khóa tài khoản USERNAME: không đăng nhập được, mã API ngừng hoạt động, mọi phiên kết thúc."""
    _switch(username, False)
    click.echo(f"Đã khóa tài khoản {username}.")


@users.command("activate")
@click.argument("username")
@with_appcontext
def activate_command(username: str) -> None:
    """Mở lại tài khoản USERNAME đã bị khóa."""
    _switch(username, True)
    click.echo(f"Đã mở lại tài khoản {username}.")


@users.command("token")
@click.argument("username")
@click.option("--name", default="script", show_default=True, help="Tên mã (dùng cho việc gì).")
@click.option("--days", type=click.IntRange(1, 366), help="Thời hạn (ngày; mặc định 90).")
@click.option("--revoke", "revoke_id", type=int, help="Thu hồi mã có số này (xem --list) thay vì tạo mã mới.")
@click.option("--list", "list_only", is_flag=True, help="Liệt kê các mã của USERNAME.")
@with_appcontext
def token_command(username: str, name: str, days: int | None, revoke_id: int | None, list_only: bool) -> None:
    """In một mã API mới cho USERNAME (dòng cuối cùng); hoặc liệt kê, thu hồi mã."""
    user = _user(username)
    if list_only:
        for row in db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)):
            state = "đã thu hồi" if row.revoked_at else ("hết hạn" if row.expired else "dùng được")
            used = row.last_used_at.isoformat(" ", "minutes") if row.last_used_at else "chưa dùng"
            expires = row.expires_at.isoformat(" ", "minutes") if row.expires_at else "không hạn"
            click.echo(f"{row.id}\t{row.name}\ttạo {row.created_at:%Y-%m-%d}\tdùng {used}\thết hạn {expires}\t{state}")
        return
    if revoke_id is not None:
        token_row = db.session.scalar(sa.select(ApiToken).where(ApiToken.id == revoke_id, ApiToken.user_id == user.id))
        if token_row is None:
            raise click.ClickException(f"{username} không có mã API số {revoke_id}.")
        revoke_token(token_row, by=None)
        db.session.commit()
        click.echo(f"Đã thu hồi mã API số {revoke_id} ({token_row.name}) của {username}.")
        return
    try:
        token_row, token = issue_token(user, name=name, days=days)
    except DomainError as exc:
        raise click.ClickException(exc.text()) from exc
    db.session.commit()
    click.echo(f"Mã API “{token_row.name}” cho {username}, hết hạn {token_row.expires_at:%Y-%m-%d} "
               "(chỉ hiện một lần, dùng trong tiêu đề Authorization: Bearer …):")
    click.echo(token)
