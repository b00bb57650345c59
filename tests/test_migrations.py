"""The migrations build exactly the schema the models describe, on SQLite and on PostgreSQL."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from quality_assess import create_app
from quality_assess.config import normalise_database_url
from quality_assess.database import db


def _schema_differences(app) -> list:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_on_an_empty_database_gives_the_models_schema(empty_database_url):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url, "SECRET_KEY": "test"})
    with app.app_context():
        upgrade(revision="head")
        assert _schema_differences(app) == []
        db.engine.dispose()


def test_the_first_migration_can_be_undone_and_redone(empty_database_url):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url, "SECRET_KEY": "test"})
    with app.app_context():
        upgrade(revision="head")
        downgrade(revision="base")
        with db.engine.connect() as conn:
            assert db.inspect(conn).get_table_names() in ([], ["alembic_version"])
        upgrade(revision="head")
        assert _schema_differences(app) == []
        db.engine.dispose()


def test_usual_postgresql_urls_use_the_psycopg_3_driver():
    assert normalise_database_url("postgres://qa:pw@db/qlcl") == "postgresql+psycopg://qa:pw@db/qlcl"
    assert normalise_database_url("postgresql://qa:pw@db/qlcl") == "postgresql+psycopg://qa:pw@db/qlcl"
    assert normalise_database_url("sqlite:////srv/qlcl.sqlite") == "sqlite:////srv/qlcl.sqlite"
