"""Every CLI group of the app (`flask --app quality_assess <group> ...`)."""
from __future__ import annotations

import click


def COMMANDS() -> list[click.Command]:
    from quality_assess.auth.cli import users
    from quality_assess.catalog.cli import catalog
    from quality_assess.checklists.cli import checklists
    from quality_assess.setup_cli import setup
    from quality_assess.backup import backup

    from quality_assess.workflow.reminders import reminders  # workflow

    return [users, catalog, checklists, setup, backup, reminders]
