"""Benchmarks at hospital and province scale. See README ("Benchmarks") and docs/benchmarks.md.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/run.py                      # SQLite in a temporary folder
    .venv/bin/python bench/run.py --postgres postgresql://user:pass@127.0.0.1/bench_db

Each scenario is requested --repeat times in-process (Flask test client, logged in) after one
warm-up; the median and 95th percentile are reported, with Python's peak traced memory for the
heavy downloads, and the max RSS increase of a fresh child process serving each download once
(bench/memory.py; tracemalloc only sees Python allocations, so it is a lower bound). Then gunicorn serves the app and a bare Flask endpoint, and 20 concurrent clients
measure the criterion page's throughput as a ratio of the bare endpoint's.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import generate  # noqa: E402
from bench.scenarios import NATIONAL_SCENARIOS, SCENARIOS, Context, NotAvailable  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Measure:
    name: str
    median_ms: float | None          # None: the page is not available in this checkout
    p95_ms: float | None
    peak_mb: float | None            # tracemalloc peak (Python allocations only: a lower bound)
    rss_mb: float | None             # max RSS increase of a fresh child process serving the request
    rss_total_mb: float | None       # and that child's max RSS at the end
    goal: str
    ok: bool | None
    cpu_p95_ms: float | None = None  # this process's CPU time: what the request costs, however loaded the machine is


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


CPU_TIMES: list[float] = []  # the CPU milliseconds of the last measure()


def measure(call: Callable[[], None], repeat: int, trace_memory: bool) -> tuple[list[float], float | None]:
    call()  # warm-up
    times = []
    CPU_TIMES.clear()
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        call()
        times.append((time.perf_counter() - start) * 1000)
        CPU_TIMES.append((time.process_time() - cpu) * 1000)
    peak = None
    if trace_memory:
        tracemalloc.start()
        call()
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return times, peak


def child_rss(database: str, path: str, user: str = "bench") -> tuple[float, float]:
    """Max RSS increase and final max RSS (MB) of a fresh process serving `path` once (see bench/memory.py)."""
    out = subprocess.run([sys.executable, "-m", "bench.memory", "--database", database, "--path", path, "--user", user],
                         cwd=ROOT, capture_output=True, text=True, check=True, timeout=300)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    if figures["status"] != 200:
        raise RuntimeError(f"{path}: HTTP {figures['status']} in the memory child")
    return figures["increase_mb"], figures["after_mb"]


def run_inprocess(database: str, repeat: int, province: bool, national: bool = False) -> tuple[list[Measure], Context]:
    from quality_assess import create_app

    generate.main(["--database", database] + (["--province"] if province else []) + (["--national", "1500"] if national else []))
    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    ctx = Context.build(app)
    gc.collect()  # what the generator left behind, then the collector set as wsgi.py sets it for a server
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    # Requests run outside any app context, as under a server: each gets its own session and `g`.
    results = []
    for scenario in SCENARIOS + (NATIONAL_SCENARIOS if national else []):
        if scenario.province and not province:
            continue
        try:
            times, peak = measure(scenario.bind(ctx), scenario.repeat or repeat, scenario.memory)
        except NotAvailable:
            results.append(Measure(scenario.name, None, None, None, None, None, scenario.goal_text, None))
            print(f"  {scenario.name}: not available", flush=True)
            continue
        user = "bench_province" if scenario in NATIONAL_SCENARIOS or scenario.province else "bench"
        rss, rss_total = child_rss(database, scenario.path(ctx), user) if scenario.memory and scenario.path else (None, None)
        median, p95 = statistics.median(times), percentile(times, 95)
        ok = None
        if scenario.goal_ms is not None:
            figure = p95 if scenario.goal_on == "p95" else median
            memory = max(peak or 0, rss or 0)
            ok = figure < scenario.goal_ms and (scenario.goal_mb is None or memory < scenario.goal_mb)
        results.append(Measure(scenario.name, median, p95, peak, rss, rss_total, scenario.goal_text, ok, percentile(CPU_TIMES, 95)))
        print(f"  {scenario.name}: median {median:.1f} ms, p95 {p95:.1f} ms"
              + (f", tracemalloc peak {peak:.1f} MB" if peak is not None else "")
              + (f", child max RSS +{rss:.0f} MB (total {rss_total:.0f} MB)" if rss is not None else ""), flush=True)
    return results, ctx


def run_throughput(database: str, ctx: Context) -> tuple[float, float, float, float]:
    """Requests per second of the bare endpoint and of the criterion page under 20 clients, then the
    server's own CPU per request of each, one client at a time (bench/http_load.server_cpu_ms)."""
    from bench.http_load import gunicorn, login_cookie, server_cpu_ms, throughput

    env = {"DATABASE_URL": database, "SECRET_KEY": "bench-throughput"}
    with gunicorn("bench.bare:app", env, with_pid=True) as (port, pid):
        bare = throughput(port, "/")
        bare_cpu = server_cpu_ms(pid, port, "/")
    with gunicorn("wsgi:app", env, with_pid=True) as (port, pid):
        cookie = login_cookie(port, "bench", generate.BENCH_PASSWORD)
        app_rps = throughput(port, ctx.criterion_path(), cookie=cookie)
        app_cpu = server_cpu_ms(pid, port, ctx.criterion_path(), cookie=cookie)
    return bare, app_rps, bare_cpu, app_cpu


