"""Write operations on rounds and results: each validates, changes, records history and flushes (the request commits)."""
from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from quality_assess.assessments import items as framework_items
from quality_assess.assessments import scoring, signals
from quality_assess.assessments.models import ROUND_KINDS, Result, Round, RoundVersion, SubItemAnswer
from quality_assess.assessments.rules import ROUND_TRANSITIONS, ensure_editable, ensure_not_team_round
from quality_assess.auth.models import User
from quality_assess.catalog.models import Chapter, Criterion, Framework, Part, SubItem
from quality_assess.database import db, utcnow
from quality_assess.domain import StaleEdit, ValidationError
from quality_assess.history.models import record
from quality_assess.i18n import nfc
from quality_assess.org.models import Hospital

NA_REASONS = {
    "obstetrics": _l("Bệnh viện không có khoa Sản"),
    "paediatrics": _l("Bệnh viện không có khoa Nhi"),
}


def default_not_applicable(criterion: Criterion, hospital: Hospital) -> str | None:
    """The reason a criterion does not apply to this hospital by its profile, or None."""
    if criterion.applicability == "obstetrics" and not hospital.has_obstetrics:
        return str(NA_REASONS["obstetrics"])
    if criterion.applicability == "paediatrics" and not hospital.has_paediatrics:
        return str(NA_REASONS["paediatrics"])
    return None


# ---------------------------------------------------------------- rounds


def validate_round_fields(name: str | None, year: object, kind: str | None) -> tuple[str, int, str]:
    name = nfc(name or "")
    if not name:
        raise ValidationError("Tên đợt đánh giá không được để trống.", field="name")
    if len(name) > 200:
        raise ValidationError("Tên đợt đánh giá dài quá 200 ký tự.", field="name")
    try:
        year_int = int(year)  # type: ignore[call-overload]  # anything not a number is refused below
    except (TypeError, ValueError):
        raise ValidationError("Năm phải là một số, ví dụ 2026.", field="year") from None
    if isinstance(year, bool) or not 2000 <= year_int <= 2100:
        raise ValidationError("Năm phải nằm trong khoảng 2000–2100.", field="year")
    if kind not in ROUND_KINDS:
        raise ValidationError("Loại đợt đánh giá phải là tự đánh giá (self) hoặc đoàn kiểm tra (inspection).", field="kind")
    return name, year_int, kind


def create_round(
    hospital: Hospital, *, name: str, year: object, kind: str, user: User | None, source: Round | None = None,
    carry_answers: bool = False, framework: Framework | None = None, province_team: bool = False,
) -> Round:
    """A new round with one result per criterion. From `source`: applicability and notes, and with
    `carry_answers` also the answers, each criterion so carried marked as needing confirmation.
    `province_team`: the health department's inspection team's round (kind "inspection"), which the
    hospital reads and only the team writes (rules.ensure_editable).

    A round of a yes/no framework (TT 35) gets one answer per item instead (assessments/items.py); it
    starts only from a round of the same framework."""
    name, year_int, kind = validate_round_fields(name, year, kind)
    if province_team and kind != "inspection":
        raise ValidationError("Đợt của đoàn kiểm tra Sở Y tế phải là đợt kiểm tra.", field="kind")
    framework = framework or framework_items.framework_by_code(None)
    if source is not None and source.framework_id != framework.id:
        raise ValidationError("Chỉ có thể sao chép từ một đợt của cùng bộ tiêu chuẩn (%(name)s).", field="source_round",
                              name=framework.name)
    if framework.kind == "yes_no_na":
        if province_team:
            raise ValidationError("Đoàn kiểm tra của Sở Y tế chấm theo 83 tiêu chí.", field="framework")
        return _create_item_round(hospital, framework, name=name, year=year_int, kind=kind, user=user, source=source,
                                  carry_answers=carry_answers)
    criteria = db.session.scalars(
        sa.select(Criterion).options(selectinload(Criterion.sub_items)).order_by(Criterion.position)
    ).all()
    if not criteria:
        raise ValidationError("Chưa nạp bộ tiêu chí: chạy `flask catalog load` trước.")
    if carry_answers and source is None:
        raise ValidationError("Cần chọn đợt trước để mang theo câu trả lời.", field="source_round")
    previous: dict[int, Result] = {}
    if source is not None:
        if source.hospital_id != hospital.id:
            raise ValidationError("Chỉ có thể sao chép từ một đợt của cùng bệnh viện.", field="source")
        previous = {r.criterion_id: r for r in db.session.scalars(
            sa.select(Result).where(Result.round_id == source.id)
            .options(selectinload(Result.item_answers).joinedload(SubItemAnswer.sub_item))
        )}

    round_ = Round(hospital=hospital, name=name, year=year_int, kind=kind, created_by=user, source_round=source,
                   framework=framework, province_team=province_team)
    db.session.add(round_)
    carried = 0
    to_confirm: list[str] = []
    for criterion in criteria:
        result = Result(round=round_, criterion=criterion)
        if criterion.id in previous:
            old = previous[criterion.id]
            result.not_applicable, result.na_reason, result.note = old.not_applicable, old.na_reason, old.note
            if carry_answers and _carry_answers(result, old, criterion):
                carried += 1
                to_confirm.append(criterion.code)
        else:
            reason = default_not_applicable(criterion, hospital)
            if reason:
                result.not_applicable, result.na_reason = True, reason
        db.session.add(result)
    db.session.flush()
    changes: dict[str, tuple[object, object]] = {"created": (None, name)}
    if province_team:
        changes["province_team"] = (None, True)
    if carry_answers:
        changes["carried_answers"] = (None, carried)
    record("round", round_.id, changes, user=user, hospital_id=hospital.id, round_id=round_.id)
    db.session.flush()
    if to_confirm:  # the notifications domain tells the assessors (or the quality office) what to confirm
        signals.criteria_to_confirm.send(round_, codes=to_confirm, by=user)
    return round_


