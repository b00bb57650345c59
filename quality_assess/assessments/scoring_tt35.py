"""The pass rule of the basic quality standards (Thông tư 35/2024/TT-BYT): pure functions, no Flask, no SQLAlchemy.

Each item is answered "Có" (yes), "Không" (no) or "Không áp dụng" (na, with a reason; it leaves the count).
A hospital's result is đạt (passed) only when every applicable item is "Có". While an applicable item is
unanswered the result is not decided (passed is None) — never "đạt". The "Không" items are listed by group,
with counts per group (/work/shared/reference/tt35-2024.md, "Structure and rule").
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

ANSWERS = ("na", "no", "yes")   # Không áp dụng | Không | Có


@dataclass(frozen=True)
class ItemAnswer:
    code: str
    group: str
    answer: str | None          # one of ANSWERS, None while unanswered
    reason: str = ""            # why not applicable


@dataclass
class GroupCount:
    items: int = 0
    yes: int = 0
    no: int = 0
    na: int = 0
    unanswered: int = 0
    no_items: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"items": self.items, "yes": self.yes, "no": self.no, "na": self.na,
                "unanswered": self.unanswered, "no_items": list(self.no_items)}


@dataclass
class Tt35Result:
    items: int
    yes: int
    no: int
    na: int
    unanswered: int
    groups: dict[str, GroupCount]

    @property
    def applicable(self) -> int:
        return self.items - self.na

    @property
    def decided(self) -> bool:
        """Every applicable item is answered, or one is already "Không" (then it cannot pass)."""
        return self.unanswered == 0 or self.no > 0

    @property
    def passed(self) -> bool | None:
        """True (đạt) only when every applicable item is "Có"; False once one is "Không"; None while undecided.

        A round where every item is not applicable has nothing that was met: not decided, never đạt."""
        if self.no:
            return False
        if self.unanswered or self.applicable == 0:
            return None
        return True

    @property
    def no_items(self) -> list[str]:
        return [code for group in self.groups.values() for code in group.no_items]

    def as_dict(self) -> dict[str, object]:
        return {"items": self.items, "applicable": self.applicable, "yes": self.yes, "no": self.no, "na": self.na,
                "unanswered": self.unanswered, "passed": self.passed,
                "groups": {code: group.as_dict() for code, group in self.groups.items()}}


def missing_reason(answer: str | None, reason: str) -> bool:
    """"Không áp dụng" needs a reason."""
    return answer == "na" and not reason.strip()


def score(answers: Iterable[ItemAnswer]) -> Tt35Result:
    """Count the answers per group (in the order the items come) and decide the result."""
    groups: dict[str, GroupCount] = {}
    totals = {"yes": 0, "no": 0, "na": 0, None: 0}
    items = 0
    for a in answers:
        if a.answer is not None and a.answer not in ANSWERS:
            raise ValueError(f"unknown answer {a.answer!r} for {a.code}")
        group = groups.setdefault(a.group, GroupCount())
        items += 1
        group.items += 1
        kind = None if missing_reason(a.answer, a.reason) else a.answer  # N/A without a reason is no answer yet
        totals[kind] += 1
        if kind is None:
            group.unanswered += 1
        else:
            setattr(group, kind, getattr(group, kind) + 1)
        if kind == "no":
            group.no_items.append(a.code)
    return Tt35Result(items=items, yes=totals["yes"], no=totals["no"], na=totals["na"], unanswered=totals[None], groups=groups)
