"""What the benchmark requests, with the goals of issue 8. Each scenario: one request in-process."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import sqlalchemy as sa

from quality_assess.database import db


@dataclass
class Context:
    """Ids and a logged-in test client for the generated data."""

    client: Any
    province_client: Any
    round_id: int
    criterion_code: str
    hospital_id: int

    @classmethod
    def build(cls, app) -> "Context":
        from quality_assess.assessments.models import Round
        from quality_assess.auth.models import User

        bench = db.session.scalar(sa.select(User).where(User.username == "bench"))
        round_id = db.session.scalar(sa.select(sa.func.max(Round.id)).where(Round.hospital_id == bench.hospital_id))
        return cls(_client(app, "bench"), _client(app, "bench_province"), round_id, "A1.1", bench.hospital_id)

    def criterion_path(self) -> str:
        return f"/rounds/{self.round_id}/criteria/{self.criterion_code}"


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
    memory: bool = False
    province: bool = False
    repeat: int | None = None

    @property
    def goal_text(self) -> str:
        if self.goal_ms is None:
            return ""
        text = f"{self.goal_on} < {self.goal_ms:g} ms"
        return text + (f", < {self.goal_mb:g} MB" if self.goal_mb else "")

    def bind(self, ctx: Context) -> Callable[[], None]:
        def call() -> None:
            response = self.request(ctx)
            if response.status_code not in (200, 302):
                raise RuntimeError(f"{self.name}: HTTP {response.status_code}")
            response.get_data()

        return call


def get(path: Callable[[Context], str], province: bool = False) -> Callable[[Context], Any]:
    return lambda ctx: (ctx.province_client if province else ctx.client).get(path(ctx))


SCENARIOS: list[Scenario] = [
    Scenario("criterion page (GET), 1,600 sub-items loaded", get(lambda c: c.criterion_path()), goal_ms=80),
    Scenario("round overview", get(lambda c: f"/rounds/{c.round_id}")),
    Scenario("result block", get(lambda c: f"/rounds/{c.round_id}/result"), goal_ms=100),
]
