"""A backup restored into an empty database gives back every row and every uploaded file; a damaged
archive, or a load that fails half-way, leaves the database and the uploads exactly as they were."""
from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import stat
import subprocess
import tarfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from quality_assess import backup as backup_module
from quality_assess import create_app, serving
from quality_assess.backup import client_fits, major_version
from quality_assess.domain import ValidationError
from quality_assess.assessments.models import Result, SubItemAnswer
from quality_assess.assessments.operations import Answer, save_result
from quality_assess.database import db
from quality_assess.history.models import ChangeLog
from tests.conftest import _migrate_and_load, attach, count_rows, fresh, step

save_result = step(save_result)  # a step: runs in its own fresh session


def every_row(app) -> dict[str, list[dict]]:
    """The whole database, table by table (every table of the metadata, so new domains are covered)."""
    with app.app_context(), db.engine.connect() as conn:
        present = set(sa.inspect(conn).get_table_names())
        return {
            table.name: [dict(row) for row in conn.execute(sa.select(table).order_by(*table.primary_key.columns)).mappings()]
            for table in db.metadata.sorted_tables if table.name in present
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
    assert result.exit_code != 0 and "không dùng được (tệp nén hỏng hoặc bị cắt" in result.output


# ---- damaged archives: refused before anything is touched --------------------------------------

def unpack(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}


def pack(target: Path, members: dict[str, bytes], *, sums: bool = True, counts: dict[str, int] | None = None) -> Path:
    """An archive of `members`; with `sums` its manifest lists their sizes and SHA-256 (as if made so)."""
    members = dict(members)
    if sums and "manifest.json" in members:
        manifest = json.loads(members["manifest.json"])
        manifest["files"] = {n: {"size": len(d), "sha256": hashlib.sha256(d).hexdigest()} for n, d in members.items() if n != "manifest.json"}
        manifest["counts"] = counts if counts is not None else manifest["counts"]
        members["manifest.json"] = json.dumps(manifest).encode()
    with tarfile.open(target, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


def lines(members: dict[str, bytes]) -> list[bytes]:
    return members["database.jsonl"].splitlines(keepends=True)


def truncated(archive, members, out):
    out.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])


def bit_flipped(archive, members, out):
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x10
    out.write_bytes(bytes(data))


def foreign(archive, members, out):
    pack(out, {"etc/hosts": b"127.0.0.1 localhost\n"})


def another_apps(archive, members, out):
    manifest = json.loads(members["manifest.json"]) | {"app": "phan-mem-khac"}
    pack(out, members | {"manifest.json": json.dumps(manifest).encode()})


def edited_after_the_backup(archive, members, out):  # the manifest's checksum no longer fits
    pack(out, members | {"database.jsonl": members["database.jsonl"].replace("Bảo đảm".encode(), b"Bao dam")}, sums=False)


def last_line_cut(archive, members, out):  # consistent checksums: only parsing every line finds it
    pack(out, members | {"database.jsonl": members["database.jsonl"][:-25]})


def a_row_missing(archive, members, out):
    pack(out, members | {"database.jsonl": b"".join(lines(members)[:-1])})


def an_unknown_table(archive, members, out):
    extra = json.dumps({"table": "bang_la", "row": {"id": 1}}).encode() + b"\n"
    pack(out, members | {"database.jsonl": members["database.jsonl"] + extra})


@pytest.mark.parametrize("damage, says", [
    (truncated, "tệp nén hỏng hoặc bị cắt"),
    (bit_flipped, "không dùng được ("),  # gzip's CRC or, past the tar's end marker, the manifest's SHA-256
    (foreign, "thiếu hoặc hỏng tệp manifest.json"),
    (another_apps, "không phải bản sao lưu của ứng dụng này"),
    (edited_after_the_backup, "tệp không khớp với manifest: database.jsonl"),
    (last_line_cut, "dòng dữ liệu hỏng"),
    (a_row_missing, "số dòng không khớp với manifest"),
    (an_unknown_table, "bảng “bang_la” mà phiên bản này không biết"),
])
def test_a_damaged_archive_is_refused_and_leaves_every_row_and_file(app, runner, assessed, tmp_path, damage, says):
    archive = tmp_path / "qlcl.tar.gz"
    assert runner.invoke(args=["backup", "create", str(archive), "--rows"]).exit_code == 0
    with fresh(app) as session:
        attach(assessed).name = "Đợt sau bản sao lưu"  # work done since: a restore would lose it
        session.commit()
    before = every_row(app)
    damaged = tmp_path / "hong.tar.gz"
    damage(archive, unpack(archive), damaged)

    result = runner.invoke(args=["backup", "restore", str(damaged), "--force"])

    assert result.exit_code != 0
    assert says in result.output and "không bị thay đổi" in result.output, result.output
    assert every_row(app) == before
    assert (Path(app.config["UPLOAD_FOLDER"]) / "evidence" / "1" / "bien-ban.pdf").read_bytes() == b"%PDF-1.4 bien ban hop"


