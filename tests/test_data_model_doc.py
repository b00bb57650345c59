"""docs/data-model.md tells the truth: it is what tests/data_model.py prints from the models."""
from __future__ import annotations

from pathlib import Path

from tests.data_model import current

DOC = Path(__file__).resolve().parents[1] / "docs" / "data-model.md"


def test_the_data_model_document_matches_the_models():
    assert DOC.read_text(encoding="utf-8") == current(), "regenerate: .venv/bin/python -m tests.data_model > docs/data-model.md"
