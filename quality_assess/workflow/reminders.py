"""`flask reminders`: per user, assignments and plan actions due within N days or overdue (for cron)."""
from __future__ import annotations

import smtplib
from dataclasses import dataclass, field
from datetime import date, timedelta
from email.message import EmailMessage
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from quality_assess import clock
from quality_assess.assessments.models import Result, Round
from quality_assess.auth.models import User
from quality_assess.catalog.models import Criterion
from quality_assess.database import db
from quality_assess.org.models import Hospital
from quality_assess.plans import summary as plans
from quality_assess.workflow import signals
from quality_assess.workflow.models import Assignment, assignment_assessors


@dataclass
class Due:
    due_date: date
    text: str
    overdue: bool  # against the date of the hospital the work belongs to
    # What the in-app notification needs (the same event as the mail's line): the work's own words
    # (criterion code and title — round, or the action's text), where it lives, and a stable key.
    subject: str = ""
    ref: str = ""
    round_id: int | None = None
    criterion_code: str | None = None
    plan_id: int | None = None

    def line(self) -> str:
        flag = "QUÁ HẠN" if self.overdue else "sắp đến hạn"
        return f"  - [{flag} {self.due_date:%d/%m/%Y}] {self.text}"


@dataclass
class UserReminder:
    name: str
    email: str | None
    user_id: int | None = None
    items: list[Due] = field(default_factory=list)


def collect(today: date | None, days: int) -> list[UserReminder]:
    """Unfinished work due on or before today + days, per user (overdue first, then by date).

    `today` is each hospital's own date (clock.today) unless one is given: at 20:30 UTC it is already
    tomorrow in Viet Nam, and what falls due "today" must follow the hospital's calendar."""
    people: dict[int, UserReminder] = {}
    for hospital in db.session.scalars(sa.select(Hospital).order_by(Hospital.id)):
        _collect_hospital(people, hospital.id, today or clock.today(hospital), days)
    for reminder in people.values():
        reminder.items.sort(key=lambda d: (d.due_date, d.text))
    return sorted((r for r in people.values() if r.items), key=lambda r: r.name)


def _collect_hospital(people: dict[int, UserReminder], hospital_id: int, today: date, days: int) -> None:
    until = today + timedelta(days=days)

    def person(user_id: int, fallback: str) -> UserReminder:
        if user_id not in people:
            user = db.session.get(User, user_id)
            people[user_id] = UserReminder(f"{user.display_name} ({user.username})" if user else fallback, user.email if user else None,
                                           user.id if user else None)
        return people[user_id]

    rows = db.session.execute(
        sa.select(assignment_assessors.c.user_id, Assignment.due_date, Criterion.code, Criterion.title, Round.name, Assignment.id, Round.id)
        .join(Assignment, Assignment.id == assignment_assessors.c.assignment_id)
        .join(Round, Round.id == Assignment.round_id)
        .join(Criterion, Criterion.id == Assignment.criterion_id)
        .join(Result, sa.and_(Result.round_id == Assignment.round_id, Result.criterion_id == Assignment.criterion_id))
        .where(Round.hospital_id == hospital_id, Assignment.due_date.is_not(None), Assignment.due_date <= until, Round.status == "draft",
               Result.not_applicable.is_(False), Result.review_status.in_(("draft", "returned")))
    )
    for user_id, due_date, code, title, round_name, assignment_id, round_id in rows:
        person(user_id, str(user_id)).items.append(Due(
            due_date, f"Tiêu chí {code} {title} — {round_name}", due_date < today,
            subject=f"{code} {title} — {round_name}", ref=f"assignment:{assignment_id}", round_id=round_id, criterion_code=code))
    for action in plans.actions_due(hospital_id, until):
        criterion = f" (tiêu chí {action['criterion']})" if action.get("criterion") else ""
        person(action["user_id"], action.get("username") or str(action["user_id"])).items.append(Due(
            action["due_date"], f"Hành động cải tiến: {action['text']}{criterion}", action["due_date"] < today,
            subject=f"{action['text']} ({action['criterion']})" if action.get("criterion") else action["text"],
            ref=f"action:{action['action_id']}", plan_id=action["plan_id"], criterion_code=action.get("criterion")))


def render(reminders: list[UserReminder], today: date, days: int) -> str:
    head = f"Nhắc việc ngày {today:%d/%m/%Y}: việc quá hạn hoặc đến hạn trong {days} ngày tới."
    if not reminders:
        return head + "\nKhông có việc nào.\n"
    blocks = [head]
    for r in reminders:
        blocks.append(f"\n{r.name}" + (f" <{r.email}>" if r.email else "") + "\n" + "\n".join(d.line() for d in r.items))
    return "\n".join(blocks) + "\n"


def send(reminders: list[UserReminder], today: date, days: int) -> int:
    """One mail per user with an address; returns how many were sent."""
    config = current_app.config
    sent = 0
    with smtplib.SMTP(config["SMTP_HOST"], int(config.get("SMTP_PORT") or 25)) as smtp:
        for r in reminders:
            if not r.email:
                continue
            message = EmailMessage()
            message["Subject"] = f"Nhắc việc đánh giá chất lượng ({today:%d/%m/%Y})"
            message["From"] = config.get("SMTP_FROM") or "qlcl@localhost"
            message["To"] = r.email
            message.set_content(render([r], today, days))
            smtp.send_message(message)
            sent += 1
    return sent


@click.command("reminders")
@click.option("--days", default=7, show_default=True, type=click.IntRange(0, 365), help="Nhắc việc đến hạn trong số ngày này.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Ghi danh sách ra tệp.")
@click.option("--mail", is_flag=True, help="Gửi thư cho từng người (cần cấu hình SMTP_HOST).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Ngày tính hạn (mặc định: hôm nay).")
@with_appcontext
def reminders(days: int, output: Path | None, mail: bool, today) -> None:
    """Liệt kê theo từng người: tiêu chí được giao và hành động cải tiến quá hạn hoặc sắp đến hạn."""
    given = today.date() if today else None
    day = given or clock.today()  # the installation's date heads the list; each hospital's own decides what is due
    found = collect(given, days)
    signals.work_due.send(None, reminders=found)  # the same events become in-app notifications
    db.session.commit()
    text = render(found, day, days)
    click.echo(text, nl=False)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Đã ghi {output}.")
    if mail:
        if not current_app.config.get("SMTP_HOST"):
            raise click.ClickException("Chưa cấu hình SMTP_HOST: không gửi thư.")
        click.echo(f"Đã gửi {send(found, day, days)} thư.")
