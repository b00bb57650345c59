"""Team workflow pages: my criteria, assignments, evidence, review, the round's audit trail."""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.routing import BuildError
from werkzeug.wrappers import Response as WerkzeugResponse

from quality_assess import clock
from quality_assess.assessments.items import item_result_select
from quality_assess.assessments.models import ItemResult, Result, Round, levels_rounds
from quality_assess.assessments.operations import set_round_status
from quality_assess.auth.models import User
from quality_assess.catalog.models import Criterion
from quality_assess.database import db
from quality_assess.files import send_private
from quality_assess.forms import first_error
from quality_assess.history.models import ChangeLog
from quality_assess.limits import id_value
from quality_assess.web.access import require, scoped, scoped_or_404
from quality_assess.web.redirects import redirect_back
from quality_assess.web.refusals import refusals
from quality_assess.workflow import trail
from quality_assess.workflow.blueprint import bp
from quality_assess.workflow.evidence import (
    add_evidence, add_item_evidence, delete_evidence, delete_item_evidence, evidence_path, list_evidence, list_item_evidence,
)
from quality_assess.workflow.forms import EvidenceForm, ItemEvidenceForm, ReviewForm, SubmitRoundForm
from quality_assess.workflow.hooks import may_answer
from quality_assess.workflow.models import Assignment, Evidence, ItemEvidence, assignment_assessors
from quality_assess.workflow.operations import four_eyes_bars, review, unapproved_codes
from quality_assess.workflow.rules import STATUS_LABELS, TRANSITIONS, is_overdue

def criterion_url(round_id: int, code: str) -> str:
    """The walk-through page of a criterion (its trail until the walk-through is installed)."""
    try:
        return url_for("assessments.criterion", round_id=round_id, code=code)
    except BuildError:
        return url_for("workflow.history", round_id=round_id, criterion=code)


def back(round_id: int, code: str, target: str | None) -> WerkzeugResponse:
    """Redirect to the page the form came from when it is a local path, else to the criterion."""
    return redirect_back(target, criterion_url(round_id, code))


def round_result(round_id: int, code: str) -> Result:
    """A criterion's result in a round the user may see; 404 otherwise (another hospital's too)."""
    return db.one_or_404(
        sa.select(Result).join(Round, Result.round_id == Round.id).join(Criterion, Result.criterion_id == Criterion.id)
        .where(Result.round_id == round_id, Criterion.code == code, scoped(Round))
    )


@bp.route("/")
@require("round.view")
def index():
    """Việc của tôi: the criteria assigned to me in open rounds, with progress."""
    rows = db.session.execute(
        sa.select(Assignment, Result)
        .join(assignment_assessors, assignment_assessors.c.assignment_id == Assignment.id)
        .join(Result, sa.and_(Result.round_id == Assignment.round_id, Result.criterion_id == Assignment.criterion_id))
        .join(Round, Round.id == Assignment.round_id)
        .join(Criterion, Criterion.id == Assignment.criterion_id)
        .where(assignment_assessors.c.user_id == current_user.id, Round.status != "locked", scoped(Round))
        .order_by(Round.year.desc(), Round.id.desc(), Criterion.position)
    ).all()
    rounds: dict[int, dict] = {}
    for assignment, result in rows:
        group = rounds.setdefault(assignment.round_id, {"round": assignment.round, "items": [], "answered": 0, "approved": 0, "overdue": 0,
                                                        "today": clock.today(assignment.round.hospital)})
        overdue = assignment.round.status == "draft" and is_overdue(assignment.due_date, group["today"], result.review_status, result.not_applicable)
        group["items"].append({"assignment": assignment, "result": result, "overdue": overdue,
                               "url": criterion_url(result.round_id, assignment.criterion.code)})
        group["overdue"] += overdue
        group["answered"] += result.answered
        group["approved"] += result.review_status == "approved"
    managed: Sequence[Round] = []
    if current_user.can("round.manage") or current_user.can("audit.view"):
        managed = db.session.scalars(sa.select(Round).where(scoped(Round), levels_rounds()).order_by(Round.year.desc(), Round.id.desc())).all()
    return render_template("workflow/index.html", groups=list(rounds.values()), managed=managed, labels=STATUS_LABELS)


