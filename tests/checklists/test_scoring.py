"""The score rules alone: plain data in, numbers out."""
from datetime import date

import pytest

from quality_assess.checklists.scoring import (
    ItemScore, audit_score, band, department_period_score, hospital_score, meets_target, needs_finding,
    quarter_months, schedule_status, trend,
)
from quality_assess.org.models import DEFAULT_XSD_BANDS


def test_score_is_points_over_the_applicable_maximum():
    result = audit_score([ItemScore(10, 8), ItemScore(5, 5), ItemScore(5, None, not_applicable=True)])
    assert (result.points, result.applicable_max) == (13, 15)
    assert result.score == pytest.approx(13 / 15 * 100)


def test_not_applicable_items_leave_the_maximum_and_all_na_gives_no_score():
    assert audit_score([ItemScore(4, None, not_applicable=True)]).score is None
    assert audit_score([ItemScore(4, 4), ItemScore(96, 0, not_applicable=True)]).score == 100


def test_unanswered_items_count_in_the_maximum_of_a_draft():
    result = audit_score([ItemScore(10, 10), ItemScore(10, None)])
    assert result.score == 50 and result.unanswered == 1


def test_an_unmet_critical_item_is_flagged_whatever_the_total():
    result = audit_score([ItemScore(95, 95), ItemScore(5, 4, critical=True), ItemScore(5, 5, critical=True),
                          ItemScore(5, None, not_applicable=True, critical=True)])
    assert result.critical_failed == 1
    assert result.score > 90


@pytest.mark.parametrize("score, label", [(100, "Đạt tốt"), (90, "Đạt tốt"), (89.99, "Đạt"), (80, "Đạt"),
                                          (79.5, "Cần cải tiến"), (65, "Cần cải tiến"), (64.9, "Không đạt"), (0, "Không đạt")])
def test_bands_come_from_the_hospital_setting(score, label):
    assert band(score, DEFAULT_XSD_BANDS) == label


def test_bands_and_target_are_settings_not_constants():
    custom = [{"min": 0, "label": "Kém"}, {"min": 95, "label": "Xuất sắc"}]
    assert band(96, custom) == "Xuất sắc" and band(94, custom) == "Kém" and band(None, custom) is None
    assert meets_target(85, 85) is True and meets_target(84.9, 85) is False and meets_target(None, 85) is None
    assert meets_target(88, 90) is False


def test_hospital_score_is_the_mean_of_department_scores():
    assert hospital_score([90, 80, None, 70]) == 80
    assert hospital_score([]) is None
    assert department_period_score([90, None, 80]) == 85


def test_quarters_and_trend():
    assert quarter_months(2) == (4, 5, 6)
    with pytest.raises(ValueError):
        quarter_months(5)
    assert trend([80, None, 85.5]) == 5.5 and trend([None, 80]) is None


def test_a_department_is_due_every_month():
    today = date(2026, 11, 23)
    assert schedule_status(date(2026, 11, 2), today) == "done"
    assert schedule_status(date(2026, 10, 30), today) == "due"
    assert schedule_status(date(2026, 9, 30), today) == "overdue"
    assert schedule_status(None, today) == "overdue"


def test_a_score_below_maximum_needs_a_finding():
    assert needs_finding(3, 5, False, "  ")
    assert not needs_finding(3, 5, False, "Thùng rác đầy")
    assert not needs_finding(5, 5, False, "") and not needs_finding(None, 5, True, "")
