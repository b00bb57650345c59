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
from quality_assess.assessments.items import ensure_levels_round
from quality_assess.assessments.models import Round, levels_rounds
from quality_assess.assessments.operations import round_scores
from quality_assess.catalog.models import Criterion
from quality_assess.database import db
from quality_assess.forms import first_error
from quality_assess.i18n import number
from quality_assess.org.models import Hospital
from quality_assess.render import svg
from quality_assess.reports import operations, round_docx, round_pdf, tt35_report
from quality_assess.reports.compare import compare as compare_rounds
from quality_assess.reports.content import round_report
from quality_assess.reports.forms import CompareForm, ReportTextForm, UploadForm
from quality_assess.reports.blueprint import bp
from quality_assess.reports.models import SECTIONS
from quality_assess.web.access import hospital_id, require, scoped, scoped_or_404
from quality_assess.web.refusals import refusals

def _rounds() -> Sequence[Round]:
    return db.session.scalars(sa.select(Round).where(scoped(Round), levels_rounds()).order_by(Round.year.desc(), Round.id.desc())).all()


def _levels_round(round_id: int) -> Round:
    """A round of the 83 criteria (a TT 35 round is refused with a message: its result is on its own page)."""
    round_ = scoped_or_404(Round, round_id)
    ensure_levels_round(round_)
    return round_


def _compare_form(rounds: Sequence[Round]) -> CompareForm:
    form = CompareForm(request.args)
    choices = [(r.id, f"{r.name} ({r.year})") for r in rounds]
    form.a.choices = form.b.choices = choices
    return form


@bp.route("/")
@require("report.view")
def index():
    rounds = _rounds()
    return render_template("reports/index.html", rounds=rounds, compare_form=_compare_form(rounds), logo_form=UploadForm())


@bp.route("/rounds/<int:round_id>")
@require("report.view")
def dashboard(round_id: int):
    round_ = _levels_round(round_id)
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
    """The round's report; a TT 35 round's in the standards' own layout (group, item, answer, evidence, note)."""
    round_ = scoped_or_404(Round, round_id)
    if round_.yes_no:
        data = tt35_report.render_pdf(tt35_report.tt35_report(round_), author=current_user.display_name,
                                      today=clock.today(round_.hospital))
        return data, 200, {"Content-Type": "application/pdf", "Content-Disposition": f'inline; filename="bao-cao-tt35-dot-{round_.id}.pdf"'}
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
    if round_.yes_no:
        data = tt35_report.render_docx(tt35_report.tt35_report(round_), author=current_user.display_name,
                                       today=clock.today(round_.hospital))
        return data, 200, {"Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                           "Content-Disposition": f'attachment; filename="bao-cao-tt35-dot-{round_.id}.docx"'}
    data = round_docx.render(round_report(round_, number), author=current_user.display_name, today=clock.today(round_.hospital))
    return data, 200, {
        "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Content-Disposition": f'attachment; filename="bao-cao-dot-{round_.id}.docx"',
    }


@bp.route("/rounds/<int:round_id>/texts", methods=["GET", "POST"])
@require("report.write")
def texts(round_id: int):
    round_ = _levels_round(round_id)
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


@bp.route("/compare")
@require("report.view")
def compare():
    rounds = _rounds()
    form = _compare_form(rounds)
    if not (form.a.data and form.b.data):
        flash(_("Hãy chọn hai đợt đánh giá để so sánh."), "error")
        return redirect(url_for("reports.index"))
    a, b = _levels_round(form.a.data), _levels_round(form.b.data)
    if a.hospital_id != b.hospital_id:
        abort(404)
    titles = {code: title for code, title in db.session.execute(sa.select(Criterion.code, Criterion.title))}
    result = compare_rounds(round_scores(a.id), round_scores(b.id))
    return render_template("reports/compare.html", a=a, b=b, cmp=result, titles=titles, form=form)

