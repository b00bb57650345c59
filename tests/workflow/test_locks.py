"""A lock is a signature too: once a round is locked, nothing of it changes, whichever door is tried.

Every write that touches a round (answers and their notes, reviews, evidence, assignments, the
default mapping, a workbook import, the round's status) is tried on a locked round through the web
and the API: each is refused saying the round is locked, and the trail gains no row.
"""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from quality_assess.assessments.operations import set_round_status
from quality_assess.history.models import ChangeLog
from quality_assess.workflow.evidence import add_evidence
from quality_assess.workflow.models import Evidence
from tests.conftest import count_rows, scalar, scalars, step
from tests.reports.test_workbook import edited, export, row_of, upload
from tests.workflow.conftest import PDF, answer

set_round_status, add_evidence = step(set_round_status), step(add_evidence)


@pytest.fixture
def locked(team):
    """The team's round with A1.1 answered and an evidence file, then submitted and locked."""
    answer(team.result(), team.assessor)
    evidence = add_evidence(team.result(), io.BytesIO(PDF), "biên bản.pdf", user=team.assessor)
    set_round_status(team.round, "submitted", user=team.quality, override_reason="Khóa để thử")
    set_round_status(team.round, "locked", user=team.quality)
    team.evidence_id = evidence.id
    return team


WEB_WRITES = {
    "answer and note": ("/rounds/{r}/criteria/A1.1", lambda t: {"finding": "yes", "note": "Ghi chú mới", "version": str(t.result().version)}),
    "review": ("/workflow/rounds/{r}/results/A1.1/review", lambda t: {"action": "return", "comment": "Xem lại"}),
    "evidence upload": ("/workflow/rounds/{r}/results/A1.1/evidence", lambda t: {"file": (io.BytesIO(PDF), "thêm.pdf")}),
    "evidence delete": ("/workflow/evidence/{e}/delete", lambda t: {}),
    "assignment": ("/workflow/rounds/{r}/assignments", lambda t: {"target": "A1.2", "version": "0"}),
    "default mapping": ("/workflow/rounds/{r}/assignments/default", lambda t: {}),
    "round back to draft": ("/rounds/{r}/status/draft", lambda t: {}),
}


@pytest.mark.parametrize("write", list(WEB_WRITES))
def test_a_locked_round_refuses_every_write_on_the_web(app, locked, client, auth, write):
    path, data = WEB_WRITES[write]
    before = count_rows(app, ChangeLog)
    auth.login(user=locked.quality)
    response = client.post(path.format(r=locked.round.id, e=locked.evidence_id), data=data(locked), follow_redirects=True)
    assert "đã khóa" in response.get_data(as_text=True)
    assert count_rows(app, ChangeLog) == before and count_rows(app, Evidence) == 1
    assert locked.result().review_status == "draft" and locked.result().note == ""


@pytest.mark.parametrize(("method", "suffix", "body"), [
    ("put", "", {"level1_finding": True, "note": "Ghi chú mới"}),
    ("post", "/review", {"action": "submit"}),
])
def test_a_locked_round_refuses_every_write_in_the_api(app, locked, api, method, suffix, body):
    before = count_rows(app, ChangeLog)
    response = getattr(api(locked.quality), method)(f"/api/v1/rounds/{locked.round.id}/results/A1.1{suffix}", json=body)
    assert response.status_code == 409 and "đã khóa" in response.get_json()["error"]
    assert count_rows(app, ChangeLog) == before and locked.result().level == 3


def test_a_workbook_previewed_before_the_lock_is_refused_at_confirmation(app, team, client, auth):
    auth.login(user=team.quality)
    data = export(client, team.round)
    data = edited(data, "Tiêu chí", {f"L{row_of(data, 'A1.2')}": 4})
    assert "Xem trước các thay đổi" in upload(client, team.round, data).get_data(as_text=True)
    set_round_status(team.round, "submitted", user=team.quality, override_reason="Khóa để thử")
    set_round_status(team.round, "locked", user=team.quality)
    before = count_rows(app, ChangeLog)

    response = client.post(f"/reports/rounds/{team.round.id}/import/confirm", follow_redirects=True)
    assert "đã khóa" in response.get_data(as_text=True)
    assert count_rows(app, ChangeLog) == before and team.result("A1.2").level is None


def test_the_lock_is_recorded_with_who_locked(app, locked):
    logged = scalar(app, sa.select(ChangeLog).where(ChangeLog.entity == "round", ChangeLog.field == "status").order_by(ChangeLog.id.desc()))
    assert (logged.old, logged.new, logged.user_id) == ("submitted", "locked", locked.quality.id)
    assert scalars(app, sa.select(Evidence.original_name)) == ["biên bản.pdf"]