@bp.app_template_global("workflow_panel")
def workflow_panel(round_: Round, result: Result) -> dict:
    """What the criterion panel shows: evidence, review actions open to the user, the criterion's trail."""
    can_answer = may_answer(current_user, result)
    can_review = current_user.can("round.review")
    actions = [a for a, (sources, _t) in TRANSITIONS.items()
               if result.review_status in sources and (can_review if a != "submit" else can_answer)]
    four_eyes = "approve" in actions and four_eyes_bars(result, current_user)
    if four_eyes:
        actions.remove("approve")
    sub_items = [("", "—")] + [(s.code, s.code) for s in result.criterion.sub_items]
    evidence_form = EvidenceForm(formdata=None)
    evidence_form.sub_item.choices = sub_items
    return {
        "evidence": list_evidence(round_.id, result.criterion_id),
        "can_upload": can_answer and current_user.can("evidence.upload") and not round_.locked,
        "actions": [] if round_.locked else actions,
        "four_eyes": four_eyes and not round_.locked,   # the user saved this answer: someone else approves it
        "status_label": _(STATUS_LABELS.get(result.review_status, result.review_status)),
        "evidence_form": evidence_form,
        "review_form": ReviewForm(formdata=None),
        "history": trail.rows(trail.entries(round_.id, result.criterion.code, limit=50)) if current_user.can("audit.view") else None,
    }


@bp.route("/rounds/<int:round_id>/results/<code>/review", methods=["POST"])
@require("round.answer")  # submit needs the criterion assigned, approve/return `round.review`: checked by `review`
def review_result(round_id: int, code: str):
    result = round_result(round_id, code)
    form = ReviewForm()
    if not form.validate():
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
        return back(round_id, code, form.next.data)
    with refusals():
        review(result, form.action.data, user=current_user, comment=form.comment.data or "", expected_version=form.version.data)
        flash(_("Tiêu chí %(code)s: %(status)s.", code=code, status=_(STATUS_LABELS[result.review_status])), "success")
    return back(round_id, code, form.next.data)


@bp.route("/rounds/<int:round_id>/results/<code>/evidence", methods=["POST"])
@require("evidence.upload")
def upload_evidence(round_id: int, code: str):
    result = round_result(round_id, code)
    form = EvidenceForm()
    form.sub_item.choices = [("", "—")] + [(s.code, s.code) for s in result.criterion.sub_items]
    if not form.validate():
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
        return back(round_id, code, form.next.data)
    upload = form.file.data
    with refusals():
        evidence = add_evidence(result, upload.stream, upload.filename, user=current_user, sub_item_code=form.sub_item.data or None)
        flash(_("Đã thêm minh chứng “%(name)s”.", name=evidence.original_name), "success")
    return back(round_id, code, form.next.data)


@bp.route("/evidence/<int:evidence_id>")
@require("round.view")
def download_evidence(evidence_id: int):
    evidence = scoped_or_404(Evidence, evidence_id)
    return send_private(evidence_path(evidence), evidence.mimetype, download_name=evidence.original_name)


@bp.route("/evidence/<int:evidence_id>/delete", methods=["POST"])
@require("evidence.upload")
def remove_evidence(evidence_id: int):
    evidence = scoped_or_404(Evidence, evidence_id)
    round_id, code, name = evidence.round_id, evidence.criterion.code, evidence.original_name
    with refusals():
        delete_evidence(evidence, user=current_user)
        flash(_("Đã xóa minh chứng “%(name)s”.", name=name), "success")
    return back(round_id, code, request.form.get("next"))


