"""Forms per department and inspection teams: which templates apply to a department, the teams of a
hospital, who scores which item in a team's audit. Operations validate, change, record and flush.

A template is hospital-wide unless the hospital gave it to some departments (TemplateDepartment rows,
by template code, so a new version keeps them). In a team's audit each member scores the items the team
gave them (TeamItem, by template and item code, the "Thành viên phụ trách" of the workbooks); an item
given to nobody may be scored by any member.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

import sqlalchemy as sa

from quality_assess.auth.models import User
from quality_assess.checklists.models import Audit, ChecklistTemplate, Team, TeamItem, TeamMember, TemplateDepartment
from quality_assess.database import db
from quality_assess.domain import Forbidden, ValidationError
from quality_assess.history.models import record
from quality_assess.i18n import nfc
from quality_assess.org.models import Department

TEAM_NAME_MAX = 100
POSITION_MAX = 100


# --- forms per department -------------------------------------------------------------------------

def assigned_departments(hospital_id: int) -> dict[str, set[int]]:
    """Template code → the departments it was given to (a code absent: hospital-wide)."""
    rows = db.session.execute(
        sa.select(TemplateDepartment.template_code, TemplateDepartment.department_id).where(TemplateDepartment.hospital_id == hospital_id)
    )
    assigned: dict[str, set[int]] = defaultdict(set)
    for code, department_id in rows:
        assigned[code].add(department_id)
    return dict(assigned)


def applies(template_code: str, department_id: int, assigned: Mapping[str, set[int]]) -> bool:
    departments = assigned.get(template_code)
    return not departments or department_id in departments


def check_applies(template: ChecklistTemplate, department: Department) -> None:
    if not applies(template.code, department.id, assigned_departments(department.hospital_id)):
        raise ValidationError("Mẫu bảng kiểm “%(name)s” không áp dụng cho %(department)s.", field="template_id",
                              name=template.name, department=department.name)


def set_template_departments(template: ChecklistTemplate, *, hospital_id: int, department_ids: Iterable[int], user: User) -> set[int]:
    """Give a template to these departments (none: hospital-wide again), with the change recorded."""
    if not user.can("xsd.manage"):
        raise Forbidden("Chỉ trưởng khoa Kiểm soát nhiễm khuẩn hoặc quản trị được giao mẫu bảng kiểm cho khoa/phòng.")
    if template.hospital_id not in (None, hospital_id):
        raise ValidationError("Mẫu bảng kiểm không dùng được cho bệnh viện này.", field="template_id")
    wanted = set(department_ids)
    departments = {d.id: d for d in db.session.scalars(sa.select(Department).where(Department.hospital_id == hospital_id))}
    unknown = wanted - {i for i, d in departments.items() if d.active}
    if unknown:
        raise ValidationError("Khoa/phòng không thuộc bệnh viện hoặc đã ngừng hoạt động.", field="department_ids")
    before = assigned_departments(hospital_id).get(template.code, set())
    if wanted == before:
        return wanted
    db.session.execute(sa.delete(TemplateDepartment).where(
        TemplateDepartment.hospital_id == hospital_id, TemplateDepartment.template_code == template.code))
    for department_id in sorted(wanted):
        db.session.add(TemplateDepartment(hospital_id=hospital_id, template_code=template.code, department_id=department_id))

    def names(ids: set[int]) -> str | None:
        return ", ".join(sorted(departments[i].name for i in ids)) or None

    record("xsd_template", template.id, {"departments": (names(before), names(wanted))}, user=user, hospital_id=hospital_id)
    db.session.flush()
    return wanted


# --- teams ----------------------------------------------------------------------------------------

def _check_manager(user: User) -> None:
    if not user.can("xsd.manage"):
        raise Forbidden("Chỉ trưởng khoa Kiểm soát nhiễm khuẩn hoặc quản trị được quản lý đoàn kiểm tra.")


def _team_name(hospital_id: int, name: str, team_id: int | None = None) -> str:
    name = (nfc(name) or "").strip()
    if not name:
        raise ValidationError("Tên đoàn: hãy ghi tên đoàn kiểm tra (ví dụ “Đoàn 1”).", field="name")
    if len(name) > TEAM_NAME_MAX:
        raise ValidationError("Tên đoàn: tối đa %(n)s ký tự.", field="name", n=TEAM_NAME_MAX)
    clash = db.session.scalar(sa.select(Team.id).where(Team.hospital_id == hospital_id, Team.name == name, Team.id != (team_id or 0)))
    if clash is not None:
        raise ValidationError("Tên đoàn: bệnh viện đã có đoàn “%(name)s”.", field="name", name=name)
    return name


def teams_of(hospital_id: int, *, active_only: bool = False) -> list[Team]:
    query = sa.select(Team).where(Team.hospital_id == hospital_id).order_by(Team.name)
    if active_only:
        query = query.where(Team.active)
    return list(db.session.scalars(query))


def create_team(*, hospital_id: int, name: str, user: User) -> Team:
    _check_manager(user)
    team = Team(hospital_id=hospital_id, name=_team_name(hospital_id, name))
    db.session.add(team)
    db.session.flush()
    record("xsd_team", team.id, {"name": (None, team.name)}, user=user, hospital_id=hospital_id)
    db.session.flush()
    return team


def update_team(team: Team, *, name: str, active: bool, user: User) -> Team:
    _check_manager(user)
    name = _team_name(team.hospital_id, name, team.id)
    record("xsd_team", team.id, {"name": (team.name, name), "active": (team.active, active)}, user=user, hospital_id=team.hospital_id)
    team.name, team.active = name, active
    db.session.flush()
    return team


def add_member(team: Team, member: User, *, position: str, user: User) -> TeamMember:
    _check_manager(user)
    if member.hospital_id != team.hospital_id or not member.active:
        raise ValidationError("Thành viên phải là tài khoản đang hoạt động của bệnh viện.", field="user_id")
    if team.member_of(member.id) is not None:
        raise ValidationError("%(name)s đã là thành viên của đoàn.", field="user_id", name=member.display_name)
    position = (nfc(position) or "").strip()
    if len(position) > POSITION_MAX:
        raise ValidationError("Chức danh trong đoàn: tối đa %(n)s ký tự.", field="position", n=POSITION_MAX)
    row = TeamMember(hospital_id=team.hospital_id, user_id=member.id, position=position)
    team.members.append(row)
    db.session.flush()
    record("xsd_team", team.id, {"member": (None, member.display_name + (f" ({position})" if position else ""))},
           user=user, hospital_id=team.hospital_id)
    db.session.flush()
    return row


def remove_member(member: TeamMember, *, user: User) -> None:
    """A member leaves the team; the items they scored go back to "any member" (their saved scores stay)."""
    _check_manager(user)
    team = member.team
    record("xsd_team", team.id, {"member": (member.user.display_name, None)}, user=user, hospital_id=team.hospital_id)
    team.members.remove(member)
    db.session.flush()


def item_members(team_id: int, template_code: str) -> dict[str, int]:
    """Item code → member id of the team for one template."""
    return dict(db.session.execute(
        sa.select(TeamItem.item_code, TeamItem.member_id).where(TeamItem.team_id == team_id, TeamItem.template_code == template_code)
    ).all())


def set_item_members(team: Team, template: ChecklistTemplate, chosen: Mapping[str, int | None], *, user: User) -> None:
    """Who of the team scores each item of a template (item code → member id, None: any member)."""
    _check_manager(user)
    if template.hospital_id not in (None, team.hospital_id):
        raise ValidationError("Mẫu bảng kiểm không dùng được cho bệnh viện này.", field="template_id")
    codes = {item.code for item in template.items}
    members = {m.id: m for m in team.members}
    for code, member_id in chosen.items():
        if code not in codes:
            raise ValidationError("Mục không thuộc mẫu bảng kiểm.", field=code)
        if member_id is not None and member_id not in members:
            raise ValidationError("Mục %(code)s: người chấm phải là thành viên của đoàn.", field=code, code=code)
    before = item_members(team.id, template.code)
    after = {**before, **{code: m for code, m in chosen.items() if m is not None}}
    for code, member_id in chosen.items():
        if member_id is None:
            after.pop(code, None)
    if after == before:
        return

    def who(member_id: int | None) -> str | None:
        return members[member_id].user.display_name if member_id in members else None

    db.session.execute(sa.delete(TeamItem).where(TeamItem.team_id == team.id, TeamItem.template_code == template.code))
    for code, member_id in sorted(after.items()):
        db.session.add(TeamItem(team_id=team.id, template_code=template.code, item_code=code, member_id=member_id))
    record("xsd_team", team.id, {f"{template.code}.{code}": (who(before.get(code)), who(after.get(code)))
                                 for code in sorted(set(before) | set(after)) if before.get(code) != after.get(code)},
           user=user, hospital_id=team.hospital_id)
    db.session.flush()


def check_team(team: Team | None, hospital_id: int) -> None:
    if team is not None and (team.hospital_id != hospital_id or not team.active):
        raise ValidationError("Đoàn kiểm tra không thuộc bệnh viện hoặc đã ngừng hoạt động.", field="team_id")


# --- a team's audit -------------------------------------------------------------------------------

def item_owners(audit: Audit) -> dict[int, TeamMember | None]:
    """Item id → the member who scores it in a team's audit (None: any member); empty without a team."""
    if audit.team is None:
        return {}
    members = {m.id: m for m in audit.team.members}
    by_code = item_members(audit.team.id, audit.template.code)
    return {item.id: members.get(by_code.get(item.code, 0)) for item in audit.template.items}


