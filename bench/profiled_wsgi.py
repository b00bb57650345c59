"""The app under gunicorn with cProfile around every request, to profile the server itself.

    PROFILE_OUT=/tmp/server.prof gunicorn -w 1 bench.profiled_wsgi:app

Each worker writes its profile when it exits (gunicorn's worker_exit would do too; atexit needs no config).
"""
from __future__ import annotations

import atexit
import cProfile
import os

from wsgi import app as flask_app

profile = cProfile.Profile()


def app(environ, start_response):  # noqa: ANN001, ANN201 (WSGI)
    profile.enable()
    try:
        return list(flask_app(environ, start_response))  # the body is produced inside the profile
    finally:
        profile.disable()


@atexit.register
def _dump() -> None:
    profile.dump_stats(f"{os.environ.get('PROFILE_OUT', '/tmp/server.prof')}.{os.getpid()}")
