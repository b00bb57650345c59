"""Throughput over real HTTP: gunicorn serving the app or the bare endpoint, N concurrent clients on loopback.

Request loops are bounded in count and time and stop by themselves.
"""
from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and of its children (gunicorn's workers), from /proc."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
            pending += [int(c) for c in Path(f"/proc/{current}/task/{current}/children").read_text().split()]
        except FileNotFoundError:
            continue
    return total


def server_cpu_ms(pid: int, port: int, path: str, *, cookie: str = "", requests: int = 300) -> float:
    """CPU milliseconds the server spends per request of `path`, one client at a time: what the request
    costs the server, whatever the load generator and the rest of the machine are doing."""
    headers = {"Cookie": cookie} if cookie else {}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get() -> None:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{response.status} {path}")

    for _ in range(5):
        get()
    before = _cpu_seconds(pid)
    for _ in range(requests):
        get()
    conn.close()
    return (_cpu_seconds(pid) - before) * 1000 / requests


@contextmanager
def gunicorn(target: str, env: dict[str, str], workers: int = 2, with_pid: bool = False):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning", target],
        cwd=ROOT, env={**os.environ, **env},
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.1)  # waiting for the server to listen, not timing anything
        else:
            raise RuntimeError("gunicorn did not start")
        yield (port, process.pid) if with_pid else port
    finally:
        process.terminate()
        process.wait(timeout=10)


def login_cookie(port: int, username: str, password: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/login")
    response = conn.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(r'name="csrf_token" value="([^"]+)"', page)
    body = urlencode({"csrf_token": token.group(1), "username": username, "password": password})
    conn.request("POST", "/login", body=body, headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    response = conn.getresponse()
    response.read()
    if response.status != 302:
        raise RuntimeError(f"login failed: {response.status}")
    return response.getheader("Set-Cookie", cookie).split(";")[0]


def throughput(port: int, path: str, *, clients: int = 20, seconds: float = 10, max_requests_per_client: int = 5000, cookie: str = "") -> float:
    """Requests per second with `clients` concurrent keep-alive connections over `seconds` (bounded in
    count too), after two untimed requests per client so every worker has loaded its templates."""
    done = [0] * clients
    errors: list[str] = []
    headers = {"Cookie": cookie} if cookie else {}
    window: dict[str, float] = {}

    def start_clock() -> None:  # runs once, before any thread passes the barrier
        window["start"] = time.perf_counter()
        window["end"] = window["start"] + seconds

    ready = threading.Barrier(clients + 1, action=start_clock)

    def get(conn: http.client.HTTPConnection) -> bool:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            errors.append(f"{response.status} {path}")
        return response.status == 200

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        warm = get(conn) and get(conn)
        ready.wait()
        while warm and done[i] < max_requests_per_client and time.perf_counter() < window["end"]:
            if not get(conn):
                break
            done[i] += 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    ready.wait(timeout=120)
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - window["start"]
    if errors:
        raise RuntimeError(f"errors under load: {errors[:3]}")
    return sum(done) / elapsed