@bp.route("/rounds/<int:round_id>/submit", methods=["GET", "POST"])
@require("round.manage")
def submit_round(round_id: int):
    """Submit a round: allowed once every applicable criterion is approved, or with a written reason."""
    round_ = scoped_or_404(Round, round_id)
    form = SubmitRoundForm()
    if form.validate_on_submit():
        with refusals():
            set_round_status(round_, "submitted", user=current_user, override_reason=form.override_reason.data)
            flash(_("Đã nộp đợt đánh giá “%(name)s”.", name=round_.name), "success")
            return redirect(url_for("assessments.overview", round_id=round_.id))
    return render_template("workflow/submit.html", round=round_, form=form, pending=unapproved_codes(round_))


@bp.route("/rounds/<int:round_id>/history")
@require("audit.view")
def history(round_id: int):
    round_ = scoped_or_404(Round, round_id)
    criterion = (request.args.get("criterion") or "").strip() or None
    user_id = request.args.get("user", type=id_value)
    logs = trail.entries(round_.id, criterion, user_id)
    if request.args.get("format") == "xlsx":
        title = _("Lịch sử thay đổi: %(name)s (%(year)s)", name=round_.name, year=round_.year)
        response = Response(trail.workbook(title, logs), mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response.headers["Content-Disposition"] = f'attachment; filename="lich-su-dot-{round_.id}.xlsx"'
        return response
    users = db.session.scalars(
        sa.select(User).where(User.id.in_(sa.select(ChangeLog.user_id).where(ChangeLog.round_id == round_.id))).order_by(User.username)
    ).all()
    return render_template("workflow/history.html", round=round_, rows=trail.rows(logs), users=users, criterion=criterion, user_id=user_id)



# ---------------------------------------------------------------- evidence files of a TT 35 item


@bp.app_template_global("item_evidence_panel")
def item_evidence_panel(round_: Round, row: ItemResult) -> dict:
    """The files of a TT 35 item and whether the user may add or remove them (on the item's page)."""
    return {"evidence": list_item_evidence(row), "form": ItemEvidenceForm(formdata=None),
            "can_upload": current_user.can("evidence.upload") and current_user.can("round.answer") and not round_.locked}


def _item_back(round_id: int, code: str) -> WerkzeugResponse:
    return redirect(url_for("assessments.item", tt35_round_id=round_id, item_code=code))


@bp.route("/rounds/<int:tt35_round_id>/items/<item_code>/evidence", methods=["POST"])
@require("evidence.upload")
def upload_item_evidence(tt35_round_id: int, item_code: str):
    round_ = scoped_or_404(Round, tt35_round_id)
    row = db.one_or_404(item_result_select(round_, item_code))
    form = ItemEvidenceForm()
    if not form.validate():
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
        return _item_back(round_.id, item_code)
    with refusals():
        evidence = add_item_evidence(row, form.file.data.stream, form.file.data.filename, user=current_user)
        flash(_("Đã thêm minh chứng “%(name)s”.", name=evidence.original_name), "success")
    return _item_back(round_.id, item_code)


@bp.route("/item-evidence/<int:item_evidence_id>")
@require("round.view")
def download_item_evidence(item_evidence_id: int):
    evidence = scoped_or_404(ItemEvidence, item_evidence_id)
    return send_private(evidence_path(evidence), evidence.mimetype, download_name=evidence.original_name)


@bp.route("/item-evidence/<int:item_evidence_id>/delete", methods=["POST"])
@require("evidence.upload")
def remove_item_evidence(item_evidence_id: int):
    evidence = scoped_or_404(ItemEvidence, item_evidence_id)
    round_id, code, name = evidence.round_id, evidence.item_result.item.code, evidence.original_name
    with refusals():
        delete_item_evidence(evidence, user=current_user)
        flash(_("Đã xóa minh chứng “%(name)s”.", name=name), "success")
    return _item_back(round_id, code)