def test_a_load_that_fails_half_way_leaves_the_database_as_it_was(app, runner, assessed, tmp_path):
    """The archive is sound but a row cannot go in (here: a change-log row twice): the tables were
    emptied in the same transaction as the load, so the refusal puts every row back."""
    archive = tmp_path / "qlcl.tar.gz"
    assert runner.invoke(args=["backup", "create", str(archive), "--rows"]).exit_code == 0
    members = unpack(archive)
    counts = json.loads(members["manifest.json"])["counts"]
    rows = lines(members)
    twice = next(i for i, line in enumerate(rows) if json.loads(line)["table"] == ChangeLog.__tablename__)
    rows.insert(twice, rows[twice])
    counts[ChangeLog.__tablename__] += 1
    colliding = pack(tmp_path / "trung.tar.gz", members | {"database.jsonl": b"".join(rows)}, counts=counts)
    before = every_row(app)
    assert sum(len(table) for table in before.values()) > 100  # the catalogue and the round

    result = runner.invoke(args=["backup", "restore", str(colliding), "--force"])

    assert result.exit_code != 0 and "cơ sở dữ liệu được giữ nguyên như trước" in result.output, result.output
    assert every_row(app) == before
    with fresh(app) as session:  # and the sequences still hand out new ids
        attach(assessed).name = "Vẫn ghi được"
        session.commit()


def test_a_format_1_archive_is_still_restored(app, runner, assessed, tmp_path):
    archive = tmp_path / "qlcl.tar.gz"
    assert runner.invoke(args=["backup", "create", str(archive), "--rows"]).exit_code == 0
    before = every_row(app)
    members = unpack(archive)
    manifest = json.loads(members["manifest.json"])
    old = {key: manifest[key] for key in ("dialect", "revisions", "database")} | {"format": 1}
    pack(tmp_path / "cu.tar.gz", members | {"manifest.json": json.dumps(old).encode()}, sums=False)
    with fresh(app) as session:
        session.execute(sa.delete(ChangeLog))
        session.commit()

    result = runner.invoke(args=["backup", "restore", str(tmp_path / "cu.tar.gz"), "--force"])

    assert result.exit_code == 0, result.output
    assert every_row(app) == before


def test_verify_checks_an_archive_without_restoring_it(runner, assessed, tmp_path):
    archive = tmp_path / "qlcl.tar.gz"
    assert runner.invoke(args=["backup", "create", str(archive), "--rows"]).exit_code == 0
    result = runner.invoke(args=["backup", "verify", str(archive)])
    assert result.exit_code == 0 and "bản sao lưu hợp lệ" in result.output and "1 tệp tải lên" in result.output, result.output
    truncated(archive, None, tmp_path / "cut.tar.gz")
    result = runner.invoke(args=["backup", "verify", str(tmp_path / "cut.tar.gz")])
    assert result.exit_code != 0 and "tệp nén hỏng hoặc bị cắt" in result.output


# ---- create: never a partial archive, never readable by others ---------------------------------

def test_a_backup_stopped_half_way_leaves_the_previous_archive_and_no_partial_file(runner, assessed, tmp_path, monkeypatch):
    archive = tmp_path / "qlcl.tar.gz"
    assert runner.invoke(args=["backup", "create", str(archive)]).exit_code == 0
    yesterdays = archive.read_bytes()
    real_add = backup_module._add

    def add_then_stop(tar, source, name, files):
        real_add(tar, source, name, files)
        if name.startswith("uploads/"):  # the database is in the archive, the files not yet all
            raise KeyboardInterrupt

    monkeypatch.setattr(backup_module, "_add", add_then_stop)
    result = runner.invoke(args=["backup", "create", str(archive)])

    assert result.exit_code != 0
    assert archive.read_bytes() == yesterdays
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".qlcl")) == []


