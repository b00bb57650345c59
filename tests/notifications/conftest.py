"""Notification tests reuse the workflow's team: a round where `assessor` (Nguyễn Thị Lan) is assigned A1.1."""
from __future__ import annotations

from tests.workflow.conftest import api, team  # noqa: F401  (fixtures)
