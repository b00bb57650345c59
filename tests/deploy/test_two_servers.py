"""Two app servers behind one proxy share everything that matters: nothing is kept in one process.

Two gunicorn instances run on loopback against the test database (SQLite file or PostgreSQL) and one
upload folder, each with its own instance folder (so its own compiled translations) and the same
SECRET_KEY, as a province's servers behind nginx would. One browser (one cookie jar) talks to both.
"""
from __future__ import annotations

import sqlalchemy as sa

from quality_assess.assessments.models import Result
from quality_assess.catalog.models import Criterion
from quality_assess.database import db
from quality_assess.workflow.models import Evidence
from tests.conftest import PASSWORD, fresh
from tests.deploy.servers import Browser, Servers

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def level_of(app, round_id: int, code: str) -> int | None:
    with fresh(app):
        return db.session.scalar(sa.select(Result.level).join(Criterion).where(Result.round_id == round_id, Criterion.code == code))


def test_a_login_on_one_server_saves_and_uploads_on_the_other_and_reads_back_on_the_first(app, make, servers: Servers):
    quality = make.user("quality", full_name="Phạm Thu Hà")
    round_ = make.round(name="Tự đánh giá 2026")
    page = f"/rounds/{round_.id}/criteria/A1.1"
    browser = Browser()

    assert browser.log_in(servers.a, quality.username, PASSWORD).status == 302

    form = browser.get(servers.b, page)  # the session cookie signed on A is good on B
    assert form.status == 200 and "Phạm Thu Hà" in form.text
    saved = browser.post(servers.b, page, form.text, finding="no", met_2="yes", met_3="yes", met_4="no", note="Lưu trên máy chủ B")
    assert saved.status == 302, saved.text
    uploaded = browser.upload(servers.b, f"/workflow/rounds/{round_.id}/results/A1.1/evidence", form.text, "Biên bản họp.pdf", PDF)
    assert uploaded.status == 302, uploaded.text

    assert level_of(app, round_.id, "A1.1") == 3
    on_a = browser.get(servers.a, page)
    assert "Lưu trên máy chủ B" in on_a.text and "Biên bản họp.pdf" in on_a.text
    with fresh(app):
        evidence_id = db.session.scalar(sa.select(Evidence.id))
    download = browser.get(servers.a, f"/workflow/evidence/{evidence_id}")  # the file B stored, served by A
    assert download.status == 200 and download.body == PDF


def test_a_language_chosen_on_one_server_is_spoken_by_the_other(make, servers: Servers):
    quality = make.user("quality")
    browser = Browser()
    browser.log_in(servers.a, quality.username, PASSWORD)
    home = browser.get(servers.b, "/")
    assert '<html lang="vi">' in home.text
    browser.post(servers.b, "/account/preferences", home.text, locale="en", next="/")
    assert '<html lang="en">' in browser.get(servers.a, "/").text  # A compiled its own catalogue from the same .po


def test_logging_out_on_one_server_ends_the_session_on_both(make, servers: Servers):
    quality = make.user("quality")
    browser = Browser()
    browser.log_in(servers.a, quality.username, PASSWORD)
    stolen = browser.cookies()  # a copy of the session cookie, as a shared computer might keep it
    home = browser.get(servers.b, "/")
    assert browser.post(servers.b, "/logout", home.text).status == 302

    copy = Browser(stolen)
    refused = copy.get(servers.a, "/")
    assert refused.status == 302 and "/login" in refused.location


def test_wrong_passwords_on_both_servers_count_together_towards_the_lock(make, servers: Servers):
    nurse = make.user("ksnk")
    guesser = Browser()
    for attempt in range(5):  # the account locks at its fifth failure from one address (auth/throttle.py)
        server = servers.a if attempt % 2 == 0 else servers.b
        refused = guesser.log_in(server, nurse.username, "sai-mat-khau")
        assert refused.status in (401, 429), refused.text

    locked = Browser().log_in(servers.b, nurse.username, PASSWORD)  # even the right password waits now
    assert locked.status == 429
    assert "Đăng nhập tạm thời bị khóa" in locked.text
