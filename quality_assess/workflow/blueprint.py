"""The team workflow blueprint; routes.py (my criteria, review, evidence, trail) and assignments.py decorate it."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("workflow", __name__)
