"""Error pages (HTML) and JSON errors for the API."""
from __future__ import annotations

from flask import Flask, flash, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from quality_assess.i18n import N_
from quality_assess.web.drafts import back_to_form, form_page

MESSAGES = {
    400: N_("Yêu cầu không hợp lệ."),
    401: N_("Bạn cần đăng nhập."),
    403: N_("Bạn không có quyền thực hiện thao tác này."),
    404: N_("Không tìm thấy trang hoặc dữ liệu yêu cầu."),
    405: N_("Phương thức không được hỗ trợ."),
    409: N_("Dữ liệu đã bị khóa hoặc đã thay đổi."),
    413: N_("Dữ liệu gửi lên quá lớn (tệp tải lên hoặc nội dung biểu mẫu)."),
    429: N_("Quá nhiều yêu cầu, vui lòng thử lại sau."),
    500: N_("Đã xảy ra lỗi hệ thống."),
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def init_errorhandlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        message = _("Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ (CSRF). Vui lòng tải lại trang và thử lại.")
        if wants_json():
            return jsonify(error=message), 400
        page = form_page()
        if page is not None:  # a form sent from one of our pages: back to it, with what was typed (web/drafts.py)
            if current_user.is_authenticated:
                flash(_("Biểu mẫu đã hết hạn nên chưa được lưu. Những gì bạn đã nhập được giữ lại: kiểm tra rồi gửi lại."), "warning")
                return back_to_form(page, login=False)
            flash(_("Phiên làm việc đã hết hạn nên biểu mẫu chưa được lưu. Đăng nhập lại để tiếp tục: những gì bạn đã nhập được giữ lại."), "warning")
            return back_to_form(page, login=True)
        return render_template("error.html", code=400, message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        message = _(MESSAGES.get(code, error.name))
        if wants_json():
            detail = error.description if isinstance(error.description, str) and code in (400, 409) else message
            return jsonify(error=detail), code
        return render_template("error.html", code=code, message=message), code
