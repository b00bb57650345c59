"""Real app servers for the deployment tests: gunicorn processes on loopback, and a tiny browser.

The browser is urllib with one cookie jar (cookies belong to a host, not a port, so both servers get
the same cookies, as behind one reverse proxy). It never follows redirects, so a test sees each 302.
"""
from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STARTUP_LIMIT = 90  # seconds a server may take to answer its first request on a loaded machine


@dataclass
class Response:
    status: int
    body: bytes
    location: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001
        return None


def hidden_fields(html: str) -> dict[str, str]:
    """The first value of each hidden input on the page (the CSRF token, a form's version)."""
    fields: dict[str, str] = {}
    for tag in re.findall(r"<input\b[^>]*>", html):
        if 'type="hidden"' not in tag:
            continue
        name, value = re.search(r'name="([^"]*)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and name.group(1) not in fields:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


class Browser:
    def __init__(self, cookies: list[http.cookiejar.Cookie] | None = None) -> None:
        self.jar = http.cookiejar.CookieJar()
        for cookie in cookies or []:
            self.jar.set_cookie(cookie)
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def cookies(self) -> list[http.cookiejar.Cookie]:
        return list(self.jar)

    def _open(self, request: urllib.request.Request) -> Response:
        try:
            with self.opener.open(request, timeout=60) as answer:
                return Response(answer.status, answer.read(), answer.headers.get("Location", ""))
        except urllib.error.HTTPError as refused:
            return Response(refused.code, refused.read(), refused.headers.get("Location", ""))

    def get(self, server: str, path: str) -> Response:
        return self._open(urllib.request.Request(server + path))

    def post(self, server: str, path: str, page: str, **fields: str) -> Response:
        """Submit a form as the page `page` (whose hidden fields, the CSRF token among them, go along) would."""
        data = urllib.parse.urlencode({**hidden_fields(page), **fields}).encode()
        return self._open(urllib.request.Request(server + path, data=data, method="POST"))

    def upload(self, server: str, path: str, page: str, filename: str, content: bytes) -> Response:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            for name, value in {"csrf_token": hidden_fields(page)["csrf_token"]}.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(server + path, data=body, method="POST",
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        return self._open(request)

    def log_in(self, server: str, username: str, password: str) -> Response:
        page = self.get(server, "/login")
        return self.post(server, "/login", page.text, username=username, password=password)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Servers:
    """Two gunicorn instances of the app (`a` and `b`: their base URLs) sharing a database and an upload folder."""

    def __init__(self, database_url: str, folder: Path) -> None:
        self.folder = folder
        uploads = folder / "shared-uploads"
        uploads.mkdir()
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "UPLOAD_FOLDER": str(uploads),
            "SECRET_KEY": uuid.uuid4().hex,  # the same key on every server: sessions signed on one hold on the other
        }
        self.processes: list[subprocess.Popen[bytes]] = []
        self.a, self.b = self._start("a"), self._start("b")

    def _start(self, name: str) -> str:
        instance = self.folder / f"instance-{name}"  # translations compile here: nothing shared by accident
        port = _free_port()
        log = (self.folder / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
            cwd=ROOT, env={**self.env, "INSTANCE_PATH": str(instance)}, stdout=log, stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        url = f"http://127.0.0.1:{port}"
        self._wait_until_serving(process, url, name)
        return url

    def _wait_until_serving(self, process: subprocess.Popen[bytes], url: str, name: str) -> None:
        deadline = time.monotonic() + STARTUP_LIMIT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"server {name} exited:\n{(self.folder / f'{name}.log').read_text()}")
            try:
                with urllib.request.urlopen(url + "/login", timeout=30):
                    return
            except OSError:  # not listening yet, or listening while its workers boot (a timeout on a loaded machine)
                time.sleep(0.1)  # polling for readiness; nothing is measured
        raise RuntimeError(f"server {name} did not answer within {STARTUP_LIMIT} s")

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