def _create_item_round(
    hospital: Hospital, framework: Framework, *, name: str, year: int, kind: str, user: User | None,
    source: Round | None, carry_answers: bool,
) -> Round:
    if carry_answers:
        raise ValidationError("Đợt theo %(name)s không mang theo câu trả lời: mỗi năm tự đánh giá lại từng mục.",
                              field="carry_answers", name=framework.name)
    if source is not None and source.hospital_id != hospital.id:
        raise ValidationError("Chỉ có thể sao chép từ một đợt của cùng bệnh viện.", field="source")
    round_ = Round(hospital=hospital, name=name, year=year, kind=kind, created_by=user, source_round=source, framework=framework)
    db.session.add(round_)
    framework_items.create_item_results(round_, framework, source)
    db.session.flush()
    record("round", round_.id, {"created": (None, name), "framework": (None, framework.code)}, user=user,
           hospital_id=hospital.id, round_id=round_.id)
    db.session.flush()
    return round_


def round_summary_dict(round_: Round) -> dict:
    """The round's summary in the shape of its framework (what the lock freezes and the API answers)."""
    if round_.yes_no:
        return framework_items.summary_dict(round_)
    return summarize_round(round_).as_dict()


def _carry_answers(result: Result, old: Result, criterion: Criterion) -> bool:
    """Copy the earlier answers to the new result; its level follows from them by the scoring rule (never
    copied: the sub-item list may have changed since). True when anything was carried."""
    if criterion.sub_items:
        current = {s.id for s in criterion.sub_items}
        for answer in old.item_answers:
            if answer.sub_item_id in current:
                result.item_answers.append(SubItemAnswer(sub_item=answer.sub_item, value=answer.value))
        _score_items(result, criterion.sub_items)
        has_answers = bool(result.item_answers)
    else:
        result.finding_l1 = old.finding_l1
        result.met_l2, result.met_l3, result.met_l4, result.met_l5 = old.met_l2, old.met_l3, old.met_l4, old.met_l5
        result.level = None if result.not_applicable else scoring.level_from_answers(result.finding_l1, result.met)
        has_answers = result.finding_l1 is not None or any(v is not None for v in result.met.values())
    result.needs_confirmation = has_answers and not result.not_applicable
    return result.needs_confirmation


def confirm_result(result: Result, *, user: User | None, expected_version: int | None = None) -> Result:
    """The assessor confirms a carried criterion unchanged: its answers and level stay, it is no longer provisional."""
    ensure_editable(result.round, user)
    if expected_version is not None and expected_version != result.version:
        raise stale_edit(result)
    if not result.needs_confirmation:
        raise ValidationError("Tiêu chí %(code)s không cần xác nhận lại.", field="needs_confirmation", code=result.criterion.code)
    result.needs_confirmation = False
    result.updated_at = utcnow()
    result.updated_by = user
    record("result", result.id, {"needs_confirmation": (True, False)}, user=user,
           hospital_id=result.round.hospital_id, round_id=result.round_id, criterion_code=result.criterion.code)
    db.session.flush()
    return result


