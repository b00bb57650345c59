"""Models of the workflow domain."""
from __future__ import annotations
