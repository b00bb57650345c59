"""The pure workflow rules, without an app: review transitions, file kinds, file names."""
from __future__ import annotations

from datetime import date

import pytest

from quality_assess.workflow import rules
from tests.workflow.conftest import PDF, PNG, ooxml


@pytest.mark.parametrize(("action", "status", "target"), [
    ("submit", "draft", "submitted"), ("submit", "returned", "submitted"),
    ("approve", "submitted", "approved"), ("return", "submitted", "returned"), ("return", "approved", "returned"),
])
def test_allowed_transitions(action, status, target):
    assert rules.review_refusal(action, status, may_answer=True, may_review=True, answered=True, comment="Bổ sung") is None
    assert rules.next_status(action) == target


@pytest.mark.parametrize(("action", "status"), [("submit", "submitted"), ("submit", "approved"), ("approve", "draft"), ("approve", "approved"), ("return", "draft")])
def test_refused_transitions_name_the_state_in_vietnamese(action, status):
    refusal = rules.review_refusal(action, status, may_answer=True, may_review=True, answered=True, comment="x")
    assert refusal is not None and not refusal.forbidden and refusal.params["status"] == rules.STATUS_LABELS[status]


def test_rights_come_before_state():
    refusal = rules.review_refusal("approve", "draft", may_answer=True, may_review=False, answered=True, comment="")
    assert refusal.forbidden


@pytest.mark.parametrize(("action", "refused"), [("approve", True), ("return", False)])
def test_four_eyes_bar_only_the_approval_of_ones_own_answer(action, refused):
    refusal = rules.review_refusal(action, "submitted", may_answer=True, may_review=True, answered=True, comment="Bổ sung", saved_it=True)
    assert (refusal is not None) == refused
    if refused:
        assert refusal.forbidden and refusal.message == rules.FOUR_EYES_REFUSAL


@pytest.mark.parametrize(("name", "data", "ok"), [
    ("a.pdf", PDF, True), ("a.PDF", PDF, True), ("a.png", PNG, True), ("a.pdf", PNG, False),
    ("a.docx", ooxml("word"), True), ("a.docx", ooxml("xl"), False), ("a.pptx", ooxml("ppt"), True), ("a.svg", b"<svg/>", False),
])
def test_file_kind_follows_content_and_extension(name, data, ok):
    if ok:
        assert rules.file_mimetype(name, data)
    else:
        with pytest.raises(rules.FileRefused):
            rules.file_mimetype(name, data)


@pytest.mark.parametrize(("raw", "clean"), [
    ("../../etc/passwd", "passwd"), ("C:\\Users\\x\\báo cáo.pdf", "báo cáo.pdf"), ("..", "tep"), ("", "tep"), (None, "tep"),
    ("a\x00b<>.pdf", "ab.pdf"), ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
])
def test_clean_filename(raw, clean):
    assert rules.clean_filename(raw) == clean


@pytest.mark.parametrize(("due", "status", "not_applicable", "overdue"), [
    (date(2026, 11, 30), "draft", False, True),
    (date(2026, 11, 30), "returned", False, True),      # sent back: the assessor's again
    (date(2026, 12, 1), "draft", False, False),         # due today is not late yet
    (date(2026, 11, 30), "submitted", False, False),    # waiting for the reviewer, not the assessor
    (date(2026, 11, 30), "approved", False, False),
    (date(2026, 11, 30), "draft", True, False),         # not applicable: nothing to do
    (None, "draft", False, False),
])
def test_an_assignment_is_overdue_once_its_day_has_passed_while_the_assessor_still_owes_it(due, status, not_applicable, overdue):
    assert rules.is_overdue(due, date(2026, 12, 1), status, not_applicable) is overdue
