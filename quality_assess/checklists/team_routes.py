"""Pages of forms per department and inspection teams (they decorate the blueprint of checklists/blueprint.py):
which departments a template applies to, the teams, their members, and who of a team scores which item."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from quality_assess.auth.models import User
from quality_assess.checklists import operations, teams
from quality_assess.checklists.blueprint import bp
from quality_assess.checklists.forms import (
    RemoveMemberForm, TeamEditForm, TeamForm, TeamMemberForm, TemplateDepartmentsForm, item_member_field, team_items_form,
)
from quality_assess.checklists.models import ChecklistTemplate, Team, TeamMember
from quality_assess.database import db
from quality_assess.forms import first_error
from quality_assess.org.models import Department
from quality_assess.web.access import hospital_id, require, scoped_or_404
from quality_assess.web.refusals import refusals


def _visible_template(template_id: int) -> ChecklistTemplate:
    template = db.get_or_404(ChecklistTemplate, template_id)
    if template.hospital_id not in (None, hospital_id()):
        abort(404)
    return template


@bp.route("/templates/<int:template_id>/departments", methods=["GET", "POST"])
@require("xsd.manage")
def template_departments(template_id: int):
    """Give a template to departments as their own form, or leave it hospital-wide (nothing ticked)."""
    template = _visible_template(template_id)
    hid = hospital_id()
    form = TemplateDepartmentsForm()
    departments = db.session.scalars(sa.select(Department).where(Department.hospital_id == hid, Department.active).order_by(Department.name))
    form.department_ids.choices = [(d.id, d.name) for d in departments]
    if not form.is_submitted():
        form.department_ids.data = sorted(teams.assigned_departments(hid).get(template.code, set()))
        form.confirmed.data = "1"
    elif form.validate():
        with refusals():
            given = teams.set_template_departments(template, hospital_id=hid, department_ids=form.department_ids.data or [], user=current_user)
            flash(_("Đã giao mẫu cho %(n)s khoa/phòng.", n=len(given)) if given else _("Mẫu áp dụng cho toàn bệnh viện."), "success")
            return redirect(url_for("checklists.templates"))
    else:
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
        return render_template("checklists/template_departments.html", template=template, form=form), 400
    return render_template("checklists/template_departments.html", template=template, form=form)


@bp.route("/teams", methods=["GET", "POST"])
@require(read="xsd.view", write="xsd.manage")
def teams_page():
    hid = hospital_id()
    form = TeamForm()
    if form.is_submitted():
        if form.validate():
            with refusals():
                team = teams.create_team(hospital_id=hid, name=form.name.data, user=current_user)
                flash(_("Đã tạo %(name)s.", name=team.name), "success")
                return redirect(url_for("checklists.team", team_id=team.id))
        else:
            flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
        return render_template("checklists/teams.html", teams=teams.teams_of(hid), form=form), 400
    return render_template("checklists/teams.html", teams=teams.teams_of(hid), form=form)


def _people(hid: int) -> list[User]:
    return list(db.session.scalars(
        sa.select(User).where(User.hospital_id == hid, User.active).order_by(User.full_name, User.username)
    ))


def _team_page(team: Team, *, edit_form: TeamEditForm | None = None, member_form: TeamMemberForm | None = None, status: int = 200):
    if edit_form is None:
        edit_form = TeamEditForm(formdata=None, name=team.name, active=team.active)
    if member_form is None:
        member_form = TeamMemberForm(formdata=None)
    taken = {m.user_id for m in team.members}
    member_form.user_id.choices = [(u.id, u.display_name + f" ({u.username})") for u in _people(team.hospital_id) if u.id not in taken]
    return render_template("checklists/team.html", team=team, edit_form=edit_form, member_form=member_form,
                           remove_form=RemoveMemberForm(formdata=None, confirmed="1"), templates=operations.templates_for(team.hospital_id)), status


@bp.route("/teams/<int:team_id>", methods=["GET", "POST"])
@require(read="xsd.view", write="xsd.manage")
def team(team_id: int):
    """The team with its members; a POST renames it or switches it on/off."""
    hospital_id()  # a hospital's page: the province has none
    team = scoped_or_404(Team, team_id)
    form = TeamEditForm()
    if not form.is_submitted():
        return _team_page(team)
    if form.validate():
        with refusals():
            teams.update_team(team, name=form.name.data, active=bool(form.active.data), user=current_user)
            flash(_("Đã lưu đoàn kiểm tra."), "success")
            return redirect(url_for("checklists.team", team_id=team.id))
        team = scoped_or_404(Team, team_id)
    else:
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    return _team_page(team, edit_form=form, status=400)


@bp.route("/teams/<int:team_id>/members", methods=["POST"])
@require("xsd.manage")
def add_team_member(team_id: int):
    team = scoped_or_404(Team, team_id)
    form = TeamMemberForm()
    form.user_id.choices = [(u.id, u.display_name) for u in _people(team.hospital_id)]
    if form.validate():
        with refusals():
            member = scoped_or_404(User, form.user_id.data)
            teams.add_member(team, member, position=form.position.data or "", user=current_user)
            flash(_("Đã thêm %(name)s vào đoàn.", name=member.display_name), "success")
            return redirect(url_for("checklists.team", team_id=team.id))
        team = scoped_or_404(Team, team_id)
    else:
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    return _team_page(team, member_form=form, status=400)


@bp.route("/teams/members/<int:member_id>/remove", methods=["POST"])
@require("xsd.manage")
def remove_team_member(member_id: int):
    member = scoped_or_404(TeamMember, member_id)
    team_id = member.team_id
    form = RemoveMemberForm()
    if not form.validate():
        abort(400)
    with refusals():
        name = member.user.display_name
        teams.remove_member(member, user=current_user)
        flash(_("Đã bỏ %(name)s khỏi đoàn.", name=name), "success")
    return redirect(url_for("checklists.team", team_id=team_id))


@bp.route("/teams/<int:team_id>/items/<int:template_id>", methods=["GET", "POST"])
@require("xsd.manage")
def team_items(team_id: int, template_id: int):
    """Who of the team scores each item of a template (the workbooks' "Thành viên phụ trách")."""
    team = scoped_or_404(Team, team_id)
    template = _visible_template(template_id)
    choices = [(0, _("— Thành viên bất kỳ —"))] + [
        (m.id, m.user.display_name + (f" ({m.position})" if m.position else "")) for m in team.members]
    items = template.items
    form = team_items_form(items, choices, teams.item_members(team.id, template.code))
    if form.is_submitted():
        if form.validate():
            chosen = {item.code: (getattr(form, item_member_field(item)).data or None) for item in items}
            with refusals():
                teams.set_item_members(team, template, chosen, user=current_user)
                flash(_("Đã lưu người chấm từng mục."), "success")
                return redirect(url_for("checklists.team_items", team_id=team.id, template_id=template.id))
        else:
            flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
        return render_template("checklists/team_items.html", team=team, template=template, form=form, field=item_member_field), 400
    return render_template("checklists/team_items.html", team=team, template=template, form=form, field=item_member_field)
