"""The Xanh – Sạch – Đẹp blueprint; routes.py (pages) and exports.py (PDF, XLSX, templates) decorate it."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("checklists", __name__)