def unconfirmed_codes(round_: Round) -> list[str]:
    """Carried criteria of the round still waiting for an assessor's confirmation, in catalogue order."""
    return list(db.session.scalars(
        sa.select(Criterion.code).join(Result, Result.criterion_id == Criterion.id)
        .where(Result.round_id == round_.id, Result.needs_confirmation.is_(True), Result.not_applicable.is_(False))
        .order_by(Criterion.position)
    ))


def set_round_status(round_: Round, status: str, *, user: User | None, override_reason: str | None = None) -> Round:
    """draft → submitted → locked (submitted can return to draft). Locking freezes the summary.

    Before submitting, `signals.round_submitting` lets the workflow refuse (criteria not approved)."""
    ensure_editable(round_, user)
    if (round_.status, status) not in ROUND_TRANSITIONS:
        raise ValidationError("Không thể chuyển đợt đánh giá từ trạng thái %(old)s sang %(new)s.", old=round_.status, new=status)
    if status == "submitted":
        signals.round_submitting.send(round_, user=user, override_reason=override_reason)
    old = round_.status
    round_.status = status
    if status == "submitted":
        round_.submitted_at = utcnow()
        if override_reason:
            round_.submit_override_reason = nfc(override_reason)
    if status == "locked":
        round_.locked_at = utcnow()
        round_.locked_by_id = user.id if user else None
        round_.snapshot = round_summary_dict(round_)
    record("round", round_.id, {"status": (old, status)}, user=user, hospital_id=round_.hospital_id, round_id=round_.id)
    db.session.flush()
    return round_


def rename_round(round_: Round, name: str, *, user: User | None) -> Round:
    """A new name; a locked round keeps its name (a locked round never changes silently)."""
    ensure_editable(round_, user)
    new_name, _year, _kind = validate_round_fields(name, round_.year, round_.kind)
    old = round_.name
    round_.name = new_name
    record("round", round_.id, {"name": (old, new_name)}, user=user, hospital_id=round_.hospital_id, round_id=round_.id)
    db.session.flush()
    return round_


def delete_round(round_: Round, *, user: User | None) -> None:
    """Delete a draft round with its results. Submitted and locked rounds are kept; a round an improvement
    plan was built from is kept too. The trail keeps its rows (round_id becomes empty, entity_id says which)."""
    if round_.status != "draft":
        raise ValidationError("Chỉ xóa được đợt đánh giá ở trạng thái nháp.", field="status")
    ensure_not_team_round(round_, user)
    signals.round_deleting.send(round_, user=user)  # a domain above may refuse (a plan) or clean up (evidence)
    record("round", round_.id, {"deleted": (round_.name, None)}, user=user, hospital_id=round_.hospital_id)
    for row in db.session.scalars(sa.select(Round).where(Round.source_round_id == round_.id)):
        row.source_round_id = None
    db.session.delete(round_)
    db.session.flush()


def reopen_round(round_: Round, reason: str, *, user: User | None) -> RoundVersion:
    """Reopen a locked round (back to draft) for a written reason. The lock-time snapshot is kept as a
    version and the reopening is in the trail; the round must be submitted and locked again."""
    if not round_.locked:
        raise ValidationError("Chỉ mở lại được đợt đánh giá đã khóa.", field="status")
    ensure_not_team_round(round_, user)
    reason = nfc(reason or "") or ""
    if not reason:
        raise ValidationError("Cần ghi lý do mở lại đợt đánh giá đã khóa.", field="reason")
    version = RoundVersion(
        hospital_id=round_.hospital_id, round_id=round_.id,
        snapshot=round_.snapshot or round_summary_dict(round_),
        locked_at=round_.locked_at, locked_by_id=round_.locked_by_id, reopened_at=utcnow(),
        reopened_by_id=user.id if user else None, reason=reason,
    )
    db.session.add(version)
    round_.status, round_.snapshot, round_.locked_at, round_.locked_by_id = "draft", None, None, None
    round_.submitted_at = None
    record("round", round_.id, {"status": ("locked", "draft"), "reopen_reason": (None, reason)}, user=user,
           hospital_id=round_.hospital_id, round_id=round_.id)
    db.session.flush()
    return version


