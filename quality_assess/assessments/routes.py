"""Rounds: list, create, change status. The walk-through pages live beside them."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from quality_assess.assessments import items as framework_items
from quality_assess.assessments import queries, signals
from quality_assess.assessments.forms import (
    ConfirmCarriedForm, ConfirmForm, ItemDepartmentForm, ItemForm, ItemReviewForm, ReasonForm, RenameRoundForm, RoundForm,
    changes, criterion_form, values_from_result,
)
from quality_assess.assessments.models import REVIEW_STATUSES, Round, RoundVersion
from quality_assess.assessments.operations import (
    confirm_result, create_round, delete_round, rename_round, reopen_round, save_result, set_chapter_not_applicable,
    set_round_status, summarize_round, undo_chapter_not_applicable,
)
from quality_assess.catalog import links
from quality_assess.catalog.models import Chapter
from quality_assess.database import db
from quality_assess.domain import StaleEdit
from quality_assess.history.models import ChangeLog
from quality_assess.forms import first_error
from quality_assess.i18n import nfc
from quality_assess.org.models import Department, Hospital
from quality_assess.web.access import hospital_id, require, scoped, scoped_or_404, sees_all_hospitals
from quality_assess.web.refusals import refusals

bp = Blueprint("assessments", __name__)


@bp.route("/", methods=["GET", "POST"])
@require(read="round.view", write="round.manage")
def index():
    if request.method == "GET" and sees_all_hospitals():
        # The health department reads rounds hospital by hospital, from the province table: one list of every
        # round of every hospital (15,000 in a national installation) would name no hospital and help no one.
        return redirect(url_for("province.index"))
    rounds = db.session.scalars(sa.select(Round).where(scoped(Round)).order_by(Round.year.desc(), Round.id.desc())).all()
    form = RoundForm()
    form.source_round_id.choices = [(0, "—")] + [(r.id, f"{r.name} ({r.year})") for r in rounds]
    form.framework.choices = [(f.code, f.name) for f in framework_items.frameworks()]
    if form.is_submitted():
        if form.validate():
            hospital = db.get_or_404(Hospital, hospital_id())
            source = scoped_or_404(Round, form.source_round_id.data) if form.source_round_id.data else None
            with refusals():
                round_ = create_round(hospital, name=form.name.data, year=form.year.data, kind=form.kind.data,
                                      user=current_user, source=source, carry_answers=bool(form.carry_answers.data),
                                      framework=framework_items.framework_by_code(form.framework.data))
                flash(_("Đã tạo đợt đánh giá “%(name)s”.", name=round_.name), "success")
                return redirect(url_for("assessments.overview", round_id=round_.id))
        else:
            flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    return render_template("assessments/index.html", rounds=rounds, form=form)


@bp.route("/<int:round_id>/status/<status>", methods=["POST"])
@require("round.manage")
def change_status(round_id: int, status: str):
    round_ = scoped_or_404(Round, round_id)
    with refusals():
        set_round_status(round_, status, user=current_user, override_reason=nfc(request.form.get("override_reason")) or None)
        flash(_("Đã cập nhật trạng thái đợt đánh giá."), "success")
    return redirect(url_for("assessments.overview", round_id=round_.id))


@bp.route("/<int:round_id>/rename", methods=["GET", "POST"])
@require("round.manage")
def rename(round_id: int):
    round_ = scoped_or_404(Round, round_id)
    form = RenameRoundForm(data={"name": round_.name})
    status = 200
    if form.is_submitted():
        if form.validate():
            with refusals() as refusal:
                rename_round(round_, form.name.data, user=current_user)
                flash(_("Đã đổi tên đợt đánh giá thành “%(name)s”.", name=round_.name), "success")
                return redirect(url_for("assessments.overview", round_id=round_.id))
            status = refusal.status
        else:
            flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
            status = 400
    return render_template("assessments/rename.html", round=round_, form=form), status


@bp.route("/<int:round_id>/delete", methods=["GET", "POST"])
@require("round.manage")
def delete(round_id: int):
    """A confirmation page, then the deletion of a draft round (recorded in the trail)."""
    round_ = scoped_or_404(Round, round_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        with refusals():
            name = round_.name
            delete_round(round_, user=current_user)
            flash(_("Đã xóa đợt đánh giá “%(name)s”.", name=name), "success")
            return redirect(url_for("assessments.index"))
        return redirect(url_for("assessments.overview", round_id=round_id))
    return render_template("assessments/delete.html", round=round_, form=form)


@bp.route("/<int:round_id>/reopen", methods=["GET", "POST"])
@require("round.reopen")
def reopen(round_id: int):
    """An admin reopens a locked round with a written reason; what it showed at lock time is kept."""
    round_ = scoped_or_404(Round, round_id)
    form = ReasonForm()
    status = 200
    if form.is_submitted():
        if form.validate():
            with refusals() as refusal:
                reopen_round(round_, form.reason.data, user=current_user)
                flash(_("Đã mở lại đợt đánh giá. Cần nộp và khóa lại sau khi sửa."), "success")
                return redirect(url_for("assessments.overview", round_id=round_.id))
            status = refusal.status
        else:
            flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
            status = 400
    versions = db.session.scalars(
        sa.select(RoundVersion).where(RoundVersion.round_id == round_.id).order_by(RoundVersion.reopened_at.desc())
    ).all()
    return render_template("assessments/reopen.html", round=round_, form=form, versions=versions), status


@bp.route("/<int:round_id>/chapters/<chapter_code>/not-applicable", methods=["POST"])
@require("round.manage")
def chapter_not_applicable(round_id: int, chapter_code: str):
    round_ = scoped_or_404(Round, round_id)
    chapter = db.one_or_404(sa.select(Chapter).where(Chapter.code == chapter_code))
    form = ReasonForm()
    if not form.validate():
        flash(_("Cần ghi lý do khi đánh dấu cả chương không áp dụng."), "error")
    else:
        with refusals():
            n = set_chapter_not_applicable(round_, chapter, form.reason.data, user=current_user)
            flash(_("Đã đánh dấu %(n)s tiêu chí của chương %(code)s không áp dụng.", n=n, code=chapter.code), "success")
    return redirect(url_for("assessments.overview", round_id=round_.id, _anchor=f"chapter-{chapter.code}"))


@bp.route("/<int:round_id>/chapters/<chapter_code>/not-applicable/undo", methods=["POST"])
@require("round.manage")
def undo_chapter(round_id: int, chapter_code: str):
    round_ = scoped_or_404(Round, round_id)
    chapter = db.one_or_404(sa.select(Chapter).where(Chapter.code == chapter_code))
    with refusals():
        n = undo_chapter_not_applicable(round_, chapter, user=current_user)
        flash(_("Đã hoàn tác: %(n)s tiêu chí của chương %(code)s áp dụng trở lại.", n=n, code=chapter.code), "success")
    return redirect(url_for("assessments.overview", round_id=round_.id, _anchor=f"chapter-{chapter.code}"))


LEVEL_FILTERS = ("1", "2", "3", "4", "5", "na", "unanswered")
REVIEW_FILTERS = (*REVIEW_STATUSES, "overdue")


def _level_key(result) -> str:
    if result.not_applicable:
        return "na"
    return str(result.level) if result.level is not None else "unanswered"


@bp.route("/<int:round_id>")
@require("round.view")
def overview(round_id: int):
    """All 83 criteria grouped by part and chapter, filterable, with progress per part (a TT 35 round:
    its items by group and its result, passed or not, with the "Không" items by group)."""
    round_ = scoped_or_404(Round, round_id)
    if round_.yes_no:
        return _item_overview(round_)
    results = queries.round_results(round_.id)
    filters = {k: request.args.get(k, "") for k in ("part", "chapter", "level", "review")}
    overdue = signals.overdue(round_)

    shown = [
        r for r in results
        if (not filters["part"] or r.criterion.chapter.part.code == filters["part"])
        and (not filters["chapter"] or r.criterion.chapter.code == filters["chapter"])
        and (not filters["level"] or _level_key(r) == filters["level"])
        and (not filters["review"] or r.review_status == filters["review"] or (filters["review"] == "overdue" and r.criterion_id in overdue))
    ]
    parts, chapters = queries.parts_and_chapters()
    return render_template(
        "assessments/overview.html", round=round_, groups=queries.grouped(shown), shown=len(shown), total=len(results),
        progress=queries.progress(results), parts=parts, chapters=chapters, filters=filters, level_filters=LEVEL_FILTERS,
        evidence=signals.evidence_counts(round_.id), overdue=overdue, review_filters=REVIEW_FILTERS,
        provisional=sum(1 for r in results if r.needs_confirmation and not r.not_applicable),
    )


@bp.route("/<int:round_id>/criteria/<code>", methods=["GET", "POST"])
@require("round.view")
def criterion(round_id: int, code: str):
    """One criterion: its levels, the answers, the computed level; "save and next" walks the 83."""
    round_ = scoped_or_404(Round, round_id)
    result = db.one_or_404(queries.result_select(round_, code))
    codes = queries.criterion_codes()
    previous, following = queries.neighbours(codes, code)
    # What is stored, or on POST what the user sent (kept on a refusal so nothing typed is lost).
    form = criterion_form(result.criterion, None if request.method == "POST" else result)
    status, error, diff = 200, None, None
    if request.method == "POST":
        if not signals.may_answer(current_user, result):
            abort(403)
        with refusals(flash_message=False) as refusal:  # the page shows the refusal beside what was typed
            answer = form.answer()
            save_result(result, answer, user=current_user, expected_version=form.expected_version())
            level = _("Không áp dụng") if result.not_applicable else (
                _("Mức %(n)s", n=result.level) if result.level else _("chưa đủ câu trả lời để tính mức"))
            flash(_("Đã lưu tiêu chí %(code)s: %(level)s.", code=code, level=level), "success")
            target = following if form.action.data == "next" and following else code
            return redirect(url_for("assessments.criterion", round_id=round_id, code=target))
        error, status = refusal.error.text(), refusal.status
        if isinstance(refusal.error, StaleEdit):  # after the rollback `result` reads as stored now
            diff = changes(values_from_result(result), form.values(), bool(result.criterion.sub_items))
    editable = not round_.locked and signals.may_answer(current_user, result)
    return render_template(
        "assessments/criterion.html", round=round_, result=result, criterion=result.criterion, form=form,
        editable=editable, error=error, diff=diff, codes=codes, previous=previous, following=following,
        items_by_level={n: [s for s in result.criterion.sub_items if s.level == n] for n in range(1, 6)},
    ), status


@bp.route("/<int:round_id>/criteria/<code>/confirm", methods=["POST"])
@require("round.view")
def confirm(round_id: int, code: str):
    """One click: the carried answer still holds (nothing changed since last year)."""
    round_ = scoped_or_404(Round, round_id)
    result = db.one_or_404(queries.result_select(round_, code))
    if not signals.may_answer(current_user, result):
        abort(403)
    form = ConfirmCarriedForm()
    if not form.validate():
        abort(400)
    with refusals():
        confirm_result(result, user=current_user, expected_version=form.expected_version())
        flash(_("Đã xác nhận tiêu chí %(code)s không thay đổi.", code=code), "success")
    following = queries.neighbours(queries.criterion_codes(), code)[1]
    target = following if form.action.data == "next" and following else code
    return redirect(url_for("assessments.criterion", round_id=round_id, code=target))


@bp.route("/<int:round_id>/result")
@require("round.view")
def result(round_id: int):
    """The result block every hospital report prints (the frozen snapshot once locked)."""
    round_ = scoped_or_404(Round, round_id)
    if round_.yes_no:  # its result is on its overview
        return redirect(url_for("assessments.overview", round_id=round_.id, _anchor="result"))
    summary = round_.snapshot if round_.locked and round_.snapshot else summarize_round(round_).as_dict()
    parts, chapters = queries.parts_and_chapters()
    return render_template(
        "assessments/result.html", round=round_, summary=summary, parts=parts, chapters=chapters,
        low=queries.results_by_code(round_.id, summary["low"]),
    )


@bp.route("/<int:round_id>/jump")
@require("round.view")
def jump(round_id: int):
    """The jump list without JavaScript: go to the chosen criterion."""
    round_ = scoped_or_404(Round, round_id)
    code = request.args.get("code", "")
    if not code:
        return redirect(url_for("assessments.overview", round_id=round_.id))
    if code not in queries.criterion_codes():
        abort(404)
    return redirect(url_for("assessments.criterion", round_id=round_.id, code=code))


# ---------------------------------------------------------------- a round of TT 35/2024 (Có / Không / Không áp dụng)


def _item_overview(round_: Round):
    rows = framework_items.item_results(round_)
    result = framework_items.score_round(round_)
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(row.item.group_code, []).append(row)
    departments = {d.id: d.name for d in db.session.scalars(sa.select(Department).where(Department.hospital_id == round_.hospital_id))}
    return render_template(
        "assessments/items_overview.html", round=round_, groups=groups, result=result, departments=departments,
        by_code={row.item.code: row for row in rows}, labels=framework_items.ANSWER_LABELS,
    )


def _item_row(round_: Round, code: str):
    if not round_.yes_no:
        abort(404)
    return db.one_or_404(framework_items.item_result_select(round_, code))


@bp.route("/<int:tt35_round_id>/items/<item_code>", methods=["GET", "POST"])
@require(read="round.view", write="round.answer")
def item(tt35_round_id: int, item_code: str):
    """One TT 35 item: Có / Không / Không áp dụng (with its reason), note and evidence; "save and next" walks them."""
    round_id, code = tt35_round_id, item_code
    round_ = scoped_or_404(Round, round_id)
    row = _item_row(round_, code)
    codes = [r.item.code for r in framework_items.item_results(round_)]
    previous, following = queries.neighbours(codes, code)
    form = ItemForm(data=None if request.method == "POST" else {
        "answer": row.answer, "reason": row.reason, "note": row.note, "evidence": row.evidence, "version": row.version})
    status, error = 200, None
    if request.method == "POST":
        if form.validate():
            with refusals(flash_message=False) as refusal:
                framework_items.save_item(row, framework_items.ItemAnswer(
                    answer=form.answer.data or None, reason=form.reason.data or "", note=form.note.data or "",
                    evidence=form.evidence.data or ""), user=current_user, expected_version=form.expected_version())
                flash(_("Đã lưu mục %(code)s.", code=code), "success")
                target = following if form.action.data == "next" and following else code
                return redirect(url_for("assessments.item", tt35_round_id=round_id, item_code=target))
            error, status = refusal.error.text(), refusal.status
        else:
            error, status = first_error(form), 400
    trail = db.session.scalars(
        sa.select(ChangeLog).where(ChangeLog.round_id == round_.id, ChangeLog.criterion_code == code, ChangeLog.entity == "item_result")
        .order_by(ChangeLog.at.desc(), ChangeLog.id.desc()).limit(50)
    ).all()
    department_form = ItemDepartmentForm(data={"department_id": row.department_id or 0})
    department_form.department_id.choices = [(0, "—")] + [(d.id, d.name) for d in db.session.scalars(
        sa.select(Department).where(Department.hospital_id == round_.hospital_id, Department.active.is_(True)).order_by(Department.name))]
    return render_template(
        "assessments/item.html", round=round_, row=row, item=row.item, form=form, error=error, previous=previous,
        following=following, codes=codes, trail=trail, labels=framework_items.ANSWER_LABELS,
        editable=not round_.locked and current_user.can("round.answer"), review_form=ItemReviewForm(),
        department_form=department_form, linked=links.criteria_of_item(code), department=db.session.get(Department, row.department_id) if row.department_id else None,
    ), status


@bp.route("/<int:tt35_round_id>/items/<item_code>/review", methods=["POST"])
@require("round.review")
def item_review(tt35_round_id: int, item_code: str):
    round_id, code = tt35_round_id, item_code
    round_ = scoped_or_404(Round, round_id)
    row = _item_row(round_, code)
    form = ItemReviewForm()
    if not form.validate():
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    else:
        with refusals():
            framework_items.review_item(row, form.decision.data, form.comment.data or "", user=current_user)
            flash(_("Đã duyệt mục %(code)s.", code=code) if form.decision.data == "approved"
                  else _("Đã trả lại mục %(code)s.", code=code), "success")
    return redirect(url_for("assessments.item", tt35_round_id=round_id, item_code=code))


@bp.route("/<int:tt35_round_id>/items/<item_code>/department", methods=["POST"])
@require("round.manage")
def item_department(tt35_round_id: int, item_code: str):
    round_id, code = tt35_round_id, item_code
    round_ = scoped_or_404(Round, round_id)
    row = _item_row(round_, code)
    form = ItemDepartmentForm()
    form.department_id.choices = [(0, "—")] + [(d.id, d.name) for d in db.session.scalars(
        sa.select(Department).where(Department.hospital_id == round_.hospital_id))]
    if not form.validate():
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    else:
        department = scoped_or_404(Department, form.department_id.data) if form.department_id.data else None
        with refusals():
            framework_items.assign_item(row, department, user=current_user)
            flash(_("Đã phân công mục %(code)s.", code=code), "success")
    return redirect(url_for("assessments.item", tt35_round_id=round_id, item_code=code))
