"""The overview of the 83 criteria and the result block of a round."""
from __future__ import annotations

import re

import sqlalchemy as sa

from quality_assess.catalog.models import Criterion
from quality_assess.database import db
from tests.conftest import reload, step


@step
def all_codes() -> list[str]:
    return list(db.session.scalars(sa.select(Criterion.code).order_by(Criterion.position)))


def rows(page: str) -> list[str]:
    return re.findall(r'data-code="([^"]+)"', page)


def test_overview_lists_all_83_in_order_with_levels_and_progress(client, auth, make, score):
    auth.login("quality")
    round_ = make.round()
    score(round_, {"A1.1": 3, "A1.2": 1, "C3.1": 5})
    page = client.get(f"/rounds/{round_.id}").get_data(as_text=True)
    assert rows(page) == all_codes() and len(rows(page)) == 83
    assert "3/83" in page                                   # answered / applicable overall
    assert "2/19" in page and "1/35" in page                # per part A and C
    assert '<span class="level level-1">Mức 1</span>' in page and '<span class="level level-5">Mức 5</span>' in page
    assert f'href="/rounds/{round_.id}/result"' in page


def test_overview_filters(client, auth, make, score):
    hospital = make.hospital(has_paediatrics=False)
    auth.login("quality", hospital=hospital)
    round_ = make.round(hospital=hospital)
    score(round_, {"A1.1": 3, "B2.1": 3, "C5.1": 2})
    get = lambda q: rows(client.get(f"/rounds/{round_.id}?{q}").get_data(as_text=True))  # noqa: E731
    assert get("level=3") == ["A1.1", "B2.1"]
    assert get("level=3&part=B") == ["B2.1"]
    assert get("chapter=C5") == ["C5.1", "C5.2", "C5.3", "C5.4", "C5.5"]
    assert get("level=na") == ["E2.1"]
    unanswered = get("level=unanswered")
    assert len(unanswered) == 83 - 3 - 1 and "A1.1" not in unanswered and "E2.1" not in unanswered
    assert "3/82" in client.get(f"/rounds/{round_.id}").get_data(as_text=True)


def test_result_page_shows_the_vietnamese_result_block(client, auth, make, score):
    auth.login("director")
    round_ = make.round()
    levels = {code: 4 if code.startswith(("C3.", "C5.")) else 3 for code in all_codes()}
    levels.update({"A1.1": 2, "A1.2": 4})  # keep the sums: one at Mức 2 balanced by one at Mức 4
    score(round_, levels)
    page = client.get(f"/rounds/{round_.id}/result").get_data(as_text=True)
    # 74 criteria at 3, A1.2 at 4, A1.1 at 2 (coefficient 1) and the 7 of C3/C5 at 4 with coefficient 2:
    # total 74×3 + 4 + 2 + 7×4 = 256; with coefficients 222 + 6 + 56 = 284; mean 284 / 90 = 3,1555… → 3,16
    assert "83/83 (100%)" in page
    assert 'data-field="total">256<' in page and 'data-field="total_weighted">284<' in page
    assert "<strong>3,16</strong>" in page
    assert re.search(r'data-level="3">.*?89,2%', page, re.S)   # 74/83
    assert re.search(r'data-level="4">.*?9,6%', page, re.S)    # 8/83
    low = page.split("Các tiêu chí ở Mức 1 và Mức 2")[1]
    assert "A1.1" in low and "A1.2" not in low
    assert "C3" in page and "4,00" in page                      # chapter means (C3 at 4,00)


def test_locked_round_shows_the_snapshot(client, auth, make, score):
    from quality_assess.assessments.operations import set_round_status

    set_round_status = step(set_round_status)
    manager = auth.login("quality")
    round_ = make.round()
    score(round_, {"A1.1": 5})
    set_round_status(round_, "submitted", user=manager, override_reason="Thử nghiệm: nộp khi chưa duyệt đủ")
    set_round_status(round_, "locked", user=manager)
    page = client.get(f"/rounds/{round_.id}/result").get_data(as_text=True)
    assert "Đợt đánh giá đã khóa" in page and "<strong>5,00</strong>" in page


def test_manager_submits_with_override_reason_and_locks(app, client, auth, make):
    auth.login("quality")
    round_ = make.round()
    page = client.get(f"/rounds/{round_.id}").get_data(as_text=True)
    assert "Nộp đợt đánh giá" in page and 'name="override_reason"' in page
    client.post(f"/rounds/{round_.id}/status/submitted", data={"override_reason": "Hạn nộp của Sở"})
    round_ = reload(app, round_)
    assert (round_.status, round_.submit_override_reason) == ("submitted", "Hạn nộp của Sở")
    assert "Hạn nộp của Sở" in client.get(f"/rounds/{round_.id}").get_data(as_text=True)
    assert "Khóa đợt đánh giá" in client.get(f"/rounds/{round_.id}").get_data(as_text=True)
    client.post(f"/rounds/{round_.id}/status/locked")
    round_ = reload(app, round_)
    assert round_.locked and round_.snapshot["criteria"] == 83


def test_overview_and_result_use_a_few_queries(app, client, auth, make, score):
    from sqlalchemy import event

    auth.login("quality")
    round_ = make.round()
    score(round_, {code: 3 for code in all_codes()[:40]})
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731  (conn, cursor, statement, …)
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", listener)
    try:
        for url in (f"/rounds/{round_.id}", f"/rounds/{round_.id}/result"):
            statements.clear()
            assert client.get(url).status_code == 200
            assert len(statements) <= 10, (url, statements)   # not one query per criterion
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def test_the_published_2017_result_is_reproduced_through_the_pages(client, auth, make, score):
    """criteria-83.md: 0/1/34/45/3 at levels 1–5, total 299, with coefficients 324, mean 3,60."""
    auth.login("quality")
    round_ = make.round()
    weighted = [c for c in all_codes() if c.startswith(("C3.", "C5."))]
    others = [c for c in all_codes() if c not in weighted]
    levels = dict(zip(weighted, [3, 3, 3, 4, 4, 4, 4]))               # the 7 of C3/C5 sum to 25
    levels.update(zip(others, [2] + [3] * 31 + [4] * 41 + [5] * 3))
    score(round_, levels)
    page = client.get(f"/rounds/{round_.id}/result").get_data(as_text=True)
    assert 'data-field="total">299<' in page and 'data-field="total_weighted">324<' in page
    assert "<strong>3,60</strong>" in page
    assert re.search(r'data-level="2">.*?<td class="num">1</td><td class="num">1,2%', page, re.S)
    assert re.search(r'data-level="4">.*?<td class="num">45</td><td class="num">54,2%', page, re.S)
