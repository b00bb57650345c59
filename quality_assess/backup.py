"""`flask backup create|restore`: the database and the uploaded files in one .tar.gz archive.

The database goes in as `database.sqlite` (SQLite's online backup API: a consistent copy while the
app runs) or as `database.jsonl`: every table of the metadata, in dependency order, one JSON object
per row, read inside one REPEATABLE READ transaction. The rows format is what PostgreSQL uses (no
pg_dump needed, so no client/server version to match) and also moves an installation from SQLite
to PostgreSQL (`create --rows` on SQLite, `restore` on PostgreSQL).
"""
from __future__ import annotations

import base64
import json
import shutil
import sqlite3
import tarfile
import tempfile
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any
from collections.abc import Iterator

import click
import sqlalchemy as sa
from alembic.migration import MigrationContext
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from quality_assess.database import db
from quality_assess.domain import ValidationError

FORMAT = 1
CHUNK = 1000


# ---- values ↔ JSON ---------------------------------------------------------------------------

def _encode(value: Any) -> Any:
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    raise TypeError(f"cannot store {type(value).__name__} in a backup")


def _decode(column: sa.Column, value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, sa.DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, sa.Date):
        return date.fromisoformat(value)
    if isinstance(kind, sa.Time):
        return time.fromisoformat(value)
    if isinstance(kind, sa.Numeric) and not isinstance(kind, sa.Float):
        return Decimal(value)
    if isinstance(kind, sa.LargeBinary):
        return base64.b64decode(value)
    return value


# ---- the database ----------------------------------------------------------------------------

