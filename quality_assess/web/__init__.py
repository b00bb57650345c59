"""The web layer every domain's routes share: access checks, the request's transaction, refusals.

Routes import from here; operations, models and rules never do, and nothing here imports a domain
(import-linter contracts in pyproject.toml).
"""
from __future__ import annotations

from flask import Flask


def init_web(app: Flask) -> None:
    from quality_assess.web.drafts import init_drafts
    from quality_assess.web.refusals import init_refusals
    from quality_assess.web.transaction import init_transaction

    init_transaction(app)
    init_refusals(app)
    init_drafts(app)
