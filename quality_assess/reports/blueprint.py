"""The reports blueprint; routes.py (dashboard, PDF, texts, comparison) and workbook_routes.py decorate it."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("reports", __name__)
