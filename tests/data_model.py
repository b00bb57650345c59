"""docs/data-model.md from the models' metadata: a Mermaid ER diagram and a table of each table's rules.

Regenerate after changing a model:  .venv/bin/python -m tests.data_model > docs/data-model.md
tests/test_data_model_doc.py fails while the file differs from what this prints.
"""
from __future__ import annotations

import sqlalchemy as sa

HEADER = """# Data model

Generated from the SQLAlchemy models by `python -m tests.data_model > docs/data-model.md`;
`tests/test_data_model_doc.py` fails while this file is out of date. The database enforces what is
listed under each table: foreign keys (with their `ON DELETE`), unique keys and CHECK constraints.
See `docs/architecture.md` for which package owns which table.
"""


def _type(column: sa.Column) -> str:
    try:
        name = column.type.compile(dialect=sa.create_engine("sqlite://").dialect)
    except Exception:  # pragma: no cover - a type SQLite cannot compile
        name = type(column.type).__name__
    return name.split("(")[0].lower().replace(" ", "_")


def _sql(clause: sa.ColumnElement) -> str:
    text = clause.compile(dialect=sa.create_engine("sqlite://").dialect, compile_kwargs={"literal_binds": True})
    return " ".join(str(text).split())


def _keys(column: sa.Column) -> str:
    marks = []
    if column.primary_key:
        marks.append("PK")
    if column.foreign_keys:
        marks.append("FK")
    return ",".join(marks)


def render(metadata: sa.MetaData) -> str:
    tables = sorted(metadata.sorted_tables, key=lambda t: t.name)
    lines = [HEADER, "```mermaid", "erDiagram"]
    for table in tables:
        lines.append(f"    {table.name} {{")
        for column in table.columns:
            keys = _keys(column)
            lines.append(f"        {_type(column)} {column.name}{(' ' + keys) if keys else ''}")
        lines.append("    }")
    for table in tables:
        for fk in sorted(table.foreign_key_constraints, key=lambda c: (c.referred_table.name, [c.name for c in c.columns])):
            nullable = any(c.nullable for c in fk.columns)
            label = ", ".join(c.name for c in fk.columns)
            lines.append(f'    {fk.referred_table.name} ||--{"o" if nullable else "|"}{{ {table.name} : "{label}"')
    lines.append("```")
    lines.append("")
    for table in tables:
        lines.append(f"## `{table.name}`")
        lines.append("")
        rules = []
        for fk in sorted(table.foreign_key_constraints, key=lambda c: [c.name for c in c.columns]):
            local = ", ".join(c.name for c in fk.columns)
            remote = ", ".join(e.target_fullname for e in fk.elements)
            rules.append(f"- foreign key ({local}) → {remote}, on delete {(fk.ondelete or 'NO ACTION').upper()}")
        for constraint in sorted((c for c in table.constraints if isinstance(c, sa.UniqueConstraint)), key=lambda c: str(c.name)):
            rules.append(f"- unique ({', '.join(c.name for c in constraint.columns)})")
        for constraint in sorted((c for c in table.constraints if isinstance(c, sa.CheckConstraint)), key=lambda c: str(c.name)):
            rules.append(f"- check `{constraint.name}`: `{_sql(constraint.sqltext)}`")
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            kind = "unique index" if index.unique else "index"
            rules.append(f"- {kind} ({', '.join(c.name for c in index.columns)})")
        lines.extend(rules or ["- (no constraint beyond its primary key)"])
        lines.append("")
    return "\n".join(lines)


def current() -> str:
    from quality_assess import models  # noqa: F401  (every table in the metadata)
    from quality_assess.database import db

    return render(db.metadata)


if __name__ == "__main__":
    print(current(), end="")
