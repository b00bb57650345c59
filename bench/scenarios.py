"""What the benchmark requests, with the goals of issues 8 and 18. Each scenario: one request in-process."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

import sqlalchemy as sa

from quality_assess.database import db

PLACEHOLDER_TEXT = "Chức năng này đang được xây dựng."


class NotAvailable(Exception):
    """The page is not built yet in this checkout (404 or the placeholder page)."""


@dataclass
class Context:
    """Ids and a logged-in test client for the generated data."""

    client: Any
    province_client: Any
    round_id: int
    criterion_code: str
    hospital_id: int
    save_form: dict[str, str] = field(default_factory=dict)
    toggled_item: str = ""
    version: int = 0
    plan_id: int | None = None

    @classmethod
    def build(cls, app) -> "Context":
        """Read the ids in an app context of its own; log the clients in outside it, as separate requests."""
        from quality_assess.assessments.models import Result, Round
        from quality_assess.auth.models import User
        from quality_assess.catalog.models import Criterion, SubItem

        with app.app_context():
            bench = db.session.scalar(sa.select(User).where(User.username == "bench"))
            round_id = db.session.scalar(sa.select(sa.func.max(Round.id)).where(Round.hospital_id == bench.hospital_id))
            # The first applicable criterion answered item by item: its page carries the most radio groups.
            result = db.session.scalar(
                sa.select(Result).join(Criterion, Result.criterion_id == Criterion.id)
                .where(Result.round_id == round_id, Result.not_applicable.is_(False)).order_by(Criterion.position).limit(1)
            )
            form = {f"item-{a.sub_item.code}": a.value for a in result.item_answers}
            form.update(note="", version=str(result.version), action="save")
            # Saves alternate one level-2 item between met and unmet: every save writes and moves the level.
            toggled = min((a.sub_item for a in result.item_answers if a.sub_item.level == 2), key=lambda s: s.position).code
            assert db.session.scalar(sa.select(sa.func.count(SubItem.id))) >= 1500, "expected ~1,600 synthetic sub-items"
            ids = dict(round_id=round_id, criterion_code=result.criterion.code, hospital_id=bench.hospital_id,
                       save_form=form, toggled_item=toggled, version=result.version, plan_id=_first_plan_id(bench.hospital_id))
        return cls(_client(app, "bench"), _client(app, "bench_province"), **ids)

    def criterion_path(self) -> str:
        return f"/rounds/{self.round_id}/criteria/{self.criterion_code}"

    def save(self):
        """POST the criterion form with the toggled item flipped and the version the page would carry."""
        key = f"item-{self.toggled_item}"
        self.save_form[key] = "unmet" if self.save_form[key] == "met" else "met"
        self.save_form["version"] = str(self.version)
        response = self.client.post(self.criterion_path(), data=self.save_form)
        if response.status_code != 302:
            raise RuntimeError(f"save refused: HTTP {response.status_code}")
        self.version += 1
        return response


def _first_plan_id(hospital_id: int) -> int | None:
    from quality_assess.plans.models import Plan

    return db.session.scalar(sa.select(sa.func.min(Plan.id)).where(Plan.hospital_id == hospital_id))


def _client(app, username: str):
    from bench.generate import BENCH_PASSWORD

    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": BENCH_PASSWORD})
    if response.status_code != 302:
        return None
    return client


@dataclass
class Scenario:
    name: str
    request: Callable[[Context], Any]     # returns a test-client response
    goal_ms: float | None = None
    goal_on: str = "p95"
    goal_mb: float | None = None
    memory: bool = False                  # also measure peak memory (tracemalloc in-process, max RSS in a child)
    province: bool = False
    repeat: int | None = None
    path: Callable[[Context], str | None] | None = None   # for the child-process memory measure
    optional: bool = False                # being built elsewhere: 403/404/placeholder → "not available"
    status: int = 200                     # anything else fails the run (a redirect to the login page is no measure)

    @property
    def goal_text(self) -> str:
        if self.goal_ms is None:
            return ""
        text = f"{self.goal_on} < {self.goal_ms:g} ms"
        return text + (f", < {self.goal_mb:g} MB" if self.goal_mb else "")

    def bind(self, ctx: Context) -> Callable[[], None]:
        def call() -> None:
            response = self.request(ctx)
            if response is None or (self.optional and response.status_code in (403, 404)):
                raise NotAvailable(self.name)
            if response.status_code != self.status:
                raise RuntimeError(f"{self.name}: HTTP {response.status_code}")
            data = response.get_data()
            if self.optional and response.mimetype == "text/html" and PLACEHOLDER_TEXT.encode() in data:
                raise NotAvailable(self.name)

        return call


def get(path: Callable[[Context], str | None], province: bool = False) -> Callable[[Context], Any]:
    def request(ctx: Context):
        target = path(ctx)
        client = ctx.province_client if province else ctx.client
        return None if target is None or client is None else client.get(target)

    return request


def round_pdf(c: Context) -> str:
    return f"/reports/rounds/{c.round_id}/report.pdf"


def plan_pdf(c: Context) -> str | None:
    return None if c.plan_id is None else f"/plans/{c.plan_id}.pdf"


SCENARIOS: list[Scenario] = [
    Scenario("criterion page (GET), 1,600 sub-items loaded", get(lambda c: c.criterion_path()), goal_ms=80),
    Scenario("criterion save (POST, level recomputed)", lambda c: c.save(), goal_ms=50, status=302),
    Scenario("round overview", get(lambda c: f"/rounds/{c.round_id}")),
    Scenario("result block", get(lambda c: f"/rounds/{c.round_id}/result"), goal_ms=100),
    Scenario("round report dashboard", get(lambda c: f"/reports/rounds/{c.round_id}"), goal_ms=60),
    Scenario("round PDF", get(round_pdf), goal_ms=2000, goal_mb=200, memory=True, repeat=5, path=round_pdf),
    Scenario("plan page (200 actions)", get(lambda c: f"/plans/{c.plan_id}"), goal_ms=100),
    Scenario("plan PDF (200 actions)", get(plan_pdf), goal_ms=300, goal_mb=200, memory=True, repeat=5, path=plan_pdf),
    Scenario(".xlsx export", get(lambda c: f"/reports/rounds/{c.round_id}/export.xlsx"), goal_ms=200, repeat=10),
    Scenario("Xanh – Sạch – Đẹp dashboard (30 departments)", get(lambda c: f"/xsd/dashboard?year={date.today().year}")),
    Scenario("province table (100 hospitals × 5 years)", get(lambda c: "/province/", province=True), goal_ms=500, province=True, optional=True),
]

# `bench/run.py --scale national`: 1,500 hospitals × 10 years beside the benchmark hospital. The hospital's own
# pages (the first scenarios above) run again on this data, to compare with the hospital-scale run.
NATIONAL_SCENARIOS: list[Scenario] = [
    Scenario("province table, 1,500 hospitals (latest locked rounds)", get(lambda c: "/province/", province=True), goal_ms=500, repeat=10),
    Scenario("province table, 1,500 hospitals, year 2026 (open rounds)", get(lambda c: "/province/?year=2026", province=True), goal_ms=500, repeat=10),
    Scenario("province aggregates, 1,500 hospitals", get(lambda c: "/province/aggregates", province=True), goal_ms=500, repeat=10, optional=True),
    Scenario("province table .xlsx, 1,500 hospitals", get(lambda c: "/province/table.xlsx", province=True), goal_mb=200, memory=True, repeat=3,
             path=lambda c: "/province/table.xlsx"),
    Scenario("province archive .zip, 1,500 hospitals", get(lambda c: "/province/exports.zip", province=True), goal_mb=200, memory=True, repeat=1,
             path=lambda c: "/province/exports.zip"),
]
