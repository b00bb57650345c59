"""Every blueprint of the app with its URL prefix: one line per domain."""
from __future__ import annotations

from flask import Blueprint


def BLUEPRINTS() -> list[tuple[Blueprint, str | None]]:
    from quality_assess.assessments.api import bp as assessments_api
    from quality_assess.assessments.routes import bp as assessments
    from quality_assess.auth.routes import bp as auth
    from quality_assess.catalog.routes import bp as catalog
    from quality_assess.checklists.routes import bp as checklists
    from quality_assess.main import bp as main
    from quality_assess.org.routes import bp as org
    from quality_assess.plans.routes import bp as plans
    from quality_assess.province.routes import bp as province
    from quality_assess.reports.routes import bp as reports
    from quality_assess.workflow.api import bp as workflow_api
    from quality_assess.workflow.routes import bp as workflow

    return [
        (main, None),
        (auth, None),
        (org, "/hospital"),
        (catalog, "/catalog"),
        (assessments, "/rounds"),
        (assessments_api, "/api/v1"),
        (checklists, "/xsd"),
        (plans, "/plans"),
        (reports, "/reports"),
        (province, "/province"),
        (workflow, "/workflow"),
        (workflow_api, "/api/v1"),
    ]
