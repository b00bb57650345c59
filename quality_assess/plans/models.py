"""Models of the plans domain."""
from __future__ import annotations