def test_an_archive_is_readable_by_its_owner_only(runner, assessed, tmp_path):
    archive = tmp_path / "qlcl.tar.gz"
    mask = os.umask(0)  # even under a permissive umask
    try:
        assert runner.invoke(args=["backup", "create", str(archive), "--rows"]).exit_code == 0
    finally:
        os.umask(mask)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        assert {stat.S_IMODE(m.mode) for m in tar if m.isfile()} == {0o600}


# ---- SQLite: a checked file swapped in, never while the app holds it ---------------------------

@pytest.fixture
def sqlite_app(tmp_path, monkeypatch):
    """An installation on SQLite whatever DATABASE_URL the suite runs with: migrated, catalogue loaded,
    one uploaded file; its instance folder (where serving processes leave markers) is under tmp_path."""
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    live = tmp_path / "instance" / "qlcl.sqlite"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{live}", "SECRET_KEY": "test", "UPLOAD_FOLDER": str(tmp_path / "uploads")})
    with app.app_context():
        _migrate_and_load(app)
        db.engine.dispose()
    (tmp_path / "uploads").mkdir()
    (tmp_path / "uploads" / "anh.png").write_bytes(b"\x89PNG anh")
    app.live = live
    yield app
    with app.app_context():
        db.engine.dispose()


def restore_leftovers(app) -> list[str]:
    return sorted(p.name for p in app.live.parent.iterdir() if ".restore-" in p.name)


def corrupt_sqlite(data: bytes) -> bytes:
    """The file with a run of pages overwritten (what a bad disk sector does)."""
    middle = len(data) // 2
    return data[:middle] + b"\xde\xad" * 2048 + data[middle + 4096:]


def test_sqlite_native_backup_and_restore_with_force(sqlite_app, tmp_path):
    runner = sqlite_app.test_cli_runner()
    archive = tmp_path / "qlcl.tar.gz"
    assert runner.invoke(args=["backup", "create", str(archive)]).exit_code == 0
    before = every_row(sqlite_app)
    with sqlite_app.app_context():
        db.session.execute(sa.delete(ChangeLog))
        db.session.execute(sa.text("DELETE FROM sub_items"))
        db.session.commit()
        db.engine.dispose()
    (tmp_path / "uploads" / "anh.png").unlink()

    result = runner.invoke(args=["backup", "restore", str(archive), "--force"])

    assert result.exit_code == 0, result.output
    assert every_row(sqlite_app) == before
    assert (tmp_path / "uploads" / "anh.png").read_bytes() == b"\x89PNG anh"
    assert restore_leftovers(sqlite_app) == []


@pytest.mark.parametrize("target", ["live database, --force", "empty database"])
def test_a_corrupt_sqlite_file_in_the_archive_is_never_copied_over_the_database(sqlite_app, tmp_path, target):
    archive = tmp_path / "qlcl.tar.gz"
    assert sqlite_app.test_cli_runner().invoke(args=["backup", "create", str(archive)]).exit_code == 0
    members = unpack(archive)
    bad = pack(tmp_path / "hong.tar.gz", members | {"database.sqlite": corrupt_sqlite(members["database.sqlite"])})
    if target == "empty database":
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'moi.sqlite'}", "SECRET_KEY": "test",
                          "UPLOAD_FOLDER": str(tmp_path / "uploads-moi")})
        args = ["backup", "restore", str(bad)]
    else:
        app, args = sqlite_app, ["backup", "restore", str(bad), "--force"]
    before = every_row(app)

    result = app.test_cli_runner().invoke(args=args)

    assert result.exit_code != 0 and "tệp SQLite hỏng" in result.output, result.output
    assert every_row(app) == before
    assert restore_leftovers(sqlite_app) == []
    with app.app_context():
        db.engine.dispose()