def editable_items(audit: Audit, user: User) -> set[int]:
    """The items this user may change now: every item for the auditor of a one-person audit (and for the
    KSNK lead once submitted, as before); in a team's draft audit, a member's own items and those given
    to nobody."""
    every = {item.id for item in audit.template.items}
    if audit.submitted:
        return every if user.can("xsd.edit_submitted") else set()
    if audit.team is None:
        return every if user.can("xsd.audit") else set()
    me = audit.team.member_of(user.id)
    if me is None or not user.active:
        return set()
    return {item_id for item_id, owner in item_owners(audit).items() if owner is None or owner.id == me.id}


def may_submit(audit: Audit, user: User) -> bool:
    """A team's draft: any member (or KSNK staff, who run the schedule); otherwise whoever may edit it."""
    if audit.team is not None and not audit.submitted:
        return audit.team.member_of(user.id) is not None or user.can("xsd.audit")
    return bool(editable_items(audit, user))


def progress(audit: Audit) -> list[dict]:
    """Per member of a team's audit: their items, how many are scored, and which are still unscored;
    a last row (member None) for the items given to nobody."""
    owners = item_owners(audit)
    answered = {a.item_id for a in audit.answers if a.choice}
    rows: dict[int | None, dict] = {m.id: {"member": m, "items": [], "unscored": []} for m in audit.team.members} if audit.team else {}
    for item in audit.template.items:
        owner = owners.get(item.id)
        row = rows.setdefault(owner.id if owner else None, {"member": owner, "items": [], "unscored": []})
        row["items"].append(item)
        if item.id not in answered:
            row["unscored"].append(item)
    return [r for r in rows.values() if r["items"] or r["member"] is not None]
