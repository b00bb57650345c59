"""An approval is a signature: it covers the plan the director saw, and nothing changed after it.

The issue's story: a plan approved by the director was regenerated from another round and went from
19 to 47 entries while it still read "Đã phê duyệt". Now regenerating shows what would change and
asks to confirm, and any change to an approved plan's content takes the approval back: the plan is a
draft again, the trail says why, and the director sees "Cần phê duyệt lại" on the pages and the PDF.
"""
from __future__ import annotations

import io
import re
from datetime import date

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from quality_assess.domain import Forbidden
from quality_assess.history.models import ChangeLog
from quality_assess.org.operations import set_four_eyes
from quality_assess.plans import operations
from quality_assess.plans.models import Action, Plan, PlanEntry
from tests.conftest import count_rows, reload, scalar, scalars, step, steps
from tests.plans.conftest import answer_level

ops = steps(operations)


@pytest.fixture
def office(make):
    return make.user("quality", full_name="Lê Thị Quản")


@pytest.fixture
def director(make):
    return make.user("director", full_name="Trần Văn Giám")


@pytest.fixture
def approved(app, make, scored_round, office, director):
    """The plan of 2026 from the self-assessment (A1.1, A1.2, C3.1), approved by the director."""
    plan = ops.generate_plan(scored_round, include_level_3=False, user=office)
    ops.set_plan_status(plan, "approved", user=director)
    return plan


@pytest.fixture
def inspection(make, scored_round):
    """The inspection round of the same year: A1.1 rose to Mức 3, A1.4 and B1.1 at Mức 1, A1.5 at Mức 2;
    A1.2 is still at Mức 2 and C3.1 was not assessed."""
    round_ = make.round(name="Đoàn kiểm tra của Sở", kind="inspection")
    for code, level in {"A1.1": 3, "A1.2": 2, "A1.4": 1, "A1.5": 2, "B1.1": 1}.items():
        answer_level(round_, code, level)
    return round_


