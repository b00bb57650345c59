"""No N+1: the number of SQL statements of a page does not grow with the criteria answered, the
sub-items loaded or the departments audited. Each test measures a page on a small data set, grows
the data in the same test, and measures again."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from quality_assess import clock
from quality_assess.assessments.models import Result
from quality_assess.assessments.operations import Answer, save_result
from quality_assess.catalog.models import Criterion
from quality_assess.database import db
from tests.conftest import attach, fresh, step

save_result = step(save_result)  # a step: runs in its own fresh session

LARGE_SHAPE = (6, 8, 6, 5, 4)   # 29 SYNTHETIC items per criterion instead of 11


@step
def codes(n: int, skip: int = 0) -> list[str]:
    return list(db.session.scalars(sa.select(Criterion.code).order_by(Criterion.position).offset(skip).limit(n)))


@step
def answer_by_items(round_id: int, criterion_codes: list[str]) -> None:
    """Answer every sub-item of these criteria (level 1: no finding; upper levels: met)."""
    results = db.session.scalars(
        sa.select(Result).join(Criterion, Result.criterion_id == Criterion.id)
        .where(Result.round_id == round_id, Criterion.code.in_(criterion_codes))
    ).all()
    for result in results:
        items = {s.code: "absent" if s.level == 1 else "met" for s in result.criterion.sub_items}
        save_result(result, Answer(items=items), user=None)
    db.session.commit()


def grow(make, round_id: int) -> None:
    """From a few answered criteria to thirty, with larger sub-item lists."""
    more = codes(30, skip=2)
    make.sub_items(*more, shape=LARGE_SHAPE)
    answer_by_items(round_id, more)


def test_walk_through_pages_send_as_many_statements_with_thirty_criteria_answered_as_with_two(auth, make, statements):
    auth.login("quality")
    round_id = make.round().id
    first_two = codes(2)
    make.sub_items(*first_two)
    answer_by_items(round_id, first_two)
    pages = [f"/rounds/{round_id}", f"/rounds/{round_id}/result", f"/reports/rounds/{round_id}",
             f"/rounds/{round_id}/criteria/{first_two[0]}", f"/reports/rounds/{round_id}/export.xlsx"]
    small = {page: statements.get(page) for page in pages}

    grow(make, round_id)
    large = {page: statements.get(page) for page in pages}

    assert large == small


def test_the_criterion_page_sends_as_many_statements_for_29_sub_items_as_for_11(auth, make, statements):
    auth.login("quality")
    round_id = make.round().id
    small_code, large_code = codes(2)
    make.sub_items(small_code)
    make.sub_items(large_code, shape=LARGE_SHAPE)
    answer_by_items(round_id, [small_code, large_code])

    assert statements.get(f"/rounds/{round_id}/criteria/{large_code}") == statements.get(f"/rounds/{round_id}/criteria/{small_code}")


def test_saving_a_criterion_sends_as_many_statements_for_29_sub_items_as_for_11(app, auth, make, statements):
    """Both saves change one sub-item. (The audit trail adds one row per changed field, which on SQLite
    is one INSERT each: the count grows with what changed, never with what is loaded.)"""
    auth.login("quality")
    round_id = make.round().id
    small_code, large_code = codes(2)
    make.sub_items(small_code)
    make.sub_items(large_code, shape=LARGE_SHAPE)
    answer_by_items(round_id, [small_code, large_code])

    def save_one_item(code: str, value: str) -> int:
        with fresh(app) as session:
            result = session.scalar(sa.select(Result).join(Criterion).where(Result.round_id == round_id, Criterion.code == code))
            form = {f"item-{a.sub_item.code}": a.value for a in result.item_answers}
            first_level_2 = min((s for s in result.criterion.sub_items if s.level == 2), key=lambda s: s.position)
        form[f"item-{first_level_2.code}"] = value
        return statements.request("POST", f"/rounds/{round_id}/criteria/{code}", data={**form, "version": str(result.version)})

    save_one_item(small_code, "unmet")   # the first save after logging in also reloads the user: not measured
    assert save_one_item(large_code, "unmet") == save_one_item(small_code, "met")


def test_the_xsd_dashboard_sends_as_many_statements_for_eight_departments_as_for_two(auth, make, audit_of, statements):
    hospital = make.default_hospital()
    auth.login("ksnk_lead", hospital=hospital)
    year = clock.today().year - 1
    departments = [make.department(hospital=hospital) for _ in range(8)]
    first_item = audit_of.template.items[0].code
    for department in departments[:2]:
        audit_of(department, date(year, 1, 10), lost={first_item: 1})
    small = statements.get(f"/xsd/dashboard?year={year}")

    for department in departments:
        for month in (2, 3):
            audit_of(department, date(year, month, 10), lost={first_item: 1})
    large = statements.get(f"/xsd/dashboard?year={year}")

    assert large == small


def test_the_plan_pages_and_the_round_report_send_as_many_statements_for_eight_entries_as_for_two(app, auth, make, statements):
    """The round's report shows each low criterion's plan progress: read for all entries at once."""
    from quality_assess.plans.operations import ActionFields, add_action, generate_plan

    office = auth.login("quality")
    department = make.department("Phòng Quản lý chất lượng")
    round_ = make.round()
    make.sub_items("A1.1")

    def plan_with(criterion_codes: list[str]):
        with fresh(app) as session:
            results = {r.criterion.code: r for r in session.scalars(sa.select(Result).where(Result.round_id == round_.id))}
            for code in criterion_codes:
                if code == "A1.1":
                    items = {s.code: "absent" if s.level == 1 else "unmet" for s in results[code].criterion.sub_items}
                    save_result(results[code], Answer(items=items), user=attach(office))
                else:
                    save_result(results[code], Answer(finding=False, met={2: True, 3: False}), user=attach(office))
            plan = generate_plan(attach(round_), include_level_3=False, user=attach(office))
            for entry in plan.entries:
                while len(entry.actions) < 3:
                    add_action(entry, ActionFields(text=f"Hành động {entry.criterion.code}", department_id=department.id, responsible_id=office.id), user=attach(office))
            return plan

    plan = plan_with(["A1.1", "B1.1"])
    pages = [f"/plans/{plan.id}.xlsx", f"/plans/{plan.id}", f"/plans/{plan.id}.pdf", "/plans/mine",
             f"/reports/rounds/{round_.id}", f"/reports/rounds/{round_.id}/report.pdf"]
    small = {page: statements.get(page) for page in pages}

    plan_with(codes(6, skip=40))
    large = {page: statements.get(page) for page in pages}

    assert large == small


def test_the_round_workbook_reads_the_83_criteria_and_their_sub_items_in_a_few_statements(auth, make, statements):
    """Every criterion is a row whatever was answered, so one statement per criterion (280 of them with
    sub-items loaded) never grows with the answers: the bound is on the count itself."""
    auth.login("quality")
    round_id = make.round().id
    make.sub_items(*codes(30))
    answer_by_items(round_id, codes(30))

    assert statements.get(f"/reports/rounds/{round_id}/export.xlsx") <= 12
