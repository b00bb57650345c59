"""The app can be installed on a phone: a manifest linked from every page, icons served by the app, the
service worker at the root, a neutral offline page; every HTML page says whose it is, so the worker keeps
pages for one signed-in session only (static/js/sw.js)."""
from __future__ import annotations

import re
from pathlib import Path

SW = Path(__file__).resolve().parents[2] / "quality_assess" / "static" / "js" / "sw.js"


def test_the_manifest_is_linked_from_the_layout_and_names_icons_the_app_serves(client, auth):
    login_page = client.get("/login").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in login_page
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200 and response.mimetype == "application/manifest+json"
    manifest = response.get_json()
    assert manifest["name"] == "Quản lý chất lượng bệnh viện" and manifest["display"] == "standalone"
    assert manifest["start_url"] == "/xsd/offline" and manifest["scope"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        served = client.get(icon["src"])
        assert served.status_code == 200 and served.mimetype == icon["type"]
        if icon["type"] == "image/png":
            assert served.data[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_service_worker_is_served_from_the_root_as_javascript_and_never_kept_stale(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    # Served from "/", its default scope is the whole app: no Service-Worker-Allowed header is needed.
    assert "Service-Worker-Allowed" not in response.headers


def test_every_file_of_the_app_shell_is_served_to_anyone(client):
    shell = re.search(r"var SHELL_FILES = \[(.*?)\];", SW.read_text(), re.S).group(1)
    urls = re.findall(r'"([^"]+)"', shell)
    assert "/offline" in urls and "/static/js/offline.js" in urls
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_offline_page_shows_nobodys_data(client, auth):
    auth.login("ksnk", full_name="Trần Thị Mai")
    page = client.get("/offline").get_data(as_text=True)
    assert "Không có mạng" in page
    assert "Trần Thị Mai" not in page and "csrf" not in page.lower()


def test_each_session_has_its_own_cache_scope_and_signing_out_ends_it(client, auth, make):
    assert client.get("/login").headers["X-QA-Scope"] == "anon"
    nurse = make.user("ksnk")
    auth.login(user=nurse)
    first = client.get("/xsd/").headers["X-QA-Scope"]
    assert first != "anon" and client.get("/xsd/dashboard").headers["X-QA-Scope"] == first
    assert "X-QA-Scope" not in client.get("/static/css/app.css").headers  # only pages carry it

    auth.logout()
    assert client.get("/login").headers["X-QA-Scope"] == "anon"
    auth.login(user=nurse)  # the same nurse again: a new session generation, a new scope
    again = client.get("/xsd/").headers["X-QA-Scope"]
    assert again not in (first, "anon")

    auth.logout()
    auth.login("ksnk")
    assert client.get("/xsd/").headers["X-QA-Scope"] not in (first, again, "anon")
