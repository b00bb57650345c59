"""The review queue (/workflow/review): every criterion waiting for review, opened one by one or
approved and returned in bulk, without leaving the queue. Every row goes through `review`."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user

from quality_assess import clock
from quality_assess.assessments.models import Round, levels_rounds
from quality_assess.catalog.models import Chapter, Part
from quality_assess.database import db
from quality_assess.domain import BatchRefused, DomainError
from quality_assess.forms import first_error
from quality_assess.i18n import nfc
from quality_assess.limits import id_value
from quality_assess.web.access import require, scoped, scoped_or_404
from quality_assess.web.refusals import refusals
from quality_assess.workflow import queue as queries
from quality_assess.workflow.blueprint import bp
from quality_assess.workflow.evidence import list_evidence
from quality_assess.workflow.forms import BulkReviewForm
from quality_assess.workflow.operations import review_many
from quality_assess.workflow.routes import criterion_url, round_result
from quality_assess.workflow.rules import STATUS_LABELS


def _filters() -> queries.QueueFilter:
    status = request.args.get("status", "submitted")
    return queries.QueueFilter(
        chapter=nfc(request.args.get("chapter")) or "",
        department=request.args.get("department", type=id_value),
        assessor=request.args.get("assessor", type=id_value),
        status=status if status in queries.STATUS_FILTERS else "submitted",
    )


def queue_url(round_: Round, filters: queries.QueueFilter, **extra: Any) -> str:
    args = {"round": round_.id, "chapter": filters.chapter, "department": filters.department,
            "assessor": filters.assessor, "status": filters.status if filters.status != "submitted" else None, **extra}
    return url_for("workflow.review_queue", **{k: v for k, v in args.items() if v not in (None, "")})


@bp.app_template_filter("waited")
def waited(since: datetime | None) -> str:
    """How long ago (3 ngày, 5 giờ) a stored UTC time was, by the app's clock."""
    if since is None:
        return "—"
    return format_timedelta(clock.now() - clock.as_utc(since), granularity="minute", threshold=1.0)


@bp.route("/review", methods=["GET", "POST"])
@require("round.review")
def review_queue():
    """The queue of one round (`?round=`, else the newest open one), filtered by chapter, department,
    assessor and status; `?open=CODE` shows one criterion beside the list with its review form."""
    rounds = db.session.scalars(
        sa.select(Round).where(scoped(Round), levels_rounds(), Round.status != "locked").order_by(Round.year.desc(), Round.id.desc())).all()
    round_id = request.args.get("round", type=id_value)
    round_ = scoped_or_404(Round, round_id) if round_id else (rounds[0] if rounds else None)
    if round_ is None:
        return render_template("workflow/review.html", round=None, rounds=rounds)
    filters = _filters()
    form = BulkReviewForm()
    status, refused = 200, list[tuple[str, DomainError]]()
    if request.method == "POST":
        if form.validate():
            codes, versions = form.selection()
            with refusals() as refusal:
                done = review_many(round_, form.action.data, codes, user=current_user, comment=form.comment.data or "",
                                   versions=versions)
                message = _("Đã duyệt %(n)s tiêu chí.", n=len(done)) if form.action.data == "approve" else \
                    _("Đã trả lại %(n)s tiêu chí.", n=len(done))
                flash(message, "success")
                return redirect(queue_url(round_, filters, open=form.then.data or None))
            refused = refusal.error.refused if isinstance(refusal.error, BatchRefused) else []
            status = refusal.status
        else:
            flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
            status = 400
    rows = queries.queue(round_, filters)
    codes = [row.code for row in rows]
    open_code = nfc(request.args.get("open")) or ""
    opened = round_result(round_.id, open_code) if open_code else None
    following = None
    if opened is not None:
        later = codes[codes.index(open_code) + 1:] if open_code in codes else codes
        following = next((c for c in later if c != open_code), None) or next((c for c in codes if c != open_code), None)
    chapters = list(db.session.scalars(sa.select(Chapter).join(Part).order_by(Part.position, Chapter.position)))
    return render_template(
        "workflow/review.html", round=round_, rounds=rounds, rows=rows, filters=filters, form=form, refused=refused,
        status_filters=queries.STATUS_FILTERS, labels=STATUS_LABELS, chapters=chapters,
        departments=queries.departments(round_), assessors=queries.assessors(round_),
        opened=opened, following=following, queue_url=lambda **extra: queue_url(round_, filters, **extra),
        evidence=list_evidence(round_.id, opened.criterion_id) if opened is not None else [],
        criterion_url=criterion_url,
        selected={str(v).partition(":")[0] for v in (form.selected.data or [])} if request.method == "POST" else set(),
    ), status
