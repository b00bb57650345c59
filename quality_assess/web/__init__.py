"""The web layer every domain's routes share: access checks, the request's transaction, refusals,
the input guard, URL converters, safe redirects.

Routes import from here; operations, models and rules never do, and nothing here imports a domain
(import-linter contracts in pyproject.toml).
"""
from __future__ import annotations

from flask import Flask


def init_web(app: Flask) -> None:
    from quality_assess.web.inputs import init_inputs
    from quality_assess.web.drafts import init_drafts
    from quality_assess.web.refusals import init_refusals
    from quality_assess.web.transaction import init_transaction
    from quality_assess.serving import init_serving_marker

    init_transaction(app)
    init_refusals(app)
    init_inputs(app)
    init_serving_marker(app)  # `backup restore` refuses while a serving process holds the database
    init_drafts(app)
