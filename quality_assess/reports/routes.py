"""Routes of the reports domain: index, round dashboard and PDF, report texts, logo, comparison.
The workbook routes live in reports/workbook_routes.py on the same blueprint (reports/blueprint.py)."""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from quality_assess import clock
from quality_assess.assessments.models import Round
from quality_assess.database import db
from quality_assess.domain import ValidationError
from quality_assess.forms import first_error
from quality_assess.i18n import number
from quality_assess.org.models import Hospital
from quality_assess.render import svg
from quality_assess.reports import compare_export, operations, round_docx, round_pdf
from quality_assess.reports.compare import Filters
from quality_assess.reports.compare_report import CompareReport, chapter_choices, compare_report
from quality_assess.reports.content import round_report
from quality_assess.reports.forms import CompareForm, ReportTextForm, UploadForm
from quality_assess.reports.blueprint import bp
from quality_assess.reports.models import SECTIONS
from quality_assess.web.access import hospital_id, require, scoped, scoped_or_404
from quality_assess.web.refusals import refusals

def _rounds() -> Sequence[Round]:
    return db.session.scalars(sa.select(Round).where(scoped(Round)).order_by(Round.year.desc(), Round.id.desc())).all()


def _compare_form(rounds: Sequence[Round]) -> CompareForm:
    form = CompareForm(request.args)
    choices = [(r.id, f"{r.name} ({r.year})") for r in rounds]
    form.a.choices = form.b.choices = choices
    form.chapter.choices = [("", _("Tất cả các chương")), *chapter_choices()]
    return form


@bp.route("/")
@require("report.view")
def index():
    rounds = _rounds()
    return render_template("reports/index.html", rounds=rounds, compare_form=_compare_form(rounds), logo_form=UploadForm())


@bp.route("/rounds/<int:round_id>")
@require("report.view")
def dashboard(round_id: int):
    round_ = scoped_or_404(Round, round_id)
    report = round_report(round_, number)
    charts = {
        # a part or chapter none of whose criteria applies (E2 without paediatrics) is left out, not drawn at 0
        "parts": Markup(svg.bar_chart([(g.code, g.mean) for g in report.charted_parts], title=_("Điểm trung bình theo phần"), formatter=number)),
        "chapters": Markup(svg.radar_chart([(c.code, c.mean) for c in report.charted_chapters],
                                           title=_("Điểm trung bình theo chương"), formatter=number)),
    }
    return render_template("reports/dashboard.html", round=round_, report=report, charts=charts, sections=SECTIONS)


@bp.route("/rounds/<int:round_id>/report.pdf")
@require("report.view")
def pdf(round_id: int):
    round_ = scoped_or_404(Round, round_id)
    data = round_pdf.render(round_report(round_, number), author=current_user.display_name, today=clock.today(round_.hospital),
                            logo=operations.logo_file(round_.hospital))
    return data, 200, {
        "Content-Type": "application/pdf",
        "Content-Disposition": f'inline; filename="bao-cao-dot-{round_.id}.pdf"',
    }


@bp.route("/rounds/<int:round_id>/report.docx")
@require("report.view")
def docx(round_id: int):
    """The same report as an editable Word document, for the quality office to edit before it signs."""
    round_ = scoped_or_404(Round, round_id)
    data = round_docx.render(round_report(round_, number), author=current_user.display_name, today=clock.today(round_.hospital))
    return data, 200, {
        "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Content-Disposition": f'attachment; filename="bao-cao-dot-{round_.id}.docx"',
    }


@bp.route("/rounds/<int:round_id>/texts", methods=["GET", "POST"])
@require("report.write")
def texts(round_id: int):
    round_ = scoped_or_404(Round, round_id)
    form = ReportTextForm(obj=operations.report_texts(round_))
    if form.is_submitted():
        if form.validate():
            with refusals():
                operations.save_texts(round_, {name: f.data for name, f in form._fields.items()}, user=current_user)
                flash(_("Đã lưu nội dung báo cáo."), "success")
                return redirect(url_for("reports.dashboard", round_id=round_.id))
        else:
            flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    return render_template("reports/texts.html", round=round_, form=form)


@bp.route("/logo", methods=["POST"])
@require("report.write")
def logo():
    hospital = db.get_or_404(Hospital, hospital_id())
    upload = request.files.get("file")
    with refusals():
        operations.save_logo(hospital, upload.read() if upload else b"", user=current_user)
        flash(_("Đã lưu logo bệnh viện."), "success")
    return redirect(url_for("reports.index"))


def _compared(form: CompareForm) -> tuple[Round, Round] | None:
    """The form's two rounds (404 for one the user may not see, or two of different hospitals); None if one is missing."""
    if not (form.a.data and form.b.data):
        return None
    a, b = scoped_or_404(Round, form.a.data), scoped_or_404(Round, form.b.data)
    if a.hospital_id != b.hospital_id:
        abort(404)
    return a, b


def _filters(form: CompareForm) -> Filters:
    return Filters(only_gaps=bool(form.gaps.data), b_lower=bool(form.b_lower.data), chapter=form.chapter.data or None)


def _export_report() -> CompareReport:
    """The comparison an export asks for; a missing round or a bad filter is refused naming the field (400)."""
    form = _compare_form(_rounds())
    valid = form.validate()
    pair = _compared(form)
    if pair is None:
        raise ValidationError("Hãy chọn hai đợt đánh giá để so sánh.", field="b" if form.a.data else "a")
    if not valid:
        raise ValidationError(first_error(form) or _("Biểu mẫu không hợp lệ."), field=next(iter(form.errors)))
    return compare_report(*pair, _filters(form))


def _compare_query(report: CompareReport) -> dict[str, object]:
    """The GET parameters of this comparison and its filters (for the download links)."""
    f = report.filters
    query: dict[str, object] = {"a": report.a.id, "b": report.b.id}
    if f.chapter:
        query["chapter"] = f.chapter
    if f.only_gaps:
        query["gaps"] = "1"
    if f.b_lower:
        query["b_lower"] = "1"
    return query


@bp.route("/compare")
@require("report.view")
def compare():
    rounds = _rounds()
    form = _compare_form(rounds)
    valid = form.validate()
    pair = _compared(form)
    if pair is None:
        flash(_("Hãy chọn hai đợt đánh giá để so sánh."), "error")
        return redirect(url_for("reports.index"))
    status = 200
    if not valid:  # a chapter the catalogue does not have: the comparison without that filter, the field named
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
        form.chapter.data = ""
        status = 400
    report = compare_report(*pair, _filters(form))
    chart = Markup(compare_export.chart_svg(report, number))
    return render_template("reports/compare.html", report=report, a=report.a, b=report.b, cmp=report.comparison, form=form,
                           chart=chart, query=_compare_query(report)), status


@bp.route("/compare.xlsx")
@require("report.view")
def compare_xlsx():
    """The comparison as a workbook: a summary sheet, the criteria grouped by part and chapter, a chapter sheet."""
    report = _export_report()
    return compare_export.workbook(report), 200, {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": f'attachment; filename="so-sanh-dot-{report.a.id}-{report.b.id}.xlsx"',
    }


@bp.route("/compare.pdf")
@require("report.view")
def compare_pdf():
    """The comparison as a PDF dated in the hospital's time, with the chart and the filters applied."""
    report = _export_report()
    data = compare_export.pdf(report, author=current_user.display_name, today=clock.today(report.a.hospital))
    return data, 200, {
        "Content-Type": "application/pdf",
        "Content-Disposition": f'inline; filename="so-sanh-dot-{report.a.id}-{report.b.id}.pdf"',
    }
