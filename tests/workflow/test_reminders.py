"""`flask reminders`: per user, what is overdue or due soon, to the screen, a file, or mail."""
from __future__ import annotations

from datetime import date

import pytest

from quality_assess.assessments.operations import Answer, save_result
from quality_assess.plans.operations import ActionFields, add_action, generate_plan
from quality_assess.workflow.operations import assign, criteria_of, review
from tests.conftest import attach, fresh, step
from tests.workflow.conftest import answer, result_for

assign, criteria_of, review = step(assign), step(criteria_of), step(review)  # steps: each runs in its own fresh session


@pytest.fixture
def scripted(app, team, make):
    """A1.1 due 20/11 (overdue), A1.2 due 25/11, A1.3 due 10/12 (too far), A1.4 due 21/11 but already submitted;
    Bình is responsible for a plan action on C9.1 due 24/11, and only Lan has an e-mail address."""
    with fresh(app) as session:
        attach(team.assessor).email = "lan@benhvien.invalid"
        session.commit()
    for code, due in (("A1.2", date(2026, 11, 25)), ("A1.3", date(2026, 12, 10)), ("A1.4", date(2026, 11, 21))):
        assign(team.round, criteria_of(code), lead=None, assessors=[team.assessor], due_date=due, user=team.quality)
    assign(team.round, criteria_of("A1.1"), lead=None, assessors=[team.assessor, team.other], due_date=date(2026, 11, 20), user=team.quality)
    review(answer(team.result("A1.4"), team.assessor), "submit", user=team.assessor)
    pharmacy = make.department("Khoa Dược")
    with fresh(app):
        save_result(result_for(team.round, "C9.1"), Answer(finding=False, met={2: True, 3: False}), user=attach(team.quality))
        plan = generate_plan(attach(team.round), include_level_3=False, user=attach(team.quality))
        [c91] = [e for e in plan.entries if e.criterion.code == "C9.1"]
        add_action(c91, ActionFields(text="Tập huấn kê đơn", department_id=pharmacy.id, responsible_id=team.other.id,
                                     due_date=date(2026, 11, 24)), user=attach(team.quality))
    return team


def test_the_command_lists_due_and_overdue_work_per_user(runner, scripted, tmp_path):
    output = tmp_path / "nhac-viec.txt"
    result = runner.invoke(args=["reminders", "--days", "7", "--today", "2026-11-23", "--output", str(output)])
    assert result.exit_code == 0, result.output
    text = output.read_text(encoding="utf-8")
    lan, binh = text.split("\nNguyễn Thị Lan")[1].split("\nTrần Văn Bình")
    assert "Nhắc việc ngày 23/11/2026" in text
    assert "[QUÁ HẠN 20/11/2026] Tiêu chí A1.1" in lan and "[sắp đến hạn 25/11/2026] Tiêu chí A1.2" in lan
    assert lan.index("A1.1") < lan.index("A1.2")
    assert "A1.3" not in text and "A1.4" not in text
    assert "A1.1" in binh and "[sắp đến hạn 24/11/2026] Hành động cải tiến: Tập huấn kê đơn (tiêu chí C9.1)" in binh
    assert text in result.output


def test_nothing_due_says_so(runner, team):
    result = runner.invoke(args=["reminders", "--today", "2026-11-23"])
    assert result.exit_code == 0 and "Không có việc nào." in result.output


def test_mail_goes_through_the_configured_smtp_server(runner, scripted, app, monkeypatch):
    sent, servers = [], []

    class FakeSMTP:
        def __init__(self, host, port):
            servers.append((host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def send_message(self, message):
            sent.append(message)

    monkeypatch.setattr("quality_assess.workflow.reminders.smtplib.SMTP", FakeSMTP)
    assert runner.invoke(args=["reminders", "--today", "2026-11-23", "--mail"]).exit_code != 0  # no SMTP_HOST yet
    app.config.update(SMTP_HOST="smtp.benhvien.invalid", SMTP_PORT="587", SMTP_FROM="qlcl@benhvien.invalid")
    result = runner.invoke(args=["reminders", "--today", "2026-11-23", "--mail"])
    assert result.exit_code == 0, result.output
    assert servers == [("smtp.benhvien.invalid", 587)]
    assert [m["To"] for m in sent] == ["lan@benhvien.invalid"]  # Bình has no address
    assert "A1.2" in sent[0].get_content() and "Tập huấn" not in sent[0].get_content()
