"""Province view (Sở Y tế): every hospital of the installation, read-only."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from quality_assess import clock
from quality_assess.assessments.models import Round
from quality_assess.web.access import require, sees_all_hospitals
from quality_assess.checklists import summary as xsd
from quality_assess.database import db
from quality_assess.org.models import Hospital
from quality_assess.i18n import number
from quality_assess.limits import year_value
from quality_assess.province import queries
from quality_assess.province.aggregates import heat_class
from quality_assess.province.export import aggregates_csv, aggregates_xlsx, documents_zip, table_xlsx
from quality_assess.render.svg import line_chart

bp = Blueprint("province", __name__)

SORTS = ("name", "mean", "-mean")
HEATMAP_PAGE = 100  # hospitals per page of the aggregates' heatmap (the workbook holds them all)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.before_request
@require("province.view")
def only_users_of_no_hospital():
    """Every page here shows other hospitals: a user bound to one hospital (even its admin) never sees them."""
    if not (sees_all_hospitals() or current_user.hospital_id is None):
        abort(403)


def _filters() -> tuple[int | None, str]:
    year = request.args.get("year", type=year_value)
    sort = request.args.get("sort", "name")
    return year, sort if sort in SORTS else "name"


@bp.route("/")
def index():
    year, sort = _filters()
    return render_template("province/index.html", rows=queries.province_rows(year, sort), years=queries.years(),
                           year=year, sort=sort)


@bp.route("/table.xlsx")
def export():
    year, sort = _filters()
    name = f"ket-qua-cac-benh-vien{'-' + str(year) if year else ''}.xlsx"
    return table_xlsx(queries.province_rows(year, sort), year), 200, {
        "Content-Type": XLSX_TYPE, "Content-Disposition": f'attachment; filename="{name}"',
    }


@bp.route("/exports.zip")
def export_archive():
    """Every hospital's structured export (GET /api/v1/rounds/<id>/export) for the round of the table, one archive."""
    year, sort = _filters()
    name = f"du-lieu-cac-benh-vien{'-' + str(year) if year else ''}.zip"
    return documents_zip(queries.province_rows(year, sort)), 200, {
        "Content-Type": "application/zip", "Content-Disposition": f'attachment; filename="{name}"',
    }


def _year_suffix(year: int | None) -> str:
    return f"-{year}" if year else ""


@bp.route("/aggregates")
def aggregates():
    """Across hospitals: the share at Mức 1–2 per criterion, a hospital × chapter heatmap, the mean by year."""
    year, _sort = _filters()
    page = max(1, min(request.args.get("page", 1, type=int) or 1, 10_000))
    agg = queries.province_aggregates(year, slice((page - 1) * HEATMAP_PAGE, page * HEATMAP_PAGE))
    pages = max(1, -(-agg.hospital_count // HEATMAP_PAGE))
    chart = line_chart([(str(y.year), y.mean) for y in agg.years], title=_("Điểm trung bình của tỉnh theo năm"), formatter=number)
    return render_template("province/aggregates.html", agg=agg, years=queries.years(), year=year, chart=chart,
                           heat_class=heat_class, page=page, pages=pages)


@bp.route("/aggregates.xlsx")
def aggregates_export():
    year, _sort = _filters()
    return aggregates_xlsx(queries.province_aggregates(year)), 200, {
        "Content-Type": XLSX_TYPE, "Content-Disposition": f'attachment; filename="tong-hop-cac-benh-vien{_year_suffix(year)}.xlsx"',
    }


@bp.route("/aggregates.csv")
def aggregates_csv_export():
    year, _sort = _filters()
    return aggregates_csv(queries.province_aggregates(year)), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="muc-1-2-theo-tieu-chi{_year_suffix(year)}.csv"',
    }


@bp.route("/hospitals/<int:hospital_id>")
def hospital(hospital_id: int):
    hospital = db.get_or_404(Hospital, hospital_id)
    rounds = db.session.scalars(
        sa.select(Round).where(Round.hospital_id == hospital.id).order_by(Round.year.desc(), Round.id.desc())
    ).all()
    year = request.args.get("year", type=year_value) or clock.today(hospital).year
    return render_template("province/hospital.html", hospital=hospital, rounds=rounds,
                           figures=queries.figures_of(list(rounds)), xsd_latest=xsd.latest_results(hospital.id),
                           grid=xsd.year_grid(hospital.id, year))
