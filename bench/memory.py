"""Peak memory of one download, measured in a fresh child process (the parent's high-water mark would hide it).

    python -m bench.memory --database URL --path /reports/rounds/10/report.pdf

Prints one line of JSON: the process's max RSS before and after the request (resource.getrusage, MB) and
their difference. The child logs in and requests a light page (its notifications) first, so imports and the app are loaded;
the measured request is the first download of its kind (fonts and reportlab modules included).
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--user", default="bench")
    args = parser.parse_args(argv)

    from bench.generate import BENCH_PASSWORD
    from quality_assess import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    client.post("/login", data={"username": args.user, "password": BENCH_PASSWORD})
    client.get("/notifications/").get_data()  # a light page: imports and templates loaded, nothing large read
    before = max_rss_mb()
    response = client.get(args.path)
    response.get_data()
    after = max_rss_mb()
    print(json.dumps({"status": response.status_code, "before_mb": before, "after_mb": after, "increase_mb": after - before}))


if __name__ == "__main__":
    main()
