"""The reports pages: index, dashboard, comparison, texts; roles and hospital scope."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from quality_assess.assessments.models import Result
from quality_assess.assessments.operations import Answer, save_result
from quality_assess.database import db
from quality_assess.plans.operations import ActionFields, add_action, generate_plan, save_targets
from quality_assess.workflow.operations import assign, criteria_of
from tests.checklists.conftest import audit_of, template  # noqa: F401  (the audit builder of the checklists tests)
from tests.reports.conftest import levels_of, pdf_text, set_levels
from tests.conftest import attach, fresh, scalar, scalars, step

save_result, assign, criteria_of = step(save_result), step(assign), step(criteria_of)  # steps: each runs in its own fresh session


def test_a_round_started_from_an_earlier_one_copies_notes_and_na_but_never_levels(app, make):
    with fresh(app):
        earlier = make.round(name="Tự đánh giá 2025", year=2025)
        set_levels(earlier, {"A1.1": 4, "A1.2": 2})
        a12 = scalar(app, sa.select(Result).where(Result.round_id == earlier.id, Result.criterion_id == make.criterion("A1.2").id))
        save_result(a12, Answer(finding=False, met={2: True, 3: False}, note="Thiếu ghế chờ ở khoa Khám bệnh"), user=None)
        b11 = scalar(app, sa.select(Result).where(Result.round_id == earlier.id, Result.criterion_id == make.criterion("B1.1").id))
        save_result(b11, Answer(not_applicable=True, na_reason="Bệnh viện chuyên khoa"), user=None)
        db.session.commit()  # given: saved, as the requests would have

        later = make.round(name="Tự đánh giá 2026", year=2026, source=earlier)
        results = {r.criterion.code: r for r in scalars(app, sa.select(Result).where(Result.round_id == later.id))}
        assert set(levels_of(later).values()) == {None}
        assert results["A1.2"].note == "Thiếu ghế chờ ở khoa Khám bệnh"
        assert (results["B1.1"].not_applicable, results["B1.1"].na_reason) == (True, "Bệnh viện chuyên khoa")
        assert results["A1.1"].finding_l1 is None and results["A1.1"].met_l2 is None
        assert later.source_round_id == earlier.id


def test_the_dashboard_shows_the_result_block_and_svg_charts_without_script(client, auth, round_2017):
    auth.login("director")
    page = client.get(f"/reports/rounds/{round_2017.id}").get_data(as_text=True)
    assert "3,60" in page and "324" in page and "1,2%" in page
    assert page.count("<svg") == 2 and "radar-chart" in page and "bar-chart" in page
    assert "<script>" not in page and " onclick=" not in page
    assert "Bản nháp" in page
    assert "Viết nhận xét" not in page  # the director reads, the quality office writes


def test_the_index_links_each_round_to_its_dashboard_pdf_and_workbook(client, auth, make, round_2017):
    make.round(name="Đoàn kiểm tra 2017", year=2017, kind="inspection")
    auth.login("quality")
    page = client.get("/reports/").get_data(as_text=True)
    for url in (f"/reports/rounds/{round_2017.id}", f"/reports/rounds/{round_2017.id}/report.pdf",
                f"/reports/rounds/{round_2017.id}/export.xlsx", f"/reports/rounds/{round_2017.id}/import"):
        assert url in page
    assert "So sánh hai đợt" in page and "Logo bệnh viện" in page


def test_self_assessment_against_inspection(client, auth, make, round_2017):
    inspection = make.round(name="Đoàn kiểm tra 2017", year=2017, kind="inspection")
    levels = levels_of(round_2017)
    set_levels(inspection, {code: level - 1 if code.startswith("A") else level for code, level in levels.items()})
    auth.login("director")
    page = client.get(f"/reports/compare?a={round_2017.id}&b={inspection.id}").get_data(as_text=True)
    assert "Tự đánh giá cao hơn đoàn: 19 tiêu chí" in page
    assert "Đoàn cao hơn tự đánh giá: 0 tiêu chí" in page
    assert ('<tr class="part-row"><th>A</th><th>HƯỚNG ĐẾN NGƯỜI BỆNH</th><th class="num">2,95</th><th class="num">1,95</th>'
            '\n        <th class="num change down">+1,00</th>') in page
    assert "3,60" in page


def test_a_round_of_another_hospital_is_not_found(client, auth, make):
    auth.login("quality")  # of the default hospital
    other = make.round(hospital=make.hospital("Bệnh viện khác"))
    for url in (f"/reports/rounds/{other.id}", f"/reports/rounds/{other.id}/report.pdf", f"/reports/rounds/{other.id}/export.xlsx",
                f"/reports/rounds/{other.id}/texts"):
        assert client.get(url).status_code == 404
    mine = make.round()
    assert client.get(f"/reports/compare?a={mine.id}&b={other.id}").status_code == 404


def test_only_report_writers_edit_the_texts(client, auth, make):
    round_ = make.round()
    auth.login("director")
    assert client.post(f"/reports/rounds/{round_.id}/texts", data={"strengths": "x"}).status_code == 403
    assert client.post("/reports/logo", data={}).status_code == 403
    auth.logout()
    auth.login("quality")
    assert client.get(f"/reports/rounds/{round_.id}/texts").status_code == 200


def test_an_empty_round_renders_everywhere(client, auth, make):
    round_ = make.round()
    auth.login("quality")
    for url in (f"/reports/rounds/{round_.id}", f"/reports/rounds/{round_.id}/report.pdf", f"/reports/rounds/{round_.id}/export.xlsx"):
        assert client.get(url).status_code == 200


def test_figures_from_plans_checklists_and_workflow_appear_once_they_exist(app, client, auth, make, audit_of):
    quality = make.user("quality")
    round_ = make.round(year=2026)
    set_levels(round_, {"A1.1": 1, "A1.2": 4})
    nursing, internal, surgery = (make.department(name) for name in ("Phòng Điều dưỡng", "Khoa Nội", "Khoa Ngoại"))
    assign(round_, criteria_of("A1.1"), lead=nursing, assessors=[], user=quality)
    audit_of(internal, date(2026, 11, 2), lost={"X1": 4, "S1": 4})   # 92 of 100 points
    audit_of(surgery, date(2026, 11, 5), lost={"X2": 5, "S2": 4, "D1": 5, "D2": 1})   # 85: the hospital's 2026 score is 88,5
    with fresh(app):
        save_targets(attach(round_).hospital, 2026, mean_min=3.5, mean_max=3.7, no_level_1=True, xsd_target=85,
                     criteria={"A1.1": 3}, user=attach(quality))
        plan = generate_plan(attach(round_), include_level_3=False, user=attach(quality))
        [a11] = [e for e in plan.entries if e.criterion.code == "A1.1"]
        for text, status in (("Bố trí bàn đón tiếp", "done"), ("Lắp biển chỉ dẫn", "done"), ("Tập huấn nhân viên", "todo")):
            add_action(a11, ActionFields(text=text, status=status), user=attach(quality))
    auth.login(user=quality)
    page = client.get(f"/reports/rounds/{round_.id}").get_data(as_text=True)
    for expected in ("2/3 hành động hoàn thành", "3,50–3,70", "Khoa Nội", "02/11/2026", "92,0%", "88,5%", "85,0%", "Phòng Điều dưỡng", "Mức 3"):
        assert expected in page, expected
    text = pdf_text(client.get(f"/reports/rounds/{round_.id}/report.pdf").data)
    for expected in ("2/3 hành động hoàn thành", "3,50–3,70", "Khoa Nội", "92,0%", "Phòng Điều dưỡng"):
        assert expected in text, expected
