"""`flask backup create|restore|pg-check`: the database and the uploaded files in one .tar.gz archive.

The database goes in as `database.sqlite` (SQLite's online backup API: a consistent copy while the
app runs) or as `database.jsonl`: every table of the metadata, in dependency order, one JSON object
per row, read inside one REPEATABLE READ transaction. The rows format moves an installation between
databases (`create --rows` on SQLite, `restore` on PostgreSQL). For a large PostgreSQL installation's
nightly backup, `pg_dump -Fc` is the documented tool; `backup pg-check` says whether the installed
client can dump and restore the server (README, "Backups").

Format 2 (docs/decisions/0002): `manifest.json` names every file of the archive with its size and
SHA-256, the rows of each table, the app's version and the schema's migration revision.

- `create` writes the archive under a temporary name next to the target, readable by its owner only
  (it holds every password hash), and renames it into place when complete: the target path never
  holds a partial archive.
- `restore` verifies the whole archive before it touches anything: every file against the manifest,
  every JSON line parsed and decoded, a SQLite file's `PRAGMA integrity_check` and
  `foreign_key_check`, the migration revision. Then rows are emptied and loaded in ONE transaction
  (a failure leaves the database as it was); a SQLite file is built and checked in a temporary file
  beside the live database and swapped in with `os.replace`. It refuses while the app serves from
  the database (`serving.py`, or the SQLite file locked by another process).
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from importlib.metadata import PackageNotFoundError, version as package_version
from pathlib import Path
from typing import IO, Any

import click
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from quality_assess import clock
from quality_assess.database import db
from quality_assess.domain import ValidationError
from quality_assess.i18n import N_
from quality_assess.serving import serving_pids

FORMAT = 2
READABLE = (1, 2)  # format 1 (no checksums) is still read: every line is parsed and checked all the same
APP = "quality_assess"
MANIFEST = "manifest.json"
DATABASE_FILES = ("database.jsonl", "database.sqlite")
CHUNK = 1000
COPY_BLOCK = 1 << 20

# Why an archive is refused (the %(reason)s of DAMAGED; the detail names the file, line or value).
UNREADABLE = N_("tệp nén hỏng hoặc bị cắt")
NO_MANIFEST = N_("thiếu hoặc hỏng tệp manifest.json")
FOREIGN = N_("không phải bản sao lưu của ứng dụng này")
UNSAFE = N_("có mục không phải tệp thường")
MISMATCH = N_("tệp không khớp với manifest")
BAD_LINE = N_("dòng dữ liệu hỏng")
BAD_COUNT = N_("số dòng không khớp với manifest")
BAD_SQLITE = N_("tệp SQLite hỏng")
DAMAGED = N_("Bản sao lưu “%(path)s” không dùng được (%(reason)s: %(detail)s). Cơ sở dữ liệu và tệp tải lên không bị thay đổi.")


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
        return base64.b64decode(value, validate=True)
    return value


# ---- the database ----------------------------------------------------------------------------

def _is_sqlite(engine: sa.Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _revisions(conn: sa.Connection) -> list[str]:
    return sorted(MigrationContext.configure(conn).get_current_heads())


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())


def _dump_rows(engine: sa.Engine, out: IO[str]) -> tuple[list[str], dict[str, int]]:
    """Every row of every table, from one snapshot of the database."""
    isolation = "SERIALIZABLE" if _is_sqlite(engine) else "REPEATABLE READ"
    counts: dict[str, int] = {}
    with engine.connect().execution_options(isolation_level=isolation) as conn, conn.begin():
        if not _is_sqlite(engine):
            conn.execute(sa.text("SET TRANSACTION READ ONLY"))
        revisions = _revisions(conn)
        for table in db.metadata.sorted_tables:
            counts[table.name] = 0
            for row in conn.execute(sa.select(table).order_by(*table.primary_key.columns)).mappings():
                out.write(json.dumps({"table": table.name, "row": dict(row)}, default=_encode, ensure_ascii=False) + "\n")
                counts[table.name] += 1
    return revisions, counts


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


def _sqlite_counts(path: Path) -> dict[str, int]:
    """Rows per table of the app found in a SQLite file."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        present = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {t.name: conn.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0] for t in db.metadata.sorted_tables if t.name in present}
    finally:
        conn.close()


