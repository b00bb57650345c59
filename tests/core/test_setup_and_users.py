"""Setting up a fresh installation and managing accounts from the command line."""
from __future__ import annotations

import sqlalchemy as sa

from quality_assess.auth.models import User
from quality_assess.catalog.models import Criterion
from quality_assess.org.models import Hospital
from tests.conftest import fresh, scalar


def test_setup_creates_one_admin_and_shows_the_password_once(app, runner):
    result = runner.invoke(args=["setup", "--hospital", "Bệnh viện Đa khoa tỉnh Bắc Ninh"])
    assert result.exit_code == 0, result.output
    assert "Mật khẩu:" in result.output
    password = result.output.split("Mật khẩu:")[1].split()[0]
    with fresh(app) as session:
        admin = session.scalar(sa.select(User).where(User.username == "admin"))
        assert admin.role == "admin" and admin.check_password(password) and admin.must_change_password
        assert admin.hospital.name == "Bệnh viện Đa khoa tỉnh Bắc Ninh"

    again = runner.invoke(args=["setup"])
    assert again.exit_code == 0 and "Mật khẩu:" not in again.output
    assert scalar(app, sa.select(sa.func.count(User.id))) == 1
    assert scalar(app, sa.select(sa.func.count(Criterion.id))) == 83


def test_users_create_makes_the_first_hospital_and_token_prints_alone_on_last_line(app, runner, client):
    result = runner.invoke(args=["users", "create", "--username", "qlcl", "--password", "mat-khau-dong-lenh", "--role", "quality"])
    assert result.exit_code == 0, result.output
    assert scalar(app, sa.select(sa.func.count(Hospital.id))) == 1

    token = runner.invoke(args=["users", "token", "qlcl"]).output.strip().splitlines()[-1]
    assert " " not in token and len(token) > 30
    response = client.get("/api/v1/rounds", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code != 401


def test_users_create_refuses_bad_input_with_a_message(runner):
    short = runner.invoke(args=["users", "create", "--username", "a", "--password", "123", "--role", "quality"])
    assert short.exit_code != 0 and "ít nhất 10 ký tự" in short.output
    role = runner.invoke(args=["users", "create", "--username", "b", "--password", "mat-khau-dong-lenh", "--role", "boss"])
    assert role.exit_code != 0 and "Vai trò" in role.output
    runner.invoke(args=["users", "create", "--username", "c", "--password", "mat-khau-dong-lenh", "--role", "quality"])
    dup = runner.invoke(args=["users", "create", "--username", "c", "--password", "mat-khau-dong-lenh", "--role", "quality"])
    assert dup.exit_code != 0 and "đã được dùng" in dup.output


def test_unknown_user_token_is_an_error(runner):
    result = runner.invoke(args=["users", "token", "nobody"])
    assert result.exit_code != 0 and "nobody" in result.output



def test_user_text_is_stored_composed_and_without_control_characters():
    import unicodedata

    from quality_assess.i18n import nfc

    typed = unicodedata.normalize("NFD", "Khoa Kiểm soát nhiễm khuẩn") + "\x1b\x00 "
    assert nfc(typed) == unicodedata.normalize("NFC", "Khoa Kiểm soát nhiễm khuẩn")
    assert nfc("dòng 1\ndòng 2\tx") == "dòng 1\ndòng 2\tx"
