"""The audit page that works with no network (static/js/offline.js keeps its audits in IndexedDB and
sends them through checklists/api.py when the network returns). Decorates the blueprint of blueprint.py."""
from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf

from quality_assess.checklists import sync
from quality_assess.checklists.blueprint import bp
from quality_assess.checklists.models import Audit
from quality_assess.database import db
from quality_assess.limits import id_value
from quality_assess.org.models import Hospital
from quality_assess.web.access import hospital_id, require, scoped_or_404


def texts() -> dict[str, str]:
    """The words the script shows, translated here (the script holds no UI text)."""
    return {
        "unsent": _("chưa gửi"), "sending": _("đang gửi"), "sent": _("đã gửi"), "conflict": _("xung đột"),
        "online": _("Đang có mạng."), "offline": _("Không có mạng: phiếu được lưu trên máy này và sẽ gửi khi có mạng."),
        "ready": _("Sẵn sàng dùng khi không có mạng."), "no_kit": _("Chưa có danh sách khoa/phòng và mẫu trên máy này: mở trang này một lần khi có mạng."),
        "na": _("KAD"), "note": _("Tồn tại / ghi chú"), "photo": _("Ảnh (JPEG, PNG, WebP)"), "photo_kept": _("Ảnh đã lưu trên máy"),
        "mine": _("Bản của tôi"), "theirs": _("Bản trên máy chủ"), "item": _("Mục"), "not_answered": _("chưa chấm"),
        "open": _("Mở"), "login_again": _("Phiên đăng nhập đã hết: đăng nhập lại để gửi."),
        "not_found": _("Không tìm thấy phiếu này trên máy."), "photo_sent": _("ảnh đã gửi"),
    }


@bp.route("/offline")
@require("xsd.audit")
def offline_audit():
    """The page carries what it needs offline (the kit, and the audit of ?audit=<id> as it is now), so a
    copy kept by the service worker works with no network even if the page was never opened before."""
    hospital = db.get_or_404(Hospital, hospital_id())  # a hospital's auditors only (403 for the province)
    audit_id = request.args.get("audit", type=id_value)
    audit = sync.audit_state(scoped_or_404(Audit, audit_id)) if audit_id else None
    return render_template("checklists/offline.html", texts=texts(), csrf=generate_csrf(), kit=sync.offline_kit(hospital), audit=audit)
