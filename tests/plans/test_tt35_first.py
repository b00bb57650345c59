"""The plan of the year puts the TT 35/2024 basic standards not met ("Không") first, before any level."""
from __future__ import annotations

from quality_assess.assessments.items import ItemAnswer, item_result_select, save_item
from quality_assess.plans.operations import generate_plan
from quality_assess.plans.priorities import Priority, priority_order
from quality_assess.database import db
from tests.conftest import attach, fresh


def test_a_basic_standard_not_met_comes_before_any_level():
    order = priority_order(["V.4.6", "II.7"], [("A1.1", 2), ("A1.2", 1), ("C3.1", 2)])
    assert order == [Priority("basic", "V.4.6", None), Priority("basic", "II.7", None), Priority("criterion", "A1.2", 1),
                     Priority("criterion", "A1.1", 2), Priority("criterion", "C3.1", 2)]
    assert priority_order([], [("A1.1", 2)]) == [Priority("criterion", "A1.1", 2)]


def test_the_plan_page_shows_the_tt35_no_items_first(app, client, auth, make, scored_round):
    office = auth.login("quality")
    qd = scored_round
    tt35 = make.round(name="TT 35 năm 2026", year=qd.year, framework="tt35")
    with fresh(app):
        for code, answer in (("V.4.6", "no"), ("II.7", "no"), ("I.1", "yes")):
            row = db.session.scalar(item_result_select(attach(tt35), code))
            save_item(row, ItemAnswer(answer=answer, note="Chưa có sổ" if code == "V.4.6" else None), user=attach(office))
        plan = generate_plan(attach(qd), include_level_3=False, user=attach(office))
        db.session.commit()
        plan_id = plan.id
    page = client.get(f"/plans/{plan_id}").get_data(as_text=True)
    assert "Trước hết: tiêu chuẩn cơ bản TT 35/2024 chưa đạt" in page
    first = page.index('data-basic="II.7"')
    assert page.index('data-basic="V.4.6"') > first  # in the standards' own order
    assert first < page.index("Tiêu chí cần cải tiến") and "Chưa có sổ" in page
    assert 'data-basic="I.1"' not in page