def test_restore_refuses_while_another_process_writes_the_sqlite_database(sqlite_app, tmp_path):
    runner = sqlite_app.test_cli_runner()
    archive = tmp_path / "qlcl.tar.gz"
    assert runner.invoke(args=["backup", "create", str(archive)]).exit_code == 0
    before = every_row(sqlite_app)
    writer = sqlite3.connect(sqlite_app.live, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # the app, half-way through a request's transaction
    try:
        result = runner.invoke(args=["backup", "restore", str(archive), "--force"])
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.exit_code != 0 and "đang được một tiến trình khác dùng" in result.output, result.output
    assert every_row(sqlite_app) == before
    assert restore_leftovers(sqlite_app) == []
    assert sorted(p.name for p in tmp_path.iterdir() if ".restore-" in p.name) == []  # no staged uploads left


def test_restore_refuses_while_the_app_serves_and_ignores_a_killed_servers_marker(sqlite_app, tmp_path):
    runner = sqlite_app.test_cli_runner()
    archive = tmp_path / "qlcl.tar.gz"
    assert runner.invoke(args=["backup", "create", str(archive)]).exit_code == 0
    marker = serving.mark(sqlite_app.instance_path, pid=os.getppid())  # a live process that served requests

    result = runner.invoke(args=["backup", "restore", str(archive), "--force"])
    assert result.exit_code != 0 and f"Ứng dụng đang chạy và dùng cơ sở dữ liệu này (tiến trình {os.getppid()})" in result.output, result.output

    marker.unlink()
    serving.mark(sqlite_app.instance_path, pid=_dead_pid())  # a worker killed with -9 leaves its marker
    result = runner.invoke(args=["backup", "restore", str(archive), "--force"])
    assert result.exit_code == 0, result.output


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_serving_process_leaves_a_marker_on_its_first_request(tmp_path, monkeypatch):
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    served = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}", "SECRET_KEY": "test"})
    served.test_client().get("/login")
    assert (tmp_path / "instance" / "serving" / str(os.getpid())).exists()


def test_a_damaged_live_sqlite_database_is_replaced_with_force(sqlite_app, tmp_path):
    runner = sqlite_app.test_cli_runner()
    archive = tmp_path / "qlcl.tar.gz"
    assert runner.invoke(args=["backup", "create", str(archive)]).exit_code == 0
    before = every_row(sqlite_app)
    sqlite_app.live.write_bytes(corrupt_sqlite(sqlite_app.live.read_bytes()))

    result = runner.invoke(args=["backup", "restore", str(archive), "--force"])

    assert result.exit_code == 0, result.output
    assert every_row(sqlite_app) == before


# ---- pg_dump / pg_restore ----------------------------------------------------------------------

@pytest.mark.parametrize("text, major", [
    ("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)", 15), ("pg_restore (PostgreSQL) 9.6.24", 9), ("160004", 16), ("170000", 17),
])
def test_major_version_reads_client_and_server_versions(text, major):
    assert major_version(text) == major


def test_pg_dump_fits_servers_of_its_own_version_and_older_only():
    assert client_fits(15, 15) and client_fits(16, 13)
    assert not client_fits(15, 16)


def test_pg_check_compares_the_installed_client_with_the_server(app, runner):
    result = runner.invoke(args=["backup", "pg-check"])
    with app.app_context():
        dialect = db.engine.dialect.name
    if dialect == "postgresql":  # the suite's server and Debian's client, both 15
        assert result.exit_code == 0 and "pg_dump (PostgreSQL)" in result.output and "phù hợp" in result.output, result.output
    else:
        assert result.exit_code != 0 and "chỉ dùng với PostgreSQL" in result.output


def test_pg_check_refuses_a_client_older_than_the_server(app, monkeypatch):
    monkeypatch.setattr(backup_module.subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 0, "pg_dump (PostgreSQL) 9.6.24\n", ""))
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            with pytest.raises(ValidationError, match="chỉ dùng với PostgreSQL"):
                backup_module.pg_check()
            return
        with pytest.raises(ValidationError) as refused:
            backup_module.pg_check()
    assert "cần phiên bản 15 trở lên" in refused.value.text()


def test_an_archive_of_a_schema_this_version_does_not_know_is_refused(app, runner, assessed, tmp_path):
    archive = tmp_path / "qlcl.tar.gz"
    assert runner.invoke(args=["backup", "create", str(archive), "--rows"]).exit_code == 0
    members = unpack(archive)
    newer = json.loads(members["manifest.json"]) | {"revisions": ["9999"]}
    pack(tmp_path / "moi.tar.gz", members | {"manifest.json": json.dumps(newer).encode()})
    before = every_row(app)

    result = runner.invoke(args=["backup", "restore", str(tmp_path / "moi.tar.gz"), "--force"])

    assert result.exit_code != 0 and "phiên bản lược đồ 9999 mà phiên bản này không biết" in result.output, result.output
    assert every_row(app) == before
