"""Real-browser tests: the app served on 127.0.0.1 by a background thread, driven by Debian's chromium.

Fixtures to reuse: `live_server` (its `.url`, `.app`, and `.make` builders on the live database),
`live_url`, `login_as(role, viewport=None)` → a logged-in Playwright page, `page` (logged in as the
quality office), `PHONE` (a phone-sized viewport). A browser is never downloaded: without
/usr/bin/chromium the tests skip, unless QA_REQUIRE_BROWSER=1 (CI) turns that into a failure.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.builders import Builders, running
from tests.conftest import PASSWORD, make_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _unavailable(reason: str) -> None:
    if os.environ.get("QA_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests are required here (QA_REQUIRE_BROWSER=1): {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class LiveServer:
    app: Flask
    url: str
    make: Builders


@pytest.fixture
def live_server(tmp_path, template_db) -> Iterator[LiveServer]:
    """The app on a fresh database, with CSRF on as in production, served until the test ends.

    `live_server.make` builds rows the browser then sees; read what the browser saved with
    `fresh(live_server.app)` or `reload(live_server.app, row)` (tests.conftest).
    """
    app = make_app(tmp_path, template_db, WTF_CSRF_ENABLED=True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    with running(app):
        yield LiveServer(app, f"http://127.0.0.1:{server.server_port}", Builders(app, PASSWORD))
    server.shutdown()
    thread.join()
    with app.app_context():
        from quality_assess.database import db

        db.engine.dispose()


@pytest.fixture
def live_url(live_server) -> str:
    return live_server.url


@pytest.fixture
def login_as(browser, live_server) -> Iterator[Callable[..., Any]]:
    """login_as("ksnk", viewport=PHONE) → a page of a new user of that role, on the home page.

    Every page also records Content-Security-Policy violations in `page.csp_errors`, and every console
    error or uncaught exception (CSP violations included) in `page.js_errors`.
    """
    contexts = []

    def login(role: str = "quality", viewport: dict[str, int] | None = None, user=None, **fields: Any):
        user = user or live_server.make.user(role, **fields)
        context = browser.new_context(locale="vi-VN", viewport=viewport or {"width": 1280, "height": 800}, base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        page.csp_errors, page.js_errors = [], []
        page.on("console", lambda m: "Content Security Policy" in m.text and page.csp_errors.append(m.text))
        page.on("console", lambda m: m.type == "error" and page.js_errors.append(f"{page.url}: {m.text}"))
        page.on("pageerror", lambda exc: page.js_errors.append(f"{page.url}: {exc}"))
        page.goto("/login")
        page.get_by_label("Tên đăng nhập").fill(user.username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server.url}/**")
        page.user = user
        return page

    yield login
    for context in contexts:
        context.close()


@pytest.fixture
def page(login_as):
    return login_as("quality")


@pytest.fixture
def screenshot(tmp_path) -> Callable[[Any, str], Path]:
    """screenshot(page, "home") saves home.png: the viewport, or the whole page with full_page=True.

    Into the test's tmp_path, so a test run never rewrites the repository; with QA_UPDATE_SCREENSHOTS=1
    into docs/screenshots/ (committed with the code), to refresh the pictures of the documentation."""
    folder = DOCS_SCREENSHOTS if os.environ.get("QA_UPDATE_SCREENSHOTS") == "1" else tmp_path / "screenshots"

    def save(page, name: str, full_page: bool = False) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return save
