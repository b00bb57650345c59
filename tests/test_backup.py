"""A backup restored into an empty database gives back every row and every uploaded file."""
from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from quality_assess import create_app
from quality_assess.assessments.models import Result, SubItemAnswer
from quality_assess.assessments.operations import Answer, save_result
from quality_assess.database import db
from quality_assess.history.models import ChangeLog
from tests.conftest import attach, count_rows, fresh, step

save_result = step(save_result)  # a step: runs in its own fresh session


def every_row(app) -> dict[str, list[dict]]:
    """The whole database, table by table (every table of the metadata, so new domains are covered)."""
    with app.app_context(), db.engine.connect() as conn:
        return {
            table.name: [dict(row) for row in conn.execute(sa.select(table).order_by(*table.primary_key.columns)).mappings()]
            for table in db.metadata.sorted_tables
        }


@pytest.fixture
def assessed(app, make):
    """A round with answers (and so history entries) and an uploaded file."""
    user = make.user("quality")
    sub_items = make.sub_items("A1.2")
    round_ = make.round(user=user)
    with fresh(app) as session:
        results = {r.criterion.code: r for r in session.scalars(sa.select(Result).where(Result.round_id == round_.id))}
        save_result(results["A1.1"], Answer(finding=False, met={2: True, 3: True}, note="Ghi chú có dấu: Bảo đảm an ninh"), user=user)
        session.add(SubItemAnswer(result=results["A1.2"], sub_item=attach(sub_items[0]), value="absent"))
        session.commit()
    upload = Path(app.config["UPLOAD_FOLDER"]) / "evidence" / "1" / "bien-ban.pdf"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"%PDF-1.4 bien ban hop")
    assert count_rows(app, ChangeLog) > 0
    return round_


@pytest.mark.parametrize("rows", [False, True], ids=["native", "rows"])
def test_backup_then_restore_into_an_empty_database_gives_the_same_rows(app, runner, assessed, empty_database_url, tmp_path, rows):
    before = every_row(app)
    archive = tmp_path / "backups" / "qlcl.tar.gz"
    result = runner.invoke(args=["backup", "create", str(archive)] + (["--rows"] if rows else []))
    assert result.exit_code == 0, result.output
    assert "1 tệp tải lên" in result.output

    empty = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url, "SECRET_KEY": "test", "UPLOAD_FOLDER": str(tmp_path / "restored")})
    result = empty.test_cli_runner().invoke(args=["backup", "restore", str(archive)])
    assert result.exit_code == 0, result.output
    assert every_row(empty) == before
    assert (tmp_path / "restored" / "evidence" / "1" / "bien-ban.pdf").read_bytes() == b"%PDF-1.4 bien ban hop"
    with empty.app_context():
        db.engine.dispose()


def test_restore_refuses_a_database_with_data_unless_forced(app, runner, assessed, tmp_path):
    archive = tmp_path / "qlcl.tar.gz"
    assert runner.invoke(args=["backup", "create", str(archive), "--rows"]).exit_code == 0
    before = every_row(app)

    result = runner.invoke(args=["backup", "restore", str(archive)])
    assert result.exit_code != 0 and "đang có dữ liệu" in result.output

    with fresh(app) as session:
        attach(assessed).name = "Đổi tên nhầm"  # mistakes after the backup …
        session.execute(sa.delete(ChangeLog))
        session.commit()
    assert every_row(app) != before
    result = runner.invoke(args=["backup", "restore", str(archive), "--force"])  # … undone by the restore
    assert result.exit_code == 0, result.output
    assert every_row(app) == before


def test_restore_explains_a_file_that_is_not_a_backup(runner, tmp_path):
    bogus = tmp_path / "not-a-backup.tar.gz"
    bogus.write_text("hello")
    result = runner.invoke(args=["backup", "restore", str(bogus), "--force"])
    assert result.exit_code != 0 and "không phải bản sao lưu hợp lệ" in result.output
