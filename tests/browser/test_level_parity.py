"""The live level on the criterion page (static/js/walkthrough.js) and the server's level
(assessments/scoring.py) are two implementations of one rule: here chromium runs the shared cases, and every
possible answer, through the script the page loaded, and each result must equal Python's."""
from __future__ import annotations

from quality_assess.assessments.scoring import level_from_answers, level_from_items
from tests.assessments.level_cases import ANSWER_CASES, ITEM_CASES, every_answer, every_item_list

RUN_ANSWERS = "cases => cases.map(([finding, met]) => window.QA.levelFromAnswers(finding, met))"
RUN_ITEMS = "cases => cases.map(items => window.QA.levelFromItems(items))"


def as_js(met: dict[int, bool | None]) -> dict[str, bool | None]:
    return {str(n): v for n, v in met.items()}


def test_the_pages_javascript_gives_the_level_python_gives(page, live_server):
    round_ = live_server.make.round()
    page.goto(f"/rounds/{round_.id}/criteria/A1.1")  # the page that loads walkthrough.js, under its CSP
    page.wait_for_function("window.QA && typeof window.QA.levelFromItems === 'function'")

    answers = [(finding, met) for finding, met, _ in ANSWER_CASES] + list(every_answer())
    expected = [level for *_, level in ANSWER_CASES] + [level_from_answers(f, m) for f, m in every_answer()]
    assert [level_from_answers(f, m) for f, m in answers] == expected  # the table holds for Python too
    assert page.evaluate(RUN_ANSWERS, [[f, as_js(m)] for f, m in answers]) == expected

    item_lists = [items for _, items, _ in ITEM_CASES] + list(every_item_list())
    expected = [level for *_, level in ITEM_CASES] + [level_from_items(items) for items in every_item_list()]
    assert [level_from_items(items) for items in item_lists] == expected
    assert page.evaluate(RUN_ITEMS, [[list(item) for item in items] for items in item_lists]) == expected

    assert len(answers) + len(item_lists) == 17 + 768 + 13 + 768
    assert page.js_errors == [] and page.csp_errors == []
