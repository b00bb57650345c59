"""JSON API for rounds and results (`Authorization: Bearer <token>`)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("assessments_api", __name__)
