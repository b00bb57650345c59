"""Year over year against the plan, and the trend across years: pages on the reports blueprint
(reports/blueprint.py), the workbook, and their JSON under /api/v1 (the reports API blueprint)."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from flask import abort, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from quality_assess import clock, limits
from quality_assess.assessments.models import Round
from quality_assess.database import db
from quality_assess.domain import DomainError, ValidationError
from quality_assess.forms import first_error
from quality_assess.i18n import number
from quality_assess.org.models import Hospital
from quality_assess.render import svg
from quality_assess.reports import year_over_year as yoy, year_pdf, year_workbook, years
from quality_assess.reports.api import bp as api
from quality_assess.reports.blueprint import bp
from quality_assess.reports.year_forms import TrendForm, YearOverYearForm
from quality_assess.web.access import require, scoped_or_404, sees_all_hospitals

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _round_label(r: Round) -> str:
    kind = _("Tự đánh giá") if r.kind == "self" else _("Đoàn kiểm tra")
    return f"{r.name} ({r.year}, {kind})"


def _ids(values: Iterable[str]) -> list[int]:
    """Round ids from the query string: repeated (?previous=1&previous=2) or comma-separated (?previous=1,2)."""
    out = []
    for value in values:
        for piece in value.split(","):
            if not piece.strip():
                continue
            try:
                out.append(limits.id_value(piece))
            except ValueError:
                raise ValidationError("Mã đợt đánh giá trước “%(value)s” không hợp lệ.", field="previous", value=piece[:20]) from None
    return out


def _previous_from_query(round_: Round, candidates: Sequence[Round]) -> list[Round]:
    """The earlier rounds the query asks for (?previous=…), else the default ones."""
    if "previous" not in request.args:
        return years.default_previous(round_, candidates)
    return years.chosen_previous(round_, _ids(request.args.getlist("previous")), candidates)


# ---------------------------------------------------------------- year over year


@bp.route("/rounds/<int:round_id>/year-over-year")
@require("report.view")
def year_over_year(round_id: int):
    round_ = scoped_or_404(Round, round_id)
    candidates = years.earlier_rounds(round_)
    form = YearOverYearForm(request.args)
    form.previous.choices = [(r.id, _round_label(r)) for r in candidates]
    error, previous = None, []
    if "chosen" in request.args or "previous" in request.args:
        if not form.validate():
            error = first_error(form)
        else:
            try:
                previous = years.chosen_previous(round_, form.previous.data or [], candidates)
            except DomainError as exc:
                error = f"{form.previous.label.text}: {exc.text()}"
    else:
        previous = years.default_previous(round_, candidates)
        form.previous.data = [r.id for r in previous]
    report = years.year_report(round_, previous) if error is None else None
    page = render_template("reports/year_over_year.html", round=round_, form=form, error=error, report=report,
                           candidates=candidates)
    return page, 400 if error else 200


@bp.route("/rounds/<int:round_id>/year-over-year.xlsx")
@require("report.view")
def year_over_year_xlsx(round_id: int):
    round_ = scoped_or_404(Round, round_id)
    report = years.year_report(round_, _previous_from_query(round_, years.earlier_rounds(round_)))
    return year_workbook.render(report), 200, {
        "Content-Type": XLSX_TYPE,
        "Content-Disposition": f'attachment; filename="qua-cac-nam-dot-{round_.id}.xlsx"',
    }


@bp.route("/rounds/<int:round_id>/year-over-year.pdf")
@require("report.view")
def year_over_year_pdf(round_id: int):
    round_ = scoped_or_404(Round, round_id)
    report = years.year_report(round_, _previous_from_query(round_, years.earlier_rounds(round_)))
    data = year_pdf.render(report, author=current_user.display_name, today=clock.today(round_.hospital))
    return data, 200, {
        "Content-Type": "application/pdf",
        "Content-Disposition": f'inline; filename="qua-cac-nam-dot-{round_.id}.pdf"',
    }


def _round_json(r: Round) -> dict[str, Any]:
    return {"id": r.id, "name": r.name, "year": r.year, "kind": r.kind, "status": r.status}


def _level_json(level: yoy.Level) -> dict[str, Any]:
    return {"level": level.level, "not_applicable": not level.applicable}


def _list_json(rows: list[yoy.Row]) -> dict[str, Any]:
    return {"count": len(rows), "codes": [r.code for r in rows]}


@api.get("/rounds/<int:round_id>/year-over-year")
@require("report.view")
def year_over_year_api(round_id: int):
    """?previous=<id>,<id> (default: the same kind in the two previous years) → the round, the earlier rounds,
    the plan read for the targets, per criterion the target, earlier levels, level and change, and the lists."""
    round_ = scoped_or_404(Round, round_id)
    report = years.year_report(round_, _previous_from_query(round_, years.earlier_rounds(round_)))
    table = report.table
    return jsonify(
        round=_round_json(round_),
        previous=[_round_json(r) for r in report.previous],
        compared_with=_round_json(report.previous[-1]) if report.previous else None,
        plan=report.plan,
        targets_year=report.targets_year,
        criteria=[{
            "code": r.code, "part": r.part, "chapter": r.chapter, "target": r.target, "target_source": report.sources.get(r.code),
            "earlier": [{"round_id": p.id, **_level_json(level)} for p, level in zip(report.previous, r.earlier, strict=True)],
            **_level_json(r.current), "change": r.change, "status": r.status, "below_target": r.below_target,
        } for r in table.rows],
        gained=_list_json(table.gained), lost=_list_json(table.lost), unchanged=_list_json(table.unchanged),
        not_compared=_list_json(table.not_compared), below_target=_list_json(table.below_target),
    )


# ---------------------------------------------------------------- the trend


def _trend_hospital(ident: int | None) -> Hospital | None:
    """The hospital whose trend is read: the user's own; the province names one (None until it does).
    Another hospital's id is not found, like a missing one."""
    if sees_all_hospitals():
        return db.get_or_404(Hospital, ident) if ident is not None else None
    if ident is not None and ident != current_user.hospital_id:
        abort(404)
    if current_user.hospital_id is None:
        abort(403)
    return db.get_or_404(Hospital, current_user.hospital_id)