def report(label: str, measures: list[Measure], bare: float, app_rps: float, bare_cpu: float = 0, app_cpu: float = 0) -> str:
    lines = [f"### {label}", "", f"Load average when measured: {' '.join(f'{x:.1f}' for x in os.getloadavg())} (2 cores).", "",
             "| scenario | median (ms) | p95 (ms) | CPU p95 (ms) | tracemalloc peak (MB) | child max RSS: increase (total) (MB) | goal | met |",
             "|---|---|---|---|---|---|---|---|"]
    for m in measures:
        if m.median_ms is None:
            lines.append(f"| {m.name} | not available | | | | | {m.goal} | |")
            continue
        peak = f"{m.peak_mb:.1f}" if m.peak_mb is not None else ""
        rss = f"+{m.rss_mb:.0f} ({m.rss_total_mb:.0f})" if m.rss_mb is not None else ""
        met = "" if m.ok is None else ("yes" if m.ok else "**no**")
        cpu = f"{m.cpu_p95_ms:.1f}" if m.cpu_p95_ms is not None else ""
        lines.append(f"| {m.name} | {m.median_ms:.1f} | {m.p95_ms:.1f} | {cpu} | {peak} | {rss} | {m.goal} | {met} |")
    if not bare:
        return "\n".join(lines + [""])
    ratio = app_rps / bare
    lines += ["", f"Throughput, 20 concurrent clients, gunicorn -w 2: criterion page {app_rps:.0f} req/s, bare Flask endpoint {bare:.0f} req/s, "
              f"ratio {ratio:.0%} (goal ≥ 15%: {'met' if ratio >= 0.15 else 'not met'}).",
              f"Server CPU per request (gunicorn's processes, one client at a time): criterion page {app_cpu:.1f} ms "
              f"(goal ≤ 3 ms: {'met' if app_cpu <= 3 else 'not met'}), bare endpoint {bare_cpu:.2f} ms.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", help="also run on this EMPTY PostgreSQL database")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--no-province", action="store_true", help="skip the 100-hospital data set")
    parser.add_argument("--no-http", action="store_true", help="skip the gunicorn throughput run")
    parser.add_argument("--scale", choices=("hospital", "national"), default="hospital",
                        help="national: also 1,500 hospitals × 10 years (bench/national.py) and the province pages on them")
    parser.add_argument("--output", type=Path, help="append the results to this Markdown file")
    args = parser.parse_args()

    sections = [f"## {date.today():%d/%m/%Y} — {platform.node()} ({platform.machine()}, Python {platform.python_version()})", "",
                f"Command: `python bench/run.py {' '.join(sys.argv[1:])}`", ""]
    with tempfile.TemporaryDirectory() as tmp:
        scale = " — national scale" if args.scale == "national" else ""
        targets = [(f"SQLite{scale}", f"sqlite:///{Path(tmp) / 'bench.sqlite'}")]
        if args.postgres:
            targets.append((f"PostgreSQL{scale}", args.postgres))
        for label, database in targets:
            print(f"{label}: generating data and measuring …", flush=True)
            measures, ctx = run_inprocess(database, args.repeat, not args.no_province, args.scale == "national")
            bare, app_rps, bare_cpu, app_cpu = (0.0, 0.0, 0.0, 0.0) if args.no_http else run_throughput(database, ctx)
            sections.append(report(label, measures, bare, app_rps, bare_cpu, app_cpu))
    text = "\n".join(sections)
    print(text)
    if args.output:
        with args.output.open("a", encoding="utf-8") as f:
            f.write("\n" + text + "\n")


if __name__ == "__main__":
    main()
