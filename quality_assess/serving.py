"""Which processes serve the app: a marker file per serving process in the instance folder.

A process that answers a request (each gunicorn worker, `flask run`) writes `serving/<pid>` in the
instance folder on its first request and removes it when it exits. `backup restore` reads the
markers: a live process among them holds the database, and restoring under it would be undone or
corrupted by its next write. A marker left by a killed process names a dead pid and is ignored.
CLI commands never answer a request, so they leave no marker. Tests (TESTING) write none either.
"""
from __future__ import annotations

import atexit
import os
from contextlib import suppress
from pathlib import Path

from flask import Flask

FOLDER = "serving"


def marker_folder(instance: str | Path) -> Path:
    return Path(instance) / FOLDER


def mark(instance: str | Path, pid: int | None = None) -> Path:
    """Write the marker of `pid` (this process by default) and return its path."""
    folder = marker_folder(instance)
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / str(pid or os.getpid())
    marker.write_text(f"{pid or os.getpid()}\n")
    return marker


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a process of another user: alive
        return True
    return True


def serving_pids(instance: str | Path) -> list[int]:
    """The live processes, other than this one, that have served requests from `instance`."""
    folder = marker_folder(instance)
    if not folder.is_dir():
        return []
    pids = []
    for marker in folder.iterdir():
        if not marker.name.isdigit():
            continue
        pid = int(marker.name)
        if pid == os.getpid():
            continue
        if _alive(pid):
            pids.append(pid)
        else:  # left behind by a killed process
            with suppress(OSError):
                marker.unlink()
    return sorted(pids)


def init_serving_marker(app: Flask) -> None:
    """Write this process's marker on its first request (not under TESTING); remove it at exit."""
    if app.testing:
        return
    written: list[Path] = []

    def first_request() -> None:
        if written and written[0].name == str(os.getpid()):
            return
        written[:] = [mark(app.instance_path)]  # a forked worker writes its own
        atexit.register(_remove, written[0])

    app.before_request(first_request)


def _remove(marker: Path) -> None:
    if marker.name == str(os.getpid()):
        with suppress(OSError):
            marker.unlink()
