"""quality_assess: hospital quality self-assessment (QĐ 6858/QĐ-BYT)."""
from __future__ import annotations

import os
from typing import Any
from collections.abc import Mapping

from flask import Flask

from quality_assess.config import load_config


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: defaults, then environment, then the optional test mapping."""
    # INSTANCE_PATH: where the SQLite database, secret key and uploads live (default: Flask's
    # instance folder: ./instance in a checkout, <venv>/var/quality_assess-instance when installed).
    app = Flask(__name__, instance_path=_instance_path(), instance_relative_config=True)
    load_config(app, config)
    register_extensions(app)
    register_url_converters(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_request_handling(app)
    register_signal_receivers(app)
    register_commands(app)
    register_template_helpers(app)
    return app


def register_extensions(app: Flask) -> None:
    from quality_assess import models  # noqa: F401  (every table in the metadata)
    from quality_assess.auth import loaders  # noqa: F401  (registers the user and token loaders)
    from quality_assess.extensions import init_extensions

    init_extensions(app)


def register_url_converters(app: Flask) -> None:
    """`<int:…>` and `<year:…>` within the app's limits; before the blueprints, whose rules bind them."""
    from quality_assess.web.converters import init_converters

    init_converters(app)


def register_blueprints(app: Flask) -> None:
    from quality_assess.blueprints import BLUEPRINTS

    for blueprint, prefix in BLUEPRINTS():
        app.register_blueprint(blueprint, url_prefix=prefix)


def register_errorhandlers(app: Flask) -> None:
    from quality_assess.errors import init_errorhandlers

    init_errorhandlers(app)


def register_request_handling(app: Flask) -> None:
    from quality_assess.web import init_web

    init_web(app)


def register_signal_receivers(app: Flask) -> None:
    """Domains answer the signals of the domains below them (workflow: a submission's veto, who may answer;
    assessments: rescoring rounds when the official sub-item list changes; plans: a round a plan was built
    from is not deleted; notifications: who hears of assignments, reviews, plans to approve, work due and
    carried criteria)."""
    from quality_assess.assessments.receivers import connect as connect_assessments
    from quality_assess.notifications.receivers import connect as connect_notifications
    from quality_assess.plans.receivers import connect as connect_plans
    from quality_assess.workflow.receivers import connect as connect_workflow

    connect_assessments()
    connect_plans()
    connect_workflow()
    connect_notifications()


def register_commands(app: Flask) -> None:
    from quality_assess.commands import COMMANDS

    for command in COMMANDS():
        app.cli.add_command(command)


def register_template_helpers(app: Flask) -> None:
    from quality_assess.i18n import init_template_helpers

    init_template_helpers(app)


def _instance_path() -> str | None:
    path = os.environ.get("INSTANCE_PATH")
    return os.path.abspath(path) if path else None
