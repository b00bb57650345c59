"""Every blueprint of the app with its URL prefix: one line per domain."""
from __future__ import annotations

from flask import Blueprint


def BLUEPRINTS() -> list[tuple[Blueprint, str | None]]:
    # Domains with several route modules: blueprint.py creates `bp`, each route module decorates it.
    from quality_assess.checklists import exports, offline, routes as checklist_pages, sheet_routes  # noqa: F401
    from quality_assess.checklists import team_routes  # noqa: F401  (inspection teams, forms per department)
    from quality_assess.reports import department_routes, routes as report_pages, workbook_routes  # noqa: F401
    from quality_assess.reports import year_routes  # noqa: F401  (year over year, trend: pages and API)
    from quality_assess.workflow import assignments, queue_pages, routes as workflow_pages  # noqa: F401

    from quality_assess.assessments.api import bp as assessments_api
    from quality_assess.assessments.routes import bp as assessments
    from quality_assess.auth.routes import bp as auth
    from quality_assess.catalog.routes import bp as catalog
    from quality_assess.checklists.api import bp as checklists_api
    from quality_assess.checklists.blueprint import bp as checklists
    from quality_assess.main import bp as main
    from quality_assess.notifications.routes import api as notifications_api, bp as notifications
    from quality_assess.org.routes import bp as org
    from quality_assess.plans.routes import bp as plans
    from quality_assess.province.api import bp as province_api
    from quality_assess.province.inspections import bp as inspections
    from quality_assess.province.routes import bp as province
    from quality_assess.pwa import bp as pwa
    from quality_assess.reports.api import bp as reports_api
    from quality_assess.reports.blueprint import bp as reports
    from quality_assess.workflow.api import bp as workflow_api
    from quality_assess.workflow.blueprint import bp as workflow

    return [
        (main, None),
        (pwa, None),
        (auth, None),
        (org, "/hospital"),
        (catalog, "/catalog"),
        (assessments, "/rounds"),
        (assessments_api, "/api/v1"),
        (checklists, "/xsd"),
        (checklists_api, "/api/v1"),
        (plans, "/plans"),
        (reports, "/reports"),
        (reports_api, "/api/v1"),
        (province, "/province"),
        (province_api, "/api/v1"),
        (inspections, "/province/inspections"),
        (workflow, "/workflow"),
        (workflow_api, "/api/v1"),
        (notifications, "/notifications"),
        (notifications_api, "/api/v1"),
    ]
