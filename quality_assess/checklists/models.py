"""Models of the checklists domain."""
from __future__ import annotations
