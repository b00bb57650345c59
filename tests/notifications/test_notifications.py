"""Notifications: what happens to a person's work reaches them as a notification (the bell's count, the
list, the API), once; opening one marks it read; the reminders command's events become notifications too."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from quality_assess.assessments import signals as assessment_signals
from quality_assess.assessments.operations import Answer, save_result
from quality_assess.database import db
from quality_assess.notifications.models import Notification
from quality_assess.plans.operations import ActionFields, add_action, generate_plan
from quality_assess.workflow.operations import assign, criteria_of, review
from tests.conftest import attach, count_rows, fresh, scalars, step
from tests.workflow.conftest import answer, result_for

assign, criteria_of, review, generate_plan = step(assign), step(criteria_of), step(review), step(generate_plan)
API = "/api/v1/notifications"


def kinds_of(app, user) -> list[str]:
    return scalars(app, sa.select(Notification.kind).where(Notification.user_id == user.id).order_by(Notification.id))


def test_an_assigned_assessor_sees_the_bell_count_and_the_criterion_in_the_list(app, client, auth, team):
    auth.login(user=team.assessor)

    home = client.get("/").get_data(as_text=True)
    listing = client.get("/notifications/").get_data(as_text=True)

    assert 'class="bell has-unread"' in home and '<span class="count">1</span>' in home
    assert "Bạn được giao đánh giá tiêu chí A1.1" in listing and "Tự đánh giá" in listing and "(chưa đọc)" in listing


def test_opening_a_notification_marks_it_read_and_leads_to_the_criterion(app, client, auth, team):
    auth.login(user=team.assessor)
    [notification_id] = scalars(app, sa.select(Notification.id).where(Notification.user_id == team.assessor.id))

    response = client.post("/notifications/open", data={"notification_id": notification_id})

    assert response.status_code == 302 and response.headers["Location"].endswith(f"/rounds/{team.round.id}/criteria/A1.1")
    home = client.get("/").get_data(as_text=True)
    assert 'class="bell"' in home and 'class="count"' not in home


def test_someone_elses_notification_cannot_be_opened(app, client, auth, team):
    [notification_id] = scalars(app, sa.select(Notification.id).where(Notification.user_id == team.assessor.id))
    auth.login(user=team.other)

    assert client.post("/notifications/open", data={"notification_id": notification_id}).status_code == 404


def test_reassigning_the_same_people_tells_nobody_again_and_the_one_who_assigns_hears_nothing(app, team):
    assign(team.round, criteria_of("A1.1"), lead=None, assessors=[team.assessor, team.other], user=team.quality)

    assert kinds_of(app, team.assessor) == ["assigned"] and kinds_of(app, team.other) == ["assigned"]
    assert kinds_of(app, team.quality) == []


def test_a_return_carries_the_reviewers_comment_and_an_approval_follows(app, client, auth, team):
    with fresh(app):
        result = answer(team.result(), team.assessor)
        review(result, "submit", user=team.assessor)
        review(result, "return", user=team.quality, comment="Thiếu biên bản kiểm tra")
        review(result, "submit", user=team.assessor)
        review(result, "approve", user=team.quality)

    assert kinds_of(app, team.assessor) == ["assigned", "returned", "approved"]
    assert kinds_of(app, team.quality) == []  # the submissions tell no one here (the review queue shows them)
    auth.login(user=team.assessor)
    listing = client.get("/notifications/").get_data(as_text=True)
    assert "Tiêu chí A1.1" in listing and "bị trả lại để sửa" in listing and "Thiếu biên bản kiểm tra" in listing
    assert listing.index("đã được duyệt") < listing.index("bị trả lại")  # newest first


def test_a_generated_plan_waits_for_the_directors_approval_once(app, client, auth, team):
    director = team.director
    with fresh(app):
        save_result(result_for(team.round, "C9.1"), Answer(finding=False, met={2: True, 3: False}), user=attach(team.quality))
        db.session.commit()
    plan = generate_plan(team.round, include_level_3=False, user=team.quality)
    generate_plan(team.round, include_level_3=True, user=team.quality)  # refreshed: still the same plan waiting

    assert kinds_of(app, director) == ["plan_to_approve"]
    auth.login(user=director)
    listing = client.get("/notifications/").get_data(as_text=True)
    assert "Kế hoạch cải tiến năm 2026 đang chờ bạn phê duyệt" in listing
    [notification_id] = scalars(app, sa.select(Notification.id).where(Notification.user_id == director.id))
    assert client.post("/notifications/open", data={"notification_id": notification_id}).headers["Location"].endswith(f"/plans/{plan.id}")


def test_the_reminders_command_tells_due_and_overdue_work_once_and_still_mails_the_same(app, runner, make, team):
    assign(team.round, criteria_of("A1.2"), lead=None, assessors=[team.assessor], due_date=date(2026, 11, 25), user=team.quality)
    assign(team.round, criteria_of("A1.1"), lead=None, assessors=[team.assessor], due_date=date(2026, 11, 20), user=team.quality)
    pharmacy, binh = make.department("Khoa Dược"), team.other
    with fresh(app):
        save_result(result_for(team.round, "C9.1"), Answer(finding=False, met={2: True, 3: False}), user=attach(team.quality))
        plan = generate_plan(attach(team.round), include_level_3=False, user=attach(team.quality))
        [c91] = [e for e in plan.entries if e.criterion.code == "C9.1"]
        add_action(c91, ActionFields(text="Tập huấn kê đơn", department_id=pharmacy.id, responsible_id=binh.id,
                                     due_date=date(2026, 11, 24)), user=attach(team.quality))
        db.session.commit()

    for _ in range(2):  # cron runs it every day: the same events are not told twice
        result = runner.invoke(args=["reminders", "--days", "7", "--today", "2026-11-23"])
        assert result.exit_code == 0, result.output

    assert "[QUÁ HẠN 20/11/2026] Tiêu chí A1.1" in result.output and "[sắp đến hạn 25/11/2026] Tiêu chí A1.2" in result.output
    lan = scalars(app, sa.select(Notification).where(Notification.user_id == team.assessor.id, Notification.kind.in_(("due_soon", "overdue")))
                  .order_by(Notification.due_date))
    assert [(n.kind, n.criterion_code, n.due_date) for n in lan] == [("overdue", "A1.1", date(2026, 11, 20)), ("due_soon", "A1.2", date(2026, 11, 25))]
    [binh] = scalars(app, sa.select(Notification).where(Notification.user_id == team.other.id, Notification.kind == "due_soon"))
    assert binh.subject == "Tập huấn kê đơn (C9.1)" and binh.plan_id == plan.id

    runner.invoke(args=["reminders", "--days", "7", "--today", "2026-11-26"])  # A1.2 is now overdue: that is news

    assert sorted(kinds_of(app, team.assessor)) == ["assigned", "assigned", "due_soon", "overdue", "overdue"]


def test_a_carried_criterion_to_confirm_goes_to_its_assessor_or_else_the_quality_office(app, team):
    with fresh(app):
        assessment_signals.criteria_to_confirm.send(attach(team.round), codes=["A1.1", "A1.2"], by=None)
        db.session.commit()

    assert scalars(app, sa.select(Notification.criterion_code).where(Notification.user_id == team.assessor.id, Notification.kind == "to_confirm")) == ["A1.1"]
    assert scalars(app, sa.select(Notification.criterion_code).where(Notification.user_id == team.quality.id, Notification.kind == "to_confirm")) == ["A1.2"]
    with fresh(app):
        assessment_signals.criteria_to_confirm.send(attach(team.round), codes=["A1.1"], by=None)  # told once
        db.session.commit()
    assert count_rows(app, Notification) == 3


def test_a_deactivated_user_is_not_notified(app, runner, team):
    runner.invoke(args=["users", "deactivate", team.other.username])

    assign(team.round, criteria_of("A1.3"), lead=None, assessors=[team.other], user=team.quality)

    assert kinds_of(app, team.other) == []