def set_chapter_not_applicable(round_: Round, chapter: Chapter, reason: str, *, user: User | None) -> int:
    """Mark every criterion of a chapter not applicable with one reason; the criteria already not applicable
    keep their own reason. Their answers are kept, so undoing gives them back. Returns how many changed."""
    ensure_editable(round_, user)
    reason = nfc(reason or "") or ""
    if not reason:
        raise ValidationError("Cần ghi lý do khi đánh dấu cả chương không áp dụng.", field="reason")
    changed = 0
    for result in _chapter_results(round_, chapter):
        if result.not_applicable:
            continue
        before = snapshot_result(result)
        result.not_applicable, result.na_reason, result.na_by_chapter, result.level = True, reason, True, None
        result.updated_at, result.updated_by = utcnow(), user
        _record_result_change(result, before, user=user)
        changed += 1
    if not changed:
        raise ValidationError("Mọi tiêu chí của chương %(code)s đã không áp dụng.", field="chapter", code=chapter.code)
    db.session.flush()
    return changed


def undo_chapter_not_applicable(round_: Round, chapter: Chapter, *, user: User | None) -> int:
    """The criteria a chapter's N/A made not applicable apply again, with the answers they had."""
    ensure_editable(round_, user)
    changed = 0
    for result in _chapter_results(round_, chapter):
        if not result.na_by_chapter:
            continue
        before = snapshot_result(result)
        result.not_applicable, result.na_reason, result.na_by_chapter = False, "", False
        result.level = scoring.level_from_answers(result.finding_l1, result.met)
        result.updated_at, result.updated_by = utcnow(), user
        _record_result_change(result, before, user=user)
        changed += 1
    if not changed:
        raise ValidationError("Chương %(code)s không có tiêu chí nào được đánh dấu không áp dụng theo chương.", field="chapter", code=chapter.code)
    db.session.flush()
    return changed


def _chapter_results(round_: Round, chapter: Chapter) -> list[Result]:
    return list(db.session.scalars(
        sa.select(Result).join(Criterion, Result.criterion_id == Criterion.id)
        .where(Result.round_id == round_.id, Criterion.chapter_id == chapter.id)
        .options(selectinload(Result.item_answers).joinedload(SubItemAnswer.sub_item), joinedload(Result.criterion))
        .order_by(Criterion.position)
    ))


# ---------------------------------------------------------------- results


@dataclass
class Answer:
    """What an assessor submits for one criterion (from the web form, the API or a workbook).

    It is the whole answer: a level missing from `met` is unanswered, and with `items` every sub-item of
    the criterion not named becomes unanswered. `patched_answer` builds one that changes only what is named."""

    not_applicable: bool = False
    na_reason: str = ""
    finding: bool | None = None
    met: dict[int, bool | None] = field(default_factory=dict)
    items: dict[str, str | None] | None = None    # sub-item code → value (None or not named: unanswered)
    note: str | None = None                        # None keeps the stored note


def _ensure_form_fits(criterion: Criterion, answer: Answer) -> None:
    """Items answer a criterion with sub-items, per-level answers one without: never the other way round."""
    if answer.items is not None and not criterion.sub_items:
        raise ValidationError(
            "Tiêu chí %(code)s chưa có danh sách tiểu mục: hãy trả lời theo từng mức.", field="items", code=criterion.code
        )
    if answer.items is None and criterion.sub_items:
        raise ValidationError(
            "Tiêu chí %(code)s đã có danh sách tiểu mục: hãy đánh giá theo từng tiểu mục.", field="items", code=criterion.code
        )


def stored_items(result: Result) -> dict[str, str | None]:
    """The stored answer of each current sub-item of the criterion (None: unanswered)."""
    values = {a.sub_item.id: a.value for a in result.item_answers}
    return {s.code: values.get(s.id) for s in result.criterion.sub_items}


def patched_answer(
    result: Result, *, levels: Mapping[int, bool | None] | None = None,
    items: Mapping[str, str | None] | None = None, note: str | None = None,
) -> Answer:
    """The stored answer with only the named per-level answers (1: the level-1 finding) or sub-items changed.

    What PATCH means: everything not named keeps its answer; the criterion becomes applicable again."""
    criterion = result.criterion
    if items is not None:
        _ensure_form_fits(criterion, Answer(items=dict(items)))
        _validate_items(criterion, items)
        return Answer(items={**stored_items(result), **items}, note=note)
    _ensure_form_fits(criterion, Answer())
    merged: dict[int, bool | None] = {1: result.finding_l1, **result.met, **(levels or {})}
    return Answer(finding=merged[1], met={n: merged[n] for n in scoring.UPPER_LEVELS}, note=note)


