"""JSON API of the team workflow (review transitions), under /api/v1."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("workflow_api", __name__)