def pdf_text(client, plan) -> str:
    reader = PdfReader(io.BytesIO(client.get(f"/plans/{plan.id}.pdf").data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def codes(app, plan) -> list[str]:
    from quality_assess.catalog.models import Criterion

    return sorted(scalars(app, sa.select(Criterion.code).join(PlanEntry, PlanEntry.criterion_id == Criterion.id)
                          .where(PlanEntry.plan_id == plan.id)))


def withdrawals(app, plan) -> list[ChangeLog]:
    """The trail's "approval withdrawn" rows of the plan (a new approval clears the mark: new is None then)."""
    return scalars(app, sa.select(ChangeLog).where(ChangeLog.entity == "plan", ChangeLog.entity_id == plan.id,
                                                    ChangeLog.field == "approval_withdrawn", ChangeLog.new.is_not(None)).order_by(ChangeLog.id))


def preview_form(html: str) -> dict[str, str]:
    """The hidden fields of the preview's confirmation form, as the browser would send them back."""
    form = html[html.index('name="expected"') - 2000:]
    form = form[form.rindex('method="post"'):]
    form = form[:form.index("</form>")]
    return dict(re.findall(r'<input[^>]*name="(round_id|include_level_3|expected)"[^>]*value="([^"]*)"', form))


# ---------------------------------------------------------------- regenerating


def test_regenerating_an_approved_plan_shows_the_changes_first_and_changes_nothing(app, client, auth, approved, inspection, office):
    auth.login(user=office)
    # Choosing the inspection round on the plans page leads to the preview, not to a changed plan.
    response = client.post("/plans/generate", data={"round_id": inspection.id})
    assert response.status_code == 302 and f"/plans/{approved.id}/regenerate" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)

    assert "Thêm 3 tiêu chí · đổi mức 1 tiêu chí · giữ nguyên 2 tiêu chí · không xóa tiêu chí nào" in page
    added = re.findall(r'<tr class="is-added">.*?<strong>([A-Z]\d\.\d)</strong>', page, flags=re.S)
    assert added == ["A1.4", "A1.5", "B1.1"]
    assert re.search(r"<strong>A1.1</strong>.*?1 → 3.*?2 → 4", page, flags=re.S)  # level 1 → 3, target 2 → 4
    assert "sẽ đưa kế hoạch về dự thảo, rút lại phê duyệt" in page
    plan = reload(app, approved)
    assert (plan.status, plan.round_id, codes(app, plan)) == ("approved", approved.round_id, ["A1.1", "A1.2", "C3.1"])


def test_confirming_the_preview_returns_the_plan_to_draft_for_the_director(app, client, auth, approved, inspection, office, director):
    auth.login(user=office)
    page = client.get(f"/plans/{approved.id}/regenerate?round_id={inspection.id}").get_data(as_text=True)
    response = client.post(f"/plans/{approved.id}/regenerate", data={**preview_form(page), "confirm": "y"}, follow_redirects=True)
    assert "cần Giám đốc phê duyệt lại" in response.get_data(as_text=True)

    plan = reload(app, approved)
    assert (plan.status, plan.approved_by_id, plan.approved_at, plan.round_id) == ("draft", None, None, inspection.id)
    assert codes(app, plan) == ["A1.1", "A1.2", "A1.4", "A1.5", "B1.1", "C3.1"]
    [withdrawn] = withdrawals(app, plan)
    assert withdrawn.user_id == office.id
    assert withdrawn.new == "Lập lại kế hoạch từ đợt “Đoàn kiểm tra của Sở”: thêm 3 tiêu chí, đổi mức 1 tiêu chí"
    status = scalar(app, sa.select(ChangeLog).where(ChangeLog.entity == "plan", ChangeLog.field == "status").order_by(ChangeLog.id.desc()))
    assert (status.old, status.new) == ("approved", "draft")

    auth.logout()
    auth.login(user=director)
    html = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "Cần phê duyệt lại" in html and "Phê duyệt lại kế hoạch" in html and "Đoàn kiểm tra của Sở" in html
    assert "Phê duyệt bởi" not in html
    assert "Cần phê duyệt lại" in client.get("/plans/").get_data(as_text=True)
    text = pdf_text(client, plan)
    assert "Trạng thái: Cần phê duyệt lại" in text and "phê duyệt trước đó đã bị rút lại" in text
    assert "Đã phê duyệt" not in text and "phê duyệt bởi" not in text


def test_the_director_approves_again_and_the_pdf_says_so(app, client, auth, approved, inspection, office, director):
    ops.generate_plan(inspection, include_level_3=False, user=office)
    auth.login(user=director)
    client.post(f"/plans/{approved.id}/status/approved")
    plan = reload(app, approved)
    assert (plan.status, plan.approved_by_id, plan.approval_withdrawn_at) == ("approved", director.id, None)
    assert "Cần phê duyệt lại" not in client.get(f"/plans/{plan.id}").get_data(as_text=True)
    text = pdf_text(client, plan)
    assert "Trạng thái: Đã phê duyệt — phê duyệt bởi Trần Văn Giám" in text


def test_confirming_needs_the_box_ticked(app, client, auth, approved, inspection, office):
    auth.login(user=office)
    page = client.get(f"/plans/{approved.id}/regenerate?round_id={inspection.id}").get_data(as_text=True)
    response = client.post(f"/plans/{approved.id}/regenerate", data=preview_form(page), follow_redirects=True)
    assert "Hãy xác nhận các thay đổi" in response.get_data(as_text=True)
    assert reload(app, approved).status == "approved" and count_rows(app, PlanEntry) == 3


def test_a_preview_gone_stale_is_refused(app, client, auth, approved, inspection, office):
    auth.login(user=office)
    page = client.get(f"/plans/{approved.id}/regenerate?round_id={inspection.id}").get_data(as_text=True)
    answer_level(inspection, "A1.6", 1)  # a new Mức 1 result after the preview was shown
    response = client.post(f"/plans/{approved.id}/regenerate", data={**preview_form(page), "confirm": "y"}, follow_redirects=True)
    assert "vừa thay đổi sau khi bạn xem trước" in response.get_data(as_text=True)
    assert reload(app, approved).status == "approved" and count_rows(app, PlanEntry) == 3


def test_regenerating_from_the_same_round_with_nothing_new_keeps_the_approval(app, client, auth, approved, scored_round, office):
    auth.login(user=office)
    page = client.get(f"/plans/{approved.id}/regenerate").get_data(as_text=True)
    assert "Lập lại từ đợt này không làm thay đổi kế hoạch." in page
    ops.generate_plan(scored_round, include_level_3=False, user=office)
    assert reload(app, approved).status == "approved" and withdrawals(app, approved) == []


def test_switching_to_another_round_is_a_change_to_confirm_even_with_the_same_entries(app, client, auth, make, approved, office):
    same = make.round(name="Tự đánh giá lần 2")
    for code, level in {"A1.1": 1, "A1.2": 2, "C3.1": 2}.items():
        answer_level(same, code, level)
    auth.login(user=office)
    page = client.get(f"/plans/{approved.id}/regenerate?round_id={same.id}").get_data(as_text=True)
    assert "Kế hoạch sẽ dựa trên kết quả của đợt “Tự đánh giá lần 2” thay cho đợt “Tự đánh giá”." in page
    client.post(f"/plans/{approved.id}/regenerate", data={**preview_form(page), "confirm": "y"})
    plan = reload(app, approved)
    assert (plan.round_id, plan.needs_reapproval, codes(app, plan)) == (same.id, True, ["A1.1", "A1.2", "C3.1"])


def test_the_first_plan_of_a_year_is_made_at_once(app, client, auth, scored_round):
    auth.login("quality")
    response = client.post("/plans/generate", data={"round_id": scored_round.id})
    plan = scalar(app, sa.select(Plan))
    assert response.headers["Location"].endswith(f"/plans/{plan.id}") and count_rows(app, PlanEntry) == 3


# ---------------------------------------------------------------- every other content change


@step
def entry(plan, code):
    return next(e for e in plan.entries if e.criterion.code == code)


def test_changing_an_entry_target_takes_the_approval_back(app, client, auth, approved, office):
    auth.login(user=office)
    response = client.post(f"/plans/entries/{entry(approved, 'A1.2').id}/target", data={"target_level": 4}, follow_redirects=True)
    assert "cần Giám đốc phê duyệt lại" in response.get_data(as_text=True)
    plan = reload(app, approved)
    assert plan.needs_reapproval and [w.new for w in withdrawals(app, plan)] == ["Đổi mức mục tiêu của A1.2: 3 → 4"]


def test_removing_an_entry_takes_the_approval_back_one_with_actions_is_kept(app, client, auth, approved, office):
    ops.add_action(entry(approved, "A1.1"), ops.ActionFields(text="Khắc phục phát hiện"), user=office)
    step(operations.set_plan_status)(approved, "approved", user=auth.make.user("director"))
    auth.login(user=office)
    response = client.post(f"/plans/entries/{entry(approved, 'A1.1').id}/delete", follow_redirects=True)
    assert "đã có hành động nên không bỏ khỏi kế hoạch được" in response.get_data(as_text=True)
    assert reload(app, approved).status == "approved" and codes(app, approved) == ["A1.1", "A1.2", "C3.1"]

    response = client.post(f"/plans/entries/{entry(approved, 'C3.1').id}/delete", follow_redirects=True)
    assert "Đã bỏ tiêu chí khỏi kế hoạch." in response.get_data(as_text=True)
    plan = reload(app, approved)
    assert codes(app, plan) == ["A1.1", "A1.2"] and plan.needs_reapproval
    assert withdrawals(app, plan)[-1].new == "Bỏ C3.1 khỏi kế hoạch"


def test_changing_the_years_targets_takes_the_approval_back_saving_them_unchanged_does_not(app, client, auth, approved, office):
    targets = {"mean_min": "3.5", "mean_max": "3.7", "no_level_1": "y", "xsd_target": "85", "criteria": ""}
    auth.login(user=office)
    client.post("/plans/targets/2026", data=targets)
    assert reload(app, approved).needs_reapproval  # the PDF prints the targets: the director approved none
    step(operations.set_plan_status)(approved, "approved", user=auth.make.user("director"))
    client.post("/plans/targets/2026", data=targets)
    assert reload(app, approved).status == "approved"
    client.post("/plans/targets/2026", data={**targets, "mean_min": "3.6"})
    plan = reload(app, approved)
    assert plan.needs_reapproval and [w.new for w in withdrawals(app, plan)] == ["Sửa mục tiêu năm 2026"] * 2


def test_an_actions_content_is_signed_its_progress_is_not(app, client, auth, make, approved, office):
    auth.login(user=office)
    client.post(f"/plans/entries/{entry(approved, 'A1.1').id}/actions", data={"text": "Lắp biển chỉ dẫn", "status": "todo"})
    assert reload(app, approved).needs_reapproval
    action = scalar(app, sa.select(Action))
    step(operations.set_plan_status)(approved, "approved", user=make.user("director"))

    # Carrying the plan out: a progress update and a status change leave the approval standing.
    client.post(f"/plans/actions/{action.id}/progress", data={"status": "doing", "note": "Đã đặt hàng"})
    client.post(f"/plans/actions/{action.id}", data={"text": "Lắp biển chỉ dẫn", "status": "done", "evidence": "Biên bản nghiệm thu"})
    plan = reload(app, approved)
    assert (plan.status, plan.approved_by_id is not None) == ("in_progress", True)
    assert "Trạng thái: Đang thực hiện — phê duyệt bởi" in pdf_text(client, plan)

    # Changing what the director signed (what, by when) takes it back, even while in progress.
    client.post(f"/plans/actions/{action.id}", data={"text": "Lắp biển chỉ dẫn song ngữ", "status": "done", "due_date": "2026-06-30"})
    plan = reload(app, approved)
    assert plan.needs_reapproval and withdrawals(app, plan)[-1].new == "Sửa hành động của A1.1"
    assert "Đang thực hiện" not in pdf_text(client, plan)


# ---------------------------------------------------------------- four eyes on a plan


def test_whoever_changed_the_plan_last_does_not_approve_it(app, make, scored_round):
    admin, other_admin = make.user("admin"), make.user("admin")
    plan = ops.generate_plan(scored_round, include_level_3=False, user=admin)
    with pytest.raises(Forbidden, match="bốn mắt"):
        ops.set_plan_status(plan, "approved", user=admin)
    ops.set_plan_status(plan, "approved", user=other_admin)
    ops.set_entry_target(entry(plan, "A1.2"), 4, user=other_admin)  # now other_admin is the one who changed it
    with pytest.raises(Forbidden, match="bốn mắt"):
        ops.set_plan_status(plan, "approved", user=other_admin)
    assert reload(app, plan).status == "draft"


def test_a_hospital_without_four_eyes_lets_the_editor_approve(app, make, scored_round):
    admin = make.user("admin")
    step(set_four_eyes)(admin.hospital, False, reason="Bệnh viện tuyến huyện, chỉ một quản trị viên", user=admin)
    plan = ops.generate_plan(scored_round, include_level_3=False, user=admin)
    ops.set_plan_status(plan, "approved", user=admin)
    assert reload(app, plan).approved_by_id == admin.id


def test_the_pdf_never_prints_an_approval_for_a_draft(app, client, auth, make, approved, office):
    ops.add_action(entry(approved, "A1.1"), ops.ActionFields(text="Rà soát quy trình", due_date=date(2026, 5, 1)), user=office)
    auth.login("director")
    text = pdf_text(client, approved)
    assert "Trạng thái: Cần phê duyệt lại" in text and "Đã phê duyệt" not in text