def _validate_items(criterion: Criterion, items: Mapping[str, str | None]) -> dict[str, SubItem]:
    known = {s.code: s for s in criterion.sub_items}
    for code, value in items.items():
        sub = known.get(code)
        if sub is None:
            raise ValidationError("Tiểu mục %(code)s không thuộc tiêu chí %(criterion)s.", field=f"items.{code}", code=code, criterion=criterion.code)
        allowed = scoring.LEVEL1_VALUES if sub.level == 1 else scoring.UPPER_VALUES
        if value is not None and value not in allowed:
            raise ValidationError(
                "Giá trị “%(value)s” không hợp lệ cho tiểu mục %(code)s (chấp nhận: %(allowed)s).",
                field=f"items.{code}", value=value, code=code, allowed=", ".join(sorted(allowed)),
            )
    return known


def stale_edit(result: Result, who: object = None) -> StaleEdit:
    """The refusal of a save or confirmation made against a version someone else has since replaced."""
    if who is None:
        who = result.updated_by.display_name if result.updated_by else _l("người khác")
    return StaleEdit(
        "Tiêu chí %(code)s vừa được %(who)s lưu sau khi bạn mở trang. Bản của bạn chưa được lưu.",
        current=result, code=result.criterion.code, who=who,
    )


def save_result(
    result: Result, answer: Answer, *, user: User | None, expected_version: int | None = None
) -> Result:
    """Validate and store one criterion's answer, compute its level, record the change, flush.

    A caller saving many results (a workbook import) gets them all in its one transaction."""
    ensure_editable(result.round, user)
    if expected_version is not None and expected_version != result.version:
        raise stale_edit(result)
    criterion = result.criterion
    before = snapshot_result(result)

    if answer.not_applicable:
        reason = nfc(answer.na_reason or "")
        if not reason:
            raise ValidationError("Cần ghi lý do khi đánh dấu tiêu chí không áp dụng.", field="na_reason")
        result.not_applicable, result.na_reason = True, reason
    else:
        _ensure_form_fits(criterion, answer)
        result.not_applicable, result.na_reason = False, ""
        if answer.items is not None:
            _apply_items(result, criterion, answer.items)
        else:
            result.finding_l1 = answer.finding
            result.met_l2, result.met_l3, result.met_l4, result.met_l5 = (answer.met.get(n) for n in scoring.UPPER_LEVELS)
    result.level = None if result.not_applicable else scoring.level_from_answers(result.finding_l1, result.met)
    if answer.note is not None:
        result.note = nfc(answer.note) or ""
    # A save is the assessor's own answer: no longer provisional, no longer N/A by its chapter.
    was_provisional, result.needs_confirmation = result.needs_confirmation, False
    result.na_by_chapter = False
    result.updated_at = utcnow()
    result.updated_by = user
    # Every save is a new version, also when only the sub-item rows changed and the clock reads the
    # same instant as the last save: the row must be written for its version to move.
    flag_modified(result, "updated_at")

    _record_result_change(result, before, user=user)
    if was_provisional:
        record("result", result.id, {"needs_confirmation": (True, False)}, user=user,
               hospital_id=result.round.hospital_id, round_id=result.round_id, criterion_code=criterion.code)
    try:
        db.session.flush()
    except StaleDataError:  # another save won the race between the version check and this write
        db.session.rollback()
        raise stale_edit(result, who=_l("người khác")) from None
    return result


def _record_result_change(result: Result, before: dict[str, object], *, user: User | None) -> None:
    """Write the trail of a result's change; a change of its answers withdraws an approval."""
    after = snapshot_result(result)
    answers_changed = any(before.get(k) != after.get(k) for k in before.keys() | after.keys() if k != "note")
    if answers_changed and result.review_status == "approved":
        # An approval covers the answers that were reviewed, not later ones.
        result.review_status = "draft"
        after["review_status"], before["review_status"] = "draft", "approved"
    record(
        "result", result.id, {k: (before.get(k), after.get(k)) for k in before.keys() | after.keys()},
        user=user, hospital_id=result.round.hospital_id, round_id=result.round_id, criterion_code=result.criterion.code,
    )


