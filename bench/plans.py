"""Query plans of a hospital's own pages: every statement they send, explained by the database.

    python -m bench.plans --database URL        # after bench/generate.py --national 1500

Prints each distinct statement of the hospital's pages (criterion, overview, result block, report,
workbook, plan) with its plan (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL), and lists the
statements that scan a large table from end to end (SQLite "SCAN <table>" without an index, PostgreSQL
"Seq Scan on <table>"): those would grow with other hospitals' data.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LARGE = ("results", "rounds", "hospitals", "sub_item_answers", "audits", "audit_answers", "change_log", "users", "plans",
         "plan_entries", "plan_actions", "evidence", "assignments", "notifications")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--analyze", action="store_true", help="PostgreSQL: EXPLAIN ANALYZE, and list the slowest statements")
    args = parser.parse_args(argv)
    from bench.scenarios import Context
    from quality_assess import create_app
    from quality_assess.database import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    ctx = Context.build(app)
    with app.app_context():
        engine = db.engine
    seen: dict[str, tuple] = {}

    def keep(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("SELECT") and statement not in seen:
            seen[statement] = parameters

    pages = [ctx.criterion_path(), f"/rounds/{ctx.round_id}", f"/rounds/{ctx.round_id}/result", f"/reports/rounds/{ctx.round_id}",
             f"/reports/rounds/{ctx.round_id}/export.xlsx", f"/plans/{ctx.plan_id}", "/xsd/dashboard"]
    sa.event.listen(engine, "before_cursor_execute", keep)
    for page in pages:
        status = ctx.client.get(page).status_code
        print(f"# {page}: HTTP {status}")
    sa.event.remove(engine, "before_cursor_execute", keep)

    postgres = engine.dialect.name == "postgresql"
    scans: list[tuple[str, str]] = []
    timings: list[tuple[float, str]] = []
    with engine.connect() as conn:
        for statement, parameters in seen.items():
            explain = ("EXPLAIN ANALYZE " if postgres and args.analyze else "EXPLAIN " if postgres else "EXPLAIN QUERY PLAN ") + statement
            raw = conn.connection.dbapi_connection.cursor()
            raw.execute(explain, parameters)
            plan = "\n".join(" | ".join(str(c) for c in row) for row in raw.fetchall())
            raw.close()
            print("\n" + " ".join(statement.split())[:400] + "\n" + plan)
            took = re.search(r"Execution Time: ([0-9.]+) ms", plan)
            if took:
                timings.append((float(took.group(1)), " ".join(statement.split())[:200]))
            pattern = r"Seq Scan on (\w+)" if postgres else r"SCAN (\w+)(?! USING)"
            for table in re.findall(pattern, plan):
                if table in LARGE and not re.search(rf"SCAN {table} USING", plan):
                    scans.append((table, " ".join(statement.split())[:200]))
    if timings:
        print("\n## Slowest statements (EXPLAIN ANALYZE)")
        for ms, statement in sorted(timings, reverse=True)[:8]:
            print(f"- {ms:.2f} ms: {statement}")
    print("\n## Full scans of large tables")
    for table, statement in scans:
        print(f"- {table}: {statement}")
    if not scans:
        print("none")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