def trend_chart(points: list[yoy.TrendPoint]) -> Markup:
    series = [_("Mức %(n)s", n=n) for n in (1, 2, 3, 4, 5)] + [_("Không áp dụng"), _("Chưa đánh giá")]
    return Markup(svg.trend_chart(
        [str(p.year) for p in points], [[*p.levels.values(), p.not_applicable, p.unanswered] for p in points], series,
        [p.mean for p in points], title=_("Điểm trung bình và số tiêu chí theo mức qua các năm"),
        line_label=_("Điểm trung bình"), formatter=number,
    ))


@bp.route("/trend")
@require("report.view")
def trend():
    form = TrendForm(request.args)
    province = sees_all_hospitals()
    if province:
        form.hospital.choices = [(h.id, h.name) for h in db.session.scalars(sa.select(Hospital).order_by(Hospital.name))]
    else:
        del form.hospital
    # Only what was sent is checked: the province's first visit names no hospital yet.
    sent = [f for f in (form.kind, form.hospital if province else None) if f is not None and f.name in request.args]
    error = next((f"{f.label.text}: {f.errors[0]}" for f in sent if not f.validate(form)), None)
    hospital = None
    if error is None:
        hospital = _trend_hospital(form.hospital.data if province and "hospital" in request.args else None)
    kind = form.kind.data if error is None and form.kind.data in ("self", "inspection") else "self"
    points = years.trend(hospital.id, kind) if hospital is not None else []
    page = render_template("reports/trend.html", form=form, error=error, hospital=hospital, kind=kind, points=points,
                           chart=trend_chart(points) if points else None, province=province)
    return page, 400 if error else 200


@api.get("/trend")
@require("report.view")
def trend_api():
    """?kind=self|inspection (default self), ?hospital=<id> for the province → per year the round read
    (the latest locked round of the kind, else the latest), its weighted mean and counts per level."""
    kind = years.kind_value(request.args.get("kind"))
    ident = None
    if "hospital" in request.args:
        try:
            ident = limits.id_value(request.args["hospital"])
        except ValueError:
            raise ValidationError("Mã bệnh viện không hợp lệ.", field="hospital") from None
    hospital = _trend_hospital(ident)
    if hospital is None:
        raise ValidationError("Hãy chọn bệnh viện (tham số hospital).", field="hospital")
    return jsonify(
        hospital={"id": hospital.id, "name": hospital.name},
        kind=kind,
        rule="latest locked round of the kind in each year, else the latest round",
        years=[{
            "year": p.year, "round": {"id": p.round.id, "name": p.round.name, "status": p.round.status}, "locked": p.locked,
            "mean": p.mean, "levels": {str(n): c for n, c in p.levels.items()}, "not_applicable": p.not_applicable,
            "unanswered": p.unanswered, "criteria": p.criteria,
        } for p in years.trend(hospital.id, kind)],
    )