def _apply_items(result: Result, criterion: Criterion, items: Mapping[str, str | None]) -> None:
    """Replace the answers of the criterion's sub-items: a sub-item not named in `items` becomes unanswered.

    Answers to sub-items retired from the official list are kept (they count for nothing)."""
    known = _validate_items(criterion, items)
    current_ids = {s.id for s in criterion.sub_items}
    existing = {a.sub_item_id: a for a in result.item_answers}
    for answer in list(result.item_answers):
        if answer.sub_item_id in current_ids and answer.sub_item.code not in items:
            result.item_answers.remove(answer)
    for code, value in items.items():
        sub = known[code]
        current = existing.get(sub.id)
        if value is None:
            if current is not None and current in result.item_answers:
                result.item_answers.remove(current)
        elif current is None:
            result.item_answers.append(SubItemAnswer(sub_item=sub, value=value))
        else:
            current.value = value
    _score_items(result, criterion.sub_items)


def _score_items(result: Result, sub_items: Sequence[SubItem]) -> None:
    """The per-level answers and the level that the sub-item answers give (over the criterion's current items)."""
    values = {a.sub_item.id: a.value for a in result.item_answers}  # new answers have no sub_item_id before flush
    answers = scoring.answers_from_items((s.level, values.get(s.id)) for s in sub_items)
    result.finding_l1 = answers.finding
    result.met_l2, result.met_l3, result.met_l4, result.met_l5 = (answers.met[n] for n in scoring.UPPER_LEVELS)
    result.level = None if result.not_applicable else scoring.level_from_answers(result.finding_l1, result.met)


@dataclass(frozen=True)
class Rescored:
    changed: int = 0        # results whose stored answers or level changed
    undecided: int = 0      # of them, results that had a level and now need answers


def rescore_after_sub_item_change(criterion_ids: Collection[int], *, user: User | None = None) -> Rescored:
    """The official sub-item list of these criteria changed: score every result of a round that is not
    locked again from its answers to the items the criteria have now. A criterion whose answers no longer
    decide a level becomes unanswered (level None); locked rounds keep their levels and snapshot.
    """
    if not criterion_ids:
        return Rescored()
    items: dict[int, list[SubItem]] = {cid: [] for cid in criterion_ids}
    for sub in db.session.scalars(
        sa.select(SubItem).where(SubItem.criterion_id.in_(criterion_ids), SubItem.active).order_by(SubItem.position, SubItem.id)
    ):
        items[sub.criterion_id].append(sub)
    results = db.session.scalars(
        sa.select(Result).join(Round, Result.round_id == Round.id)
        .where(Result.criterion_id.in_(criterion_ids), Round.status != "locked")
        .options(selectinload(Result.item_answers).joinedload(SubItemAnswer.sub_item), joinedload(Result.round))
        .order_by(Result.round_id, Result.criterion_id)
    ).all()
    changed = undecided = 0
    for result in results:
        before = snapshot_result(result)
        _score_items(result, items[result.criterion_id])
        if snapshot_result(result) != before:
            _record_result_change(result, before, user=user)
            changed += 1
            undecided += before["level"] is not None and result.level is None
    db.session.flush()
    return Rescored(changed, undecided)


def snapshot_result(result: Result) -> dict[str, object]:
    """The recorded fields of a result, for the audit trail and for showing a stale edit's changes."""
    data: dict[str, object] = {
        "not_applicable": result.not_applicable,
        "na_reason": result.na_reason,
        "finding_l1": result.finding_l1,
        **{f"met_l{n}": getattr(result, f"met_l{n}") for n in scoring.UPPER_LEVELS},
        "level": result.level,
        "note": result.note,
    }
    for a in result.item_answers:
        data[f"item:{a.sub_item.code}"] = a.value
    return data


# ---------------------------------------------------------------- reading a round


def round_scores(round_id: int) -> list[scoring.CriterionScore]:
    """Every criterion's score in a round, in catalogue order, from one query."""
    rows = db.session.execute(
        sa.select(Criterion.code, Part.code, Chapter.code, Criterion.coefficient, Result.not_applicable, Result.level,
                  Result.needs_confirmation)
        .join(Result, Result.criterion_id == Criterion.id)
        .join(Chapter, Criterion.chapter_id == Chapter.id)
        .join(Part, Chapter.part_id == Part.id)
        .where(Result.round_id == round_id)
        .order_by(Criterion.position)
    ).all()
    return [scoring.CriterionScore(code, part, chapter, coef, not na, level, provisional)
            for code, part, chapter, coef, na, level, provisional in rows]


def summarize_round(round_: Round) -> scoring.RoundSummary:
    return scoring.summarize(round_scores(round_.id))