def _sqlite_problems(path: Path) -> str:
    """What `PRAGMA integrity_check` and `foreign_key_check` find in the file ('' when it is sound)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            if integrity != ["ok"]:
                return "; ".join(integrity[:3])
            orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
            if orphans:
                return f"{len(orphans)} dòng vi phạm khóa ngoại (bảng {orphans[0][0]})"
            return ""
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)


def _sqlite_rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """The rows of a SQLite archive's file, table by table in dependency order (for a restore into PostgreSQL)."""
    reader = sa.create_engine(f"sqlite:///{path}")
    try:
        with reader.connect() as conn:
            for table in db.metadata.sorted_tables:
                for row in conn.execute(sa.select(table)).mappings():
                    yield table.name, dict(row)
    finally:
        reader.dispose()


def _json_rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    tables = db.metadata.tables
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            table = tables[record["table"]]
            yield table.name, {key: _decode(table.c[key], value) for key, value in record["row"].items()}


def _load_rows(conn: sa.Connection, records: Iterator[tuple[str, dict[str, Any]]]) -> int:
    """Insert rows (already in dependency order) in chunks, then move PostgreSQL sequences past them."""
    tables = db.metadata.tables
    count, batch, current = 0, list[dict[str, Any]](), ""
    for name, row in records:
        if (name != current or len(batch) >= CHUNK) and batch:
            conn.execute(tables[current].insert(), batch)
            batch = []
        current = name
        batch.append(row)
        count += 1
    if batch:  # `current` names the table of the rows still batched
        conn.execute(tables[current].insert(), batch)
    if conn.dialect.name == "postgresql":  # last: setval is not undone by a rollback
        for table in tables.values():
            for column in table.primary_key.columns:
                if isinstance(column.type, sa.Integer) and column.autoincrement in (True, "auto"):
                    conn.execute(sa.text(
                        f"SELECT setval(pg_get_serial_sequence(:t, :c), COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"
                    ), {"t": table.name, "c": column.name})
    return count


def _database_has_rows() -> bool:
    try:
        present = set(sa.inspect(db.engine).get_table_names())
        with db.engine.connect() as conn:
            return any(
                conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first()
                for table in db.metadata.sorted_tables if table.name in present
            )
    except sa.exc.DatabaseError:  # a damaged database: only --force replaces it
        db.engine.dispose()
        return True


# ---- create ----------------------------------------------------------------------------------