def _is_sqlite(engine: sa.Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _revisions(conn: sa.Connection) -> list[str]:
    return sorted(MigrationContext.configure(conn).get_current_heads())


def _dump_rows(engine: sa.Engine, target: Path) -> tuple[list[str], int]:
    """Every row of every table, from one snapshot of the database."""
    isolation = "SERIALIZABLE" if _is_sqlite(engine) else "REPEATABLE READ"
    count = 0
    with engine.connect().execution_options(isolation_level=isolation) as conn, conn.begin():
        if not _is_sqlite(engine):
            conn.execute(sa.text("SET TRANSACTION READ ONLY"))
        revisions = _revisions(conn)
        with target.open("w", encoding="utf-8") as out:
            for table in db.metadata.sorted_tables:
                for row in conn.execute(sa.select(table).order_by(*table.primary_key.columns)).mappings():
                    out.write(json.dumps({"table": table.name, "row": dict(row)}, default=_encode, ensure_ascii=False) + "\n")
                    count += 1
    return revisions, count


def _sqlite_path(engine: sa.Engine) -> str:
    """The file of a SQLite engine (an in-memory database cannot be backed up or restored)."""
    if not engine.url.database or engine.url.database == ":memory:":
        raise ValidationError("Cơ sở dữ liệu SQLite trong bộ nhớ không sao lưu hay khôi phục được.")
    return engine.url.database


def _copy_sqlite(source: str, target: str) -> None:
    """SQLite's online backup API: a consistent copy even while the app writes."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _read_rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            yield record["table"], record["row"]


def _load_rows(records: Iterator[tuple[str, dict[str, Any]]]) -> int:
    """Insert rows (already in dependency order) in chunks, then move PostgreSQL sequences past them."""
    tables = db.metadata.tables
    count, batch, current = 0, list[dict[str, Any]](), ""
    with db.engine.begin() as conn:
        for name, row in records:
            if name not in tables:
                raise ValidationError("Bản sao lưu có bảng “%(table)s” mà phiên bản này không biết.", table=name)
            if (name != current or len(batch) >= CHUNK) and batch:
                conn.execute(tables[current].insert(), batch)
                batch = []
            current = name
            batch.append({key: _decode(tables[name].c[key], value) for key, value in row.items()})
            count += 1
        if batch:  # `current` names the table of the rows still batched
            conn.execute(tables[current].insert(), batch)
        if conn.dialect.name == "postgresql":
            for table in tables.values():
                for column in table.primary_key.columns:
                    if isinstance(column.type, sa.Integer) and column.autoincrement in (True, "auto"):
                        conn.execute(sa.text(
                            f"SELECT setval(pg_get_serial_sequence(:t, :c), COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"
                        ), {"t": table.name, "c": column.name})
    return count


def _database_has_rows() -> bool:
    present = set(sa.inspect(db.engine).get_table_names())
    with db.engine.connect() as conn:
        return any(
            conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first()
            for table in db.metadata.sorted_tables if table.name in present
        )


def _empty_database() -> None:
    """--force: remove every row (children first) so the archive's rows fit."""
    present = set(sa.inspect(db.engine).get_table_names())
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            if table.name in present:
                conn.execute(table.delete())


# ---- archives --------------------------------------------------------------------------------

def create_backup(path: Path, rows: bool = False) -> str:
    """Write the archive; return a one-line summary."""
    engine = db.engine
    uploads = Path(current_app.config["UPLOAD_FOLDER"])
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        manifest: dict[str, Any] = {"format": FORMAT, "dialect": engine.dialect.name}
        if _is_sqlite(engine) and not rows:
            _copy_sqlite(_sqlite_path(engine), str(work_dir / "database.sqlite"))
            with sa.create_engine(f"sqlite:///{work_dir / 'database.sqlite'}").connect() as conn:
                manifest["revisions"] = _revisions(conn)
            database, detail = "database.sqlite", "SQLite"
        else:
            manifest["revisions"], count = _dump_rows(engine, work_dir / "database.jsonl")
            database, detail = "database.jsonl", f"{count} dòng dữ liệu"
        manifest["database"] = database
        (work_dir / "manifest.json").write_text(json.dumps(manifest, indent=2))
        files = [p for p in uploads.rglob("*") if p.is_file()] if uploads.is_dir() else []
        path.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(path, "w:gz") as tar:
            tar.add(work_dir / "manifest.json", "manifest.json")
            tar.add(work_dir / database, database)
            for file in files:
                tar.add(file, f"uploads/{file.relative_to(uploads).as_posix()}")
    return f"Đã sao lưu vào {path}: cơ sở dữ liệu ({detail}) và {len(files)} tệp tải lên."


def restore_backup(path: Path, force: bool = False) -> str:
    """Restore the archive into an empty database (and upload folder); --force replaces what is there."""
    uploads = Path(current_app.config["UPLOAD_FOLDER"])
    if not force and (_database_has_rows() or (uploads.is_dir() and any(uploads.iterdir()))):
        raise ValidationError("Cơ sở dữ liệu hoặc thư mục tệp tải lên đang có dữ liệu. Hãy khôi phục vào nơi trống, hoặc dùng --force để thay thế toàn bộ.")
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        try:
            with tarfile.open(path, "r:gz") as tar:
                tar.extractall(work_dir, filter="data")
            manifest = json.loads((work_dir / "manifest.json").read_text())
        except (OSError, tarfile.TarError, ValueError, KeyError) as exc:
            raise ValidationError("Tệp “%(path)s” không phải bản sao lưu hợp lệ (%(error)s).", path=str(path), error=str(exc)) from exc
        if manifest.get("format") != FORMAT:
            raise ValidationError("Bản sao lưu có định dạng %(format)s, phiên bản này chỉ đọc định dạng 1.", format=manifest.get("format"))
        count = _restore_database(work_dir / manifest["database"], manifest, force)
        if force and uploads.is_dir():
            shutil.rmtree(uploads)
        if (work_dir / "uploads").is_dir():
            shutil.copytree(work_dir / "uploads", uploads, dirs_exist_ok=True)
        files = sum(1 for p in uploads.rglob("*") if p.is_file()) if uploads.is_dir() else 0
    return f"Đã khôi phục từ {path}: {count} và {files} tệp tải lên."


def _restore_database(source: Path, manifest: dict[str, Any], force: bool) -> str:
    engine = db.engine
    if source.suffix == ".sqlite" and _is_sqlite(engine):
        engine.dispose()
        _copy_sqlite(str(source), _sqlite_path(engine))
        upgrade(revision="head")  # an older backup is brought up to this version's schema
        return "cơ sở dữ liệu SQLite"
    upgrade(revision="head")
    with engine.connect() as conn:
        revisions = _revisions(conn)
    if revisions != manifest["revisions"]:
        raise ValidationError(
            "Bản sao lưu được tạo ở phiên bản lược đồ %(backup)s, cơ sở dữ liệu đang ở %(current)s: hãy khôi phục bằng đúng phiên bản đã sao lưu.",
            backup=", ".join(manifest["revisions"]), current=", ".join(revisions),
        )
    if force:
        _empty_database()
    if source.suffix == ".sqlite":  # a SQLite archive restored into PostgreSQL: read its tables
        reader = sa.create_engine(f"sqlite:///{source}")
        with reader.connect() as conn:
            records = [(t.name, dict(r)) for t in db.metadata.sorted_tables for r in conn.execute(sa.select(t)).mappings()]
        reader.dispose()
        return f"{_load_rows(iter(records))} dòng dữ liệu"
    return f"{_load_rows(_read_rows(source))} dòng dữ liệu"


# ---- CLI -------------------------------------------------------------------------------------

@click.group("backup")
def backup() -> None:
    """Sao lưu và khôi phục cơ sở dữ liệu cùng các tệp tải lên."""


@backup.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rows", is_flag=True, help="Trên SQLite: lưu từng dòng dữ liệu (để chuyển sang PostgreSQL).")
@with_appcontext
def create_command(path: Path, rows: bool) -> None:
    """Tạo bản sao lưu PATH (.tar.gz)."""
    click.echo(create_backup(path, rows=rows))


@backup.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Thay thế dữ liệu đang có.")
@with_appcontext
def restore_command(path: Path, force: bool) -> None:
    """Khôi phục bản sao lưu PATH vào cơ sở dữ liệu trống."""
    try:
        click.echo(restore_backup(path, force=force))
    except ValidationError as exc:
        db.session.rollback()
        raise click.ClickException(exc.text()) from exc
