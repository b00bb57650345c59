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


# ---------------------------------------------------------------- bands per template, the severe-risk rule

from quality_assess.checklists.scoring import (  # noqa: E402
    BandRange, band_ranges_problem, bands_from_ranges, grade, ranges_from_bands, template_bands,
)

TEMPLATE_BANDS = [{"min": 90, "label": "Tốt"}, {"min": 80, "label": "Đạt"}, {"min": 65, "label": "Cần cải tiến"},
                  {"min": 0, "label": "Không đạt"}]


def test_an_unmet_severe_risk_item_forces_the_lowest_band_whatever_the_score():
    items = [ItemScore(max_points=20, points=20, code="S1"), ItemScore(max_points=10, points=9, severe_risk=True, code="S2"),
             ItemScore(max_points=70, points=70, code="S3")]
    result = audit_score(items)
    assert result.score == 99 and result.severe_failed == ("S2",)
    assert grade(result.score, TEMPLATE_BANDS, result.severe_failed) == "Không đạt"
    met = audit_score([ItemScore(max_points=10, points=10, severe_risk=True, code="S2"), ItemScore(max_points=90, points=85)])
    assert met.severe_failed == () and grade(met.score, TEMPLATE_BANDS, met.severe_failed) == "Tốt"


def test_a_severe_risk_item_not_applicable_or_not_yet_scored_forces_nothing():
    result = audit_score([ItemScore(max_points=10, not_applicable=True, severe_risk=True, code="S2"),
                          ItemScore(max_points=10, points=None, severe_risk=True, code="S3"), ItemScore(max_points=80, points=80)])
    assert result.severe_failed == ()


def test_the_template_bands_win_over_the_hospitals_and_grade_like_band():
    hospital = [{"min": 50, "label": "Đạt"}, {"min": 0, "label": "Chưa đạt"}]
    assert template_bands(None, hospital) == hospital and template_bands(TEMPLATE_BANDS, hospital) == TEMPLATE_BANDS
    assert [grade(s, TEMPLATE_BANDS) for s in (100, 90, 89.9, 80, 79.99, 65, 64.9, 0)] == [
        "Tốt", "Tốt", "Đạt", "Đạt", "Cần cải tiến", "Cần cải tiến", "Không đạt", "Không đạt"]
    assert grade(None, TEMPLATE_BANDS) is None


def test_bands_must_cover_0_to_100_with_no_gap_and_no_overlap():
    good = [BandRange(90, None, "Tốt"), BandRange(80, 90, "Đạt"), BandRange(65, 80, "Cần cải tiến"), BandRange(0, 65, "Không đạt")]
    assert band_ranges_problem(good) is None
    assert bands_from_ranges(good) == TEMPLATE_BANDS
    assert ranges_from_bands(TEMPLATE_BANDS) == good
    assert band_ranges_problem([BandRange(80, None, "Đạt"), BandRange(0, 70, "Không đạt")]) == ("gap", 70, 80)
    assert band_ranges_problem([BandRange(80, None, "Đạt"), BandRange(0, 85, "Không đạt")]) == ("overlap", 80, 85)
    assert band_ranges_problem([BandRange(10, None, "Đạt")]) == ("start", 10, 0)
    assert band_ranges_problem([BandRange(50, 95, "Đạt"), BandRange(0, 50, "Không đạt")]) == ("end", 95, 100)
    assert band_ranges_problem([BandRange(0, 0, "Không")]) == ("empty", 0, 0)
    assert band_ranges_problem([]) == ("start", 0, 0)