class _Hashing:
    """A file read through this also feeds a SHA-256 (so the manifest sums what the archive holds)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self.sha, self.size = raw, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha.update(data)
        self.size += len(data)
        return data


def _add(tar: tarfile.TarFile, source: Path, name: str, files: dict[str, dict[str, Any]]) -> None:
    info = tar.gettarinfo(str(source), name)
    info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
    with source.open("rb") as raw:
        reader = _Hashing(raw)
        tar.addfile(info, reader)  # tarfile only calls read()
    files[name] = {"size": reader.size, "sha256": reader.sha.hexdigest()}


def _app_version() -> str:
    try:
        return package_version(APP)
    except PackageNotFoundError:
        return "unknown"


def _write_archive(tar: tarfile.TarFile, work_dir: Path, rows: bool) -> str:
    """Put the database, the uploads and then the manifest into `tar`; return what the database is."""
    engine = db.engine
    uploads = Path(current_app.config["UPLOAD_FOLDER"])
    manifest: dict[str, Any] = {
        "format": FORMAT, "app": APP, "app_version": _app_version(), "dialect": engine.dialect.name,
        "created": clock.now().isoformat(timespec="seconds"),
    }
    files: dict[str, dict[str, Any]] = {}
    if _is_sqlite(engine) and not rows:
        database = work_dir / "database.sqlite"
        _copy_sqlite(_sqlite_path(engine), str(database))
        with sa.create_engine(f"sqlite:///{database}").connect() as conn:
            manifest["revisions"] = _revisions(conn)
        manifest["counts"] = _sqlite_counts(database)
        detail = "SQLite"
    else:
        database = work_dir / "database.jsonl"
        with database.open("w", encoding="utf-8") as out:
            manifest["revisions"], manifest["counts"] = _dump_rows(engine, out)
        detail = f"{sum(manifest['counts'].values())} dòng dữ liệu"
    manifest["database"] = database.name
    _add(tar, database, database.name, files)
    for upload in sorted(p for p in uploads.rglob("*") if p.is_file()) if uploads.is_dir() else []:
        _add(tar, upload, f"uploads/{upload.relative_to(uploads).as_posix()}", files)
    manifest["files"] = files
    (work_dir / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    _add(tar, work_dir / MANIFEST, MANIFEST, {})
    return f"cơ sở dữ liệu ({detail}) và {len(files) - 1} tệp tải lên"


def create_backup(path: Path, rows: bool = False) -> str:
    """Write the archive (see the module's doc); return a one-line summary."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # mkstemp: a new file only its owner can read, on the target's file system (so the rename is atomic)
    handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as raw, tempfile.TemporaryDirectory() as work:
            with tarfile.open(fileobj=raw, mode="w:gz") as tar:
                summary = _write_archive(tar, Path(work), rows)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(partial)
        raise
    return f"Đã sao lưu vào {path}: {summary}."


# ---- verify ----------------------------------------------------------------------------------

@dataclass
class Archive:
    """A verified archive, extracted into `folder`."""

    folder: Path
    manifest: dict[str, Any]
    database: Path
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def revisions(self) -> list[str]:
        return list(self.manifest["revisions"])

    @property
    def uploads(self) -> Path:
        return self.folder / "uploads"


class Damaged(ValidationError):
    """The archive cannot be restored; nothing was touched."""

    def __init__(self, path: Path, reason: str, detail: Any) -> None:
        super().__init__(DAMAGED, path=str(path), reason=reason, detail=str(detail))


def _sha256(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as data:
        while block := data.read(COPY_BLOCK):
            sha.update(block)
    return sha.hexdigest()


def _extract(path: Path, folder: Path) -> list[str]:
    """Extract every member (regular files only) into `folder`; return the files' names."""
    names = []
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:  # reads the whole stream: a cut or flipped archive fails here
                if member.isdir():
                    continue
                if not member.isfile():
                    raise Damaged(path, UNSAFE, member.name)
                names.append(member.name)
                tar.extract(member, folder, filter="data")
    except Damaged:
        raise
    except (OSError, EOFError, zlib.error, tarfile.TarError, ValueError) as exc:
        raise Damaged(path, UNREADABLE, exc) from exc
    return names


def _read_manifest(path: Path, folder: Path, names: list[str]) -> dict[str, Any]:
    if MANIFEST not in names:
        raise Damaged(path, NO_MANIFEST, ", ".join(names[:5]) or "—")
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise Damaged(path, NO_MANIFEST, exc) from exc
    if not isinstance(manifest, dict):
        raise Damaged(path, NO_MANIFEST, type(manifest).__name__)
    if manifest.get("format") not in READABLE:
        raise ValidationError("Bản sao lưu có định dạng %(format)s, phiên bản này đọc định dạng 1 và 2.", format=manifest.get("format"))
    if manifest["format"] >= 2 and manifest.get("app") != APP:
        raise Damaged(path, FOREIGN, manifest.get("app"))
    database, revisions = manifest.get("database"), manifest.get("revisions")
    if database not in DATABASE_FILES or database not in names:
        raise Damaged(path, NO_MANIFEST, f"database = {database}")
    if not isinstance(revisions, list) or not all(isinstance(r, str) for r in revisions):
        raise Damaged(path, NO_MANIFEST, f"revisions = {revisions}")
    return manifest


def _check_files(path: Path, folder: Path, names: list[str], manifest: dict[str, Any]) -> None:
    """Format 2: exactly the files the manifest lists, each with its size and SHA-256."""
    if manifest["format"] < 2:
        return
    listed = manifest.get("files")
    if not isinstance(listed, dict):
        raise Damaged(path, NO_MANIFEST, "files")
    present = set(names) - {MANIFEST}
    odd = sorted(present ^ set(listed))
    if odd:
        name = odd[0]
        raise Damaged(path, MISMATCH, f"{name}: {'không có trong manifest' if name in present else 'thiếu trong bản sao lưu'}")
    for name, expected in listed.items():
        file = folder / name
        if not isinstance(expected, dict) or file.stat().st_size != expected.get("size") or _sha256(file) != expected.get("sha256"):
            raise Damaged(path, MISMATCH, name)


def _check_counts(path: Path, manifest: dict[str, Any], counts: dict[str, int]) -> None:
    expected = manifest.get("counts")
    if manifest["format"] < 2 or expected is None:
        return
    for table in sorted(set(expected) | set(counts)):
        if expected.get(table, 0) != counts.get(table, 0):
            raise Damaged(path, BAD_COUNT, f"{table}: {expected.get(table, 0)} ≠ {counts.get(table, 0)}")


def _check_json_lines(path: Path, source: Path) -> dict[str, int]:
    """Every line parsed and every value decoded against the schema; rows per table."""
    tables = db.metadata.tables
    order = {t.name: i for i, t in enumerate(db.metadata.sorted_tables)}
    counts: dict[str, int] = {}
    last = -1
    with source.open(encoding="utf-8", newline="") as lines:
        for number, line in enumerate(lines, start=1):
            where = f"{source.name}, dòng {number}"
            try:
                if not line.endswith("\n"):
                    raise ValueError("dòng cuối bị cắt")
                record = json.loads(line)
                name, row = record["table"], record["row"]
                if name not in tables:
                    raise ValueError(f"bảng “{name}” mà phiên bản này không biết")
                if order[name] < last:
                    raise ValueError(f"bảng “{name}” không theo thứ tự phụ thuộc")
                last = order[name]
                unknown = set(row) - set(tables[name].c.keys())
                if unknown:
                    raise ValueError(f"bảng “{name}” không có cột {', '.join(sorted(unknown))}")
                for key, value in row.items():
                    _decode(tables[name].c[key], value)
            except (ValueError, KeyError, TypeError, AttributeError) as exc:  # json.JSONDecodeError and binascii.Error are ValueErrors
                raise Damaged(path, BAD_LINE, f"{where}: {exc}") from exc
            counts[name] = counts.get(name, 0) + 1
    return counts


def verify_archive(path: Path, folder: Path) -> Archive:
    """Extract `path` into `folder` and check all of it (see the module's doc), or raise Damaged."""
    names = _extract(path, folder)
    manifest = _read_manifest(path, folder, names)
    _check_files(path, folder, names, manifest)
    extra = [n for n in names if n not in (MANIFEST, manifest["database"]) and not n.startswith("uploads/")]
    if extra:
        raise Damaged(path, FOREIGN, ", ".join(extra[:5]))
    database = folder / manifest["database"]
    if database.suffix == ".sqlite":
        problems = _sqlite_problems(database)
        if problems:
            raise Damaged(path, BAD_SQLITE, problems)
        counts = _sqlite_counts(database)
    else:
        counts = _check_json_lines(path, database)
    _check_counts(path, manifest, counts)
    known = {script.revision for script in _scripts().walk_revisions()}
    unknown = [r for r in manifest["revisions"] if r not in known]
    if unknown or not manifest["revisions"]:
        raise ValidationError("Bản sao lưu được tạo ở phiên bản lược đồ %(backup)s mà phiên bản này không biết.", backup=", ".join(unknown) or "—")
    return Archive(folder, manifest, database, counts)


# ---- restore ---------------------------------------------------------------------------------

def _ensure_not_served() -> None:
    pids = serving_pids(current_app.instance_path)
    if pids:
        raise ValidationError(
            "Ứng dụng đang chạy và dùng cơ sở dữ liệu này (tiến trình %(pids)s). Hãy dừng ứng dụng (gunicorn, flask run) rồi khôi phục lại.",
            pids=", ".join(map(str, pids)),
        )


def restore_backup(path: Path, force: bool = False) -> str:
    """Restore the archive into an empty database (and upload folder); --force replaces what is there."""
    uploads = Path(current_app.config["UPLOAD_FOLDER"])
    with tempfile.TemporaryDirectory() as work:
        archive = verify_archive(path, Path(work))
        _ensure_not_served()
        if not force and (_database_has_rows() or (uploads.is_dir() and any(uploads.iterdir()))):
            raise ValidationError("Cơ sở dữ liệu hoặc thư mục tệp tải lên đang có dữ liệu. Hãy khôi phục vào nơi trống, hoặc dùng --force để thay thế toàn bộ.")
        staged = _stage_uploads(archive, uploads)  # copied before the database changes: a full disk fails here
        try:
            restored = _restore_database(archive)
        except BaseException:
            shutil.rmtree(staged, ignore_errors=True)
            raise
        files = _swap_uploads(staged, uploads)
    return f"Đã khôi phục từ {path}: {restored} và {files} tệp tải lên."


def _stage_uploads(archive: Archive, uploads: Path) -> Path:
    uploads.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{uploads.name}.restore-", dir=uploads.parent))
    if archive.uploads.is_dir():
        shutil.copytree(archive.uploads, staged, dirs_exist_ok=True)
    return staged


def _swap_uploads(staged: Path, uploads: Path) -> int:
    """Put the staged folder where the uploads are (the old folder is removed once it is out of the way)."""
    old = None
    if uploads.exists():
        old = uploads.with_name(f".{uploads.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(uploads, old)
    os.replace(staged, uploads)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return sum(1 for p in uploads.rglob("*") if p.is_file())


def _restore_database(archive: Archive) -> str:
    engine = db.engine
    if archive.database.suffix == ".sqlite" and _is_sqlite(engine):
        _replace_sqlite(archive, Path(_sqlite_path(engine)))
        return "cơ sở dữ liệu SQLite"
    return f"{_replace_rows(archive)} dòng dữ liệu"


def _replace_rows(archive: Archive) -> int:
    """Empty every table and load the archive's rows in one transaction: all of it or nothing."""
    heads = sorted(_scripts().get_heads())
    with db.engine.connect() as conn:
        current = _revisions(conn)
    if archive.revisions != heads or current not in ([], heads):
        raise ValidationError(
            "Bản sao lưu được tạo ở phiên bản lược đồ %(backup)s, cơ sở dữ liệu đang ở %(current)s: hãy khôi phục bằng đúng phiên bản đã sao lưu.",
            backup=", ".join(archive.revisions), current=", ".join(current or heads),
        )
    if not current:
        upgrade(revision="head")  # an empty database gets the schema first
    records = _sqlite_rows(archive.database) if archive.database.suffix == ".sqlite" else _json_rows(archive.database)
    db.session.remove()
    try:
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
            return _load_rows(conn, records)
    except sa.exc.SQLAlchemyError as exc:
        raise ValidationError(
            "Khôi phục dừng khi nạp dữ liệu (%(error)s); cơ sở dữ liệu được giữ nguyên như trước.",
            error=str(getattr(exc, "orig", exc)).splitlines()[0],
        ) from exc


def _hold_exclusively(live: Path) -> sqlite3.Connection | None:
    """An exclusive lock on the live SQLite file (None when it is missing or not a database: nothing to keep)."""
    if not live.exists():
        return None
    conn = sqlite3.connect(str(live), timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN EXCLUSIVE")
    except sqlite3.OperationalError as exc:
        conn.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise ValidationError(
                "Cơ sở dữ liệu SQLite đang được một tiến trình khác dùng (%(error)s). Hãy dừng ứng dụng rồi khôi phục lại.", error=str(exc),
            ) from exc
        return None  # a damaged live file: replacing it is what --force is for
    except sqlite3.DatabaseError:
        conn.close()
        return None
    return conn


def _upgrade_file(path: Path) -> None:
    """Bring a SQLite file of an older schema up to this version's, through an app of its own."""
    from quality_assess import create_app

    other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": current_app.config["SECRET_KEY"]})
    with other.app_context():
        try:
            upgrade(revision="head")
        finally:
            db.engine.dispose()


def _replace_sqlite(archive: Archive, live: Path) -> None:
    """Build the restored database in a temporary file beside the live one, check it, swap it in."""
    db.session.remove()
    db.engine.dispose()
    live.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{live.name}.restore-", suffix=".sqlite", dir=live.parent)
    os.close(handle)
    building = Path(name)
    lock = None
    try:
        _copy_sqlite(str(archive.database), str(building))
        if archive.revisions != sorted(_scripts().get_heads()):
            _upgrade_file(building)
        problems = _sqlite_problems(building)
        if problems:
            raise ValidationError("Cơ sở dữ liệu khôi phục không qua được kiểm tra (%(error)s); cơ sở dữ liệu đang dùng được giữ nguyên.", error=problems)
        lock = _hold_exclusively(live)
        with open(building, "rb") as done:
            os.fsync(done.fileno())
        for leftover in ("-journal", "-wal", "-shm"):  # they belong to the file being replaced
            with suppress(FileNotFoundError):
                os.unlink(f"{live}{leftover}")
        os.replace(building, live)
    finally:
        if lock is not None:
            lock.close()
        with suppress(FileNotFoundError):
            building.unlink()


# ---- pg_dump / pg_restore --------------------------------------------------------------------

def major_version(text: str) -> int | None:
    """'pg_dump (PostgreSQL) 15.18 (Debian …)' → 15; '9.6.24' → 9; '160004' (server_version_num) → 16."""
    if text.strip().isdigit() and len(text.strip()) >= 5:
        return int(text.strip()) // 10000
    match = re.search(r"\b(\d+)(?:\.\d+)+", text) or re.search(r"\b(\d+)\b", text)
    return int(match.group(1)) if match else None


def client_fits(client: int, server: int) -> bool:
    """pg_dump reads servers of its own major version and older (back to 9.2), never a newer one;
    pg_restore reads archives of its own pg_dump version and older."""
    return server <= client and server >= 9


def pg_check() -> str:
    """Whether the installed pg_dump and pg_restore can back up and restore this PostgreSQL server."""
    engine = db.engine
    if engine.dialect.name != "postgresql":
        raise ValidationError("Lệnh này chỉ dùng với PostgreSQL; trên SQLite hãy dùng “backup create”.")
    with engine.connect() as conn:
        server_text = str(conn.execute(sa.text("SHOW server_version")).scalar())
        server = major_version(str(conn.execute(sa.text("SHOW server_version_num")).scalar()))
    assert server is not None
    lines = [f"Máy chủ PostgreSQL {server_text}."]
    for tool in ("pg_dump", "pg_restore"):
        try:
            found = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError) as exc:
            raise ValidationError("Không chạy được %(tool)s (%(error)s): hãy cài gói postgresql-client-%(server)s.", tool=tool, error=str(exc), server=server) from exc
        client = major_version(found)
        if client is None or not client_fits(client, server):
            raise ValidationError(
                "%(found)s không dùng được với máy chủ PostgreSQL %(server)s: cần phiên bản %(server)s trở lên (gói postgresql-client-%(server)s).",
                found=found, server=server,
            )
        lines.append(f"{found}: phù hợp.")
    return "\n".join(lines)


# ---- CLI -------------------------------------------------------------------------------------

def _refusal(exc: ValidationError) -> click.ClickException:
    db.session.rollback()
    return click.ClickException(exc.text())


@click.group("backup")
def backup() -> None:
    """Sao lưu và khôi phục cơ sở dữ liệu cùng các tệp tải lên."""


@backup.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rows", is_flag=True, help="Trên SQLite: lưu từng dòng dữ liệu (để chuyển sang PostgreSQL).")
@with_appcontext
def create_command(path: Path, rows: bool) -> None:
    """Tạo bản sao lưu PATH (.tar.gz, chỉ chủ tệp đọc được)."""
    try:
        click.echo(create_backup(path, rows=rows))
    except ValidationError as exc:
        raise _refusal(exc) from exc


@backup.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Thay thế dữ liệu đang có.")
@with_appcontext
def restore_command(path: Path, force: bool) -> None:
    """Kiểm tra toàn bộ bản sao lưu PATH rồi khôi phục nó vào cơ sở dữ liệu trống."""
    try:
        click.echo(restore_backup(path, force=force))
    except ValidationError as exc:
        raise _refusal(exc) from exc


@backup.command("verify")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def verify_command(path: Path) -> None:
    """Kiểm tra bản sao lưu PATH mà không khôi phục."""
    try:
        with tempfile.TemporaryDirectory() as work:
            archive = verify_archive(path, Path(work))
            files = sum(1 for p in archive.uploads.rglob("*") if p.is_file()) if archive.uploads.is_dir() else 0
    except ValidationError as exc:
        raise _refusal(exc) from exc
    click.echo(f"{path}: bản sao lưu hợp lệ (định dạng {archive.manifest['format']}, {sum(archive.counts.values())} dòng dữ liệu, {files} tệp tải lên).")


@backup.command("pg-check")
@with_appcontext
def pg_check_command() -> None:
    """Kiểm tra pg_dump/pg_restore đã cài có dùng được với máy chủ PostgreSQL không."""
    try:
        click.echo(pg_check())
    except ValidationError as exc:
        raise _refusal(exc) from exc
