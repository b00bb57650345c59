"""The round's result report as an editable Word document: the content of the PDF (round_pdf), laid out
as a Vietnamese administrative document (render/docx), for the quality office to edit before it signs."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from quality_assess.i18n import day, number, percent
from quality_assess.render import docx
from quality_assess.render.pdf import Signer
from quality_assess.reports import department_tables
from quality_assess.reports.content import Group, RoundReport
from quality_assess.reports.models import SECTIONS
from quality_assess.reports.round_pdf import change_text, hospital_info, level_text, mean_text, result_block


def chart_caption(groups: list[Group]) -> str:
    """The labels of a chart image, in the bars' order: "A: 3,60 · B: 3,45 …"."""
    return " · ".join(f"{g.code}: {number(g.mean)}" for g in groups)


def render(report: RoundReport, *, author: str, today: date) -> bytes:
    """The .docx bytes; "BẢN NHÁP" under the title until the round is locked."""
    round_ = report.round
    h = round_.hospital
    doc = docx.new_document(title=_("Báo cáo kết quả đánh giá chất lượng bệnh viện — %(name)s", name=round_.name), author=author)
    docx.national_heading(doc, agency=docx.managing_agency(h.province, h.managing_agency), organisation=h.name, number=_("Số: ……/BC-BV"),
                          dated=docx.place_date(h.province, today))
    docx.paragraph(doc)
    docx.paragraph(doc, _("BÁO CÁO KẾT QUẢ ĐÁNH GIÁ CHẤT LƯỢNG BỆNH VIỆN NĂM %(year)s", year=round_.year), bold=True, center=True, size=14)
    docx.paragraph(doc, round_.name, center=True)
    if not round_.locked:
        docx.paragraph(doc, _("BẢN NHÁP"), bold=True, center=True)

    docx.heading(doc, _("I. Thông tin bệnh viện"))
    docx.table(doc, hospital_info(report), [0.3, 0.7], header_rows=0)
    docx.heading(doc, _("II. Kết quả chung"))
    docx.table(doc, result_block(report), [0.6, 0.4])
    docx.heading(doc, _("III. Kết quả theo phần và chương"))
    rows: list[list[str]] = [[_("Mã"), _("Phần / chương"), _("Điểm trung bình")]]
    bold = []
    for part in report.parts:
        bold.append(len(rows))
        rows.append([part.code, part.name, mean_text(part)])
        rows += [[c.code, c.name, mean_text(c)] for c in part.chapters]
    docx.table(doc, rows, [0.1, 0.7, 0.2], bold_rows=bold)
    width_mm = docx.text_width(doc) / 36000
    for title, groups in ((_("Điểm trung bình theo phần"), report.charted_parts), (_("Điểm trung bình theo chương"), report.charted_chapters)):
        docx.paragraph(doc, title, bold=True, center=True)
        docx.image(doc, docx.bar_png([g.mean for g in groups]), width_mm=width_mm)
        docx.paragraph(doc, chart_caption(groups), italic=True, center=True, size=10)

    docx.landscape(doc)
    docx.heading(doc, _("IV. Kết quả từng tiêu chí"))
    rows = [[_("Mã"), _("Tiêu chí"), _("Mức"), _("Mức đợt trước"), _("Thay đổi"), _("Khoa/phòng phụ trách")]]
    rows += [[r.code, r.title, level_text(r.level, r.not_applicable), level_text(r.previous), change_text(r.change), r.department]
             for r in report.rows]
    docx.table(doc, rows, (0.07, 0.55, 0.07, 0.1, 0.07, 0.14), size=10)
    if report.departments is not None:
        department_tables.docx_section(doc, report.departments)
    docx.portrait(doc)

    docx.heading(doc, _("Các tiêu chí ở Mức 1 và Mức 2"), level=2)
    if report.low:
        rows = [[_("Mã"), _("Tiêu chí"), _("Mức"), _("Kế hoạch cải tiến")]]
        rows += [[r.code, r.title, str(r.level), status or _("Chưa có kế hoạch")] for r, status in report.low]
        docx.table(doc, rows, (0.1, 0.55, 0.08, 0.27))
    else:
        docx.paragraph(doc, _("Không có tiêu chí nào ở Mức 1 hoặc Mức 2."))
    docx.heading(doc, _("Kết quả Xanh – Sạch – Đẹp năm %(year)s", year=round_.year), level=2)
    if report.xsd_results:
        rows = [[_("Khoa/phòng"), _("Ngày"), _("Điểm"), _("Tiêu chí bắt buộc không đạt")]]
        rows += [[x.get("department", ""), day(x.get("date")), percent(x.get("score")), str(x.get("critical_failed", 0))] for x in report.xsd_results]
        docx.table(doc, rows, (0.4, 0.2, 0.15, 0.25))
    else:
        docx.paragraph(doc, _("Chưa có kết quả đánh giá Xanh – Sạch – Đẹp năm %(year)s.", year=round_.year))
    docx.heading(doc, _("Mục tiêu năm %(year)s và kết quả thực tế", year=round_.year), level=2)
    if report.targets:
        docx.table(doc, [[_("Chỉ số"), _("Mục tiêu"), _("Thực tế")]] + [[what, target, actual] for what, target, actual in report.targets], (0.5, 0.25, 0.25))
    else:
        docx.paragraph(doc, _("Chưa đặt mục tiêu cho năm này."))

    for field, heading in SECTIONS:
        docx.heading(doc, _(heading))
        text = getattr(report.texts, field, "") if report.texts else ""
        docx.paragraph(doc, text or _("(Chưa viết)"))
    docx.signature_block(doc, [
        Signer(_("NGƯỜI LẬP"), _("(Ký, ghi rõ họ tên)")),
        Signer(_("TRƯỞNG PHÒNG/TỔ QUẢN LÝ CHẤT LƯỢNG"), _("(Ký, ghi rõ họ tên)")),
        Signer(_("GIÁM ĐỐC"), _("(Ký tên, đóng dấu)"), h.director_name),
    ], place=h.province, on=today)
    return docx.to_bytes(doc)
