"""The database keeps the rules itself: foreign keys (on SQLite too), CHECKs built from the code's
values, composite keys that tie a copied hospital_id to its parent's, and one migration head."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.exc import IntegrityError

from quality_assess import create_app
from quality_assess.assessments.models import ITEM_ANSWERS, REVIEW_STATUSES, ROUND_KINDS, ROUND_STATUSES, SUB_ITEM_VALUES, Result, Round
from quality_assess.auth.roles import ALL_ROLES, INSTALLATION_ROLES
from quality_assess.catalog.models import APPLICABILITIES, FRAMEWORK_KINDS, ITEM_PROVENANCES, TITLE_PROVENANCES
from quality_assess.checklists.models import AUDIT_STATUSES, FOLLOW_UP_STATUSES
from quality_assess.database import db
from quality_assess.history.models import ENTITIES, ChangeLog
from quality_assess.org.models import DEPARTMENT_KINDS
from quality_assess.notifications.models import KINDS as NOTIFICATION_KINDS
from quality_assess.plans.models import ACTION_STATUSES, PLAN_STATUSES
from quality_assess.workflow.models import Assignment

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"

# Every enum-like column and the constant the code checks it against.
ENUM_COLUMNS = {
    ("rounds", "status"): ROUND_STATUSES,
    ("rounds", "kind"): ROUND_KINDS,
    ("results", "review_status"): REVIEW_STATUSES,
    ("sub_item_answers", "value"): SUB_ITEM_VALUES,
    ("users", "role"): ALL_ROLES,
    ("users", "installation_role"): INSTALLATION_ROLES,
    ("plans", "status"): PLAN_STATUSES,
    ("plan_actions", "status"): ACTION_STATUSES,
    ("xsd_audits", "status"): AUDIT_STATUSES,
    ("xsd_follow_ups", "status"): FOLLOW_UP_STATUSES,
    ("xsd_follow_up_updates", "status"): FOLLOW_UP_STATUSES,
    ("departments", "kind"): DEPARTMENT_KINDS,
    ("criteria", "applicability"): APPLICABILITIES,
    ("criteria", "title_confidence"): TITLE_PROVENANCES,
    ("change_log", "entity"): ENTITIES,
    ("notifications", "kind"): NOTIFICATION_KINDS,
    ("frameworks", "kind"): FRAMEWORK_KINDS,
    ("framework_items", "provenance"): ITEM_PROVENANCES,
    ("item_results", "answer"): ITEM_ANSWERS,
    ("item_results", "review_status"): REVIEW_STATUSES,
}
RANGE_COLUMNS = [("results", "level"), ("sub_items", "level"), ("plan_entries", "current_level"), ("plan_entries", "target_level")]
# Other rules the database keeps: name → SQL ("Không áp dụng" of TT 35 needs a reason; a mapping's header row).
OTHER_CHECKS = {
    "ck_item_results_na_reason": "answer IS NULL OR answer <> 'na' OR reason <> ''",
    "ck_xsd_sheet_mappings_header_row": "header_row >= 1",
}
# Checks tying two columns together.
RULE_CHECKS = {"ck_rounds_province_team_inspection": "NOT province_team OR kind = 'inspection'"}


def check_constraints(metadata: sa.MetaData) -> dict[str, str]:
    """Every CHECK of the models: name → SQL (the list the report and docs quote)."""
    found = {}
    for table in metadata.sorted_tables:
        for constraint in table.constraints:
            if isinstance(constraint, sa.CheckConstraint):
                found[str(constraint.name)] = str(constraint.sqltext.compile(compile_kwargs={"literal_binds": True}))
    return found


# ---- what the database refuses ---------------------------------------------------------------

def _a_round_with_a_result(app, make) -> tuple[int, int]:
    with app.app_context():
        make.user("admin")  # at least one user for the UPDATE users statement
        round_ = make.round()
        result_id = db.session.scalar(sa.select(Result.id).where(Result.round_id == round_.id).limit(1))
        return round_.id, result_id


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE rounds SET status = 'bogus' WHERE id = :round_id",
        "UPDATE rounds SET kind = 'bogus' WHERE id = :round_id",
        "UPDATE results SET level = 7 WHERE id = :result_id",
        "UPDATE results SET level = 0 WHERE id = :result_id",
        "UPDATE results SET review_status = 'bogus' WHERE id = :result_id",
        "UPDATE users SET role = 'superuser'",
        "UPDATE criteria SET applicability = 'nobody'",
        # an orphan: a result for a round and a criterion that do not exist
        "INSERT INTO results (round_id, criterion_id, not_applicable, na_reason, note, review_status, review_comment, version)"
        " VALUES (999, 999, false, '', '', 'draft', '', 1)",
        "INSERT INTO sub_item_answers (result_id, sub_item_id, value) VALUES (:result_id, 999, 'met')",
        # a copied hospital_id that is not its round's
        "INSERT INTO report_texts (hospital_id, round_id, strengths, weaknesses, priorities, solutions, commitment)"
        " VALUES (999, :round_id, '', '', '', '', '')",
    ],
)
def test_the_database_refuses_what_the_rules_forbid(app, make, statement):
    round_id, result_id = _a_round_with_a_result(app, make)
    with app.app_context():
        with pytest.raises(IntegrityError):
            with db.engine.begin() as conn:
                conn.execute(sa.text(statement), {"round_id": round_id, "result_id": result_id})
    with app.app_context():  # nothing went in
        assert db.session.get(Round, round_id).status == "draft"
        assert db.session.get(Result, result_id).level is None


def test_an_assignment_of_another_hospital_than_its_round_is_refused(app, make):
    with app.app_context():
        round_ = make.round()
        other = make.hospital()
        criterion = make.criterion("A1.1")
        db.session.add(Assignment(round_id=round_.id, hospital_id=other.id, criterion_id=criterion.id))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_deleting_a_round_takes_its_results_and_keeps_its_trail(app, make):
    """results: ON DELETE CASCADE (part of the round); change_log.round_id: SET NULL (history stays)."""
    with app.app_context():
        round_ = make.round()
        round_id = round_.id
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ChangeLog).where(ChangeLog.round_id == round_id)) == 1
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM rounds WHERE id = :id"), {"id": round_id})
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Result).where(Result.round_id == round_id)) == 0
        trail = db.session.scalars(sa.select(ChangeLog).where(ChangeLog.entity == "round", ChangeLog.entity_id == round_id)).all()
        assert [(row.field, row.round_id) for row in trail] == [("created", None)]


def test_a_criterion_with_results_cannot_be_deleted(app, make):
    """Catalogue rows are RESTRICTed: an assessment never loses the criterion it answered."""
    with app.app_context():
        make.round()
        criterion_id = make.criterion("A1.1").id
    with app.app_context():
        with pytest.raises(IntegrityError):
            with db.engine.begin() as conn:
                conn.execute(sa.text("DELETE FROM criteria WHERE id = :id"), {"id": criterion_id})


def test_sqlite_connections_have_foreign_keys_on(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fk.sqlite'}", "SECRET_KEY": "test"})
    with app.app_context():
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        db.engine.dispose()
    other = sa.create_engine(f"sqlite:///{tmp_path / 'other.sqlite'}")  # any engine, e.g. backup's reader
    with other.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    other.dispose()


# ---- the code and the database cannot drift ---------------------------------------------------

def test_every_enum_like_column_has_a_check_built_from_its_constant():
    checks = check_constraints(db.metadata)
    for (table, column), values in ENUM_COLUMNS.items():
        sql = checks[f"ck_{table}_{column}"]
        assert sql == f"{column} IN ({', '.join(repr(v) for v in sorted(values))})"
    for table, column in RANGE_COLUMNS:
        assert checks[f"ck_{table}_{column}"] == f"{column} BETWEEN 1 AND 5"
    for name, sql in {**OTHER_CHECKS, **RULE_CHECKS}.items():
        assert checks[name] == sql
    assert len(checks) == len(ENUM_COLUMNS) + len(RANGE_COLUMNS) + len(OTHER_CHECKS) + len(RULE_CHECKS)


def test_every_foreign_key_says_what_a_delete_does():
    missing = [
        f"{table.name}.{fk.column_keys}" for table in db.metadata.sorted_tables
        for fk in table.foreign_key_constraints if fk.ondelete is None
    ]
    assert missing == []


def test_the_migrated_database_has_every_check_of_the_models(app):
    expected = check_constraints(db.metadata)
    with app.app_context():
        inspector = sa.inspect(db.engine)
        found = {
            check["name"]: check["sqltext"]
            for table in inspector.get_table_names() for check in inspector.get_check_constraints(table)
        }
        dialect = db.engine.dialect.name
    assert set(expected) <= set(found)
    if dialect == "sqlite":  # SQLite keeps the text as written: the migration says what the code says
        assert {name: found[name] for name in expected} == expected
    else:  # PostgreSQL rewrites the text; the values are still there, in order
        for name, sql in expected.items():
            assert re.findall(r"'([^']*)'", found[name]) == re.findall(r"'([^']*)'", sql), name


# ---- migrations --------------------------------------------------------------------------------

def _scripts() -> ScriptDirectory:
    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


def test_the_migration_history_has_exactly_one_head():
    assert len(_scripts().get_heads()) == 1


def test_migration_files_sort_by_date():
    names = sorted(p.name for p in (MIGRATIONS / "versions").glob("*.py"))
    assert names and all(re.fullmatch(r"\d{8}_\d{4}[a-z]?_\w+\.py", name) for name in names)
    assert _scripts().file_template.startswith("%(year)d%(month).2d%(day).2d_")


def test_db_heads_prints_one_line(tmp_path):
    """What an operator sees (Alembic prints to the process's stdout, so run the real command)."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'heads.sqlite'}", "SECRET_KEY": "test"}
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "quality_assess", "db", "heads"],
        env=env, cwd=MIGRATIONS.parent, capture_output=True, text=True, check=True,
    )
    assert done.stdout.splitlines() == [f"{_scripts().get_current_head()} (head)"]
