"""Builders for test data. Sub-items built here are SYNTHETIC test data, not official text."""
from __future__ import annotations

import itertools
from typing import Any

import sqlalchemy as sa

from quality_assess.assessments.models import Round
from quality_assess.assessments.operations import create_round
from quality_assess.auth.models import ApiToken, User
from quality_assess.catalog.models import Criterion, SubItem
from quality_assess.database import db
from quality_assess.org.models import Department, Hospital

_counter = itertools.count(1)

# Items per level in a synthetic list: level 1 (findings), then levels 2–5.
SYNTHETIC_SHAPE = (3, 3, 2, 2, 1)


def synthetic_text(code: str) -> str:
    return f"Tiểu mục giả lập {code} (dữ liệu thử nghiệm, không phải văn bản chính thức)"


def synthetic_rows(criterion_codes: list[str], shape: tuple[int, ...] = SYNTHETIC_SHAPE) -> list[dict[str, Any]]:
    """Rows in the import format (phan, chuong, tieu_chi, muc, ma_tieu_muc, tieu_muc)."""
    rows = []
    for code in criterion_codes:
        chapter = code.split(".")[0]
        number = 0
        for level, n in enumerate(shape, start=1):
            for _ in range(n):
                number += 1
                item = f"{code}-{level}.{number}"
                rows.append({"phan": code[0], "chuong": chapter, "tieu_chi": code, "muc": level, "ma_tieu_muc": item, "tieu_muc": synthetic_text(item)})
    return rows


class Builders:
    def __init__(self, password: str) -> None:
        self.password = password

    def hospital(self, name: str | None = None, **fields: Any) -> Hospital:
        hospital = Hospital(name=name or f"Bệnh viện thử nghiệm {next(_counter)}", **fields)
        db.session.add(hospital)
        db.session.commit()
        return hospital

    def default_hospital(self) -> Hospital:
        return db.session.scalar(sa.select(Hospital).order_by(Hospital.id).limit(1)) or self.hospital("Bệnh viện Đa khoa Thử nghiệm")

    def department(self, name: str | None = None, hospital: Hospital | None = None, **fields: Any) -> Department:
        department = Department(hospital=hospital or self.default_hospital(), name=name or f"Khoa {next(_counter)}", **fields)
        db.session.add(department)
        db.session.commit()
        return department

    def user(self, role: str = "quality", hospital: Hospital | None = None, username: str | None = None, **fields: Any) -> User:
        user = User(
            username=username or f"{role}{next(_counter)}", role=role,
            hospital=None if role == "province" else (hospital or self.default_hospital()), full_name=fields.pop("full_name", f"Người dùng {role}"), **fields,
        )
        user.set_password(self.password)
        db.session.add(user)
        db.session.commit()
        return user

    def token(self, user: User) -> str:
        row, token = ApiToken.issue(user)
        db.session.add(row)
        db.session.commit()
        return token

    def round(self, hospital: Hospital | None = None, name: str = "Tự đánh giá", year: int = 2026, kind: str = "self", **kw: Any) -> Round:
        round_ = create_round(hospital or self.default_hospital(), name=name, year=year, kind=kind, user=kw.get("user"), source=kw.get("source"))
        db.session.commit()  # operations flush; the request (here: the builder) commits
        return round_

    def criterion(self, code: str) -> Criterion:
        return db.session.scalar(sa.select(Criterion).where(Criterion.code == code))

    def sub_items(self, *codes: str, shape: tuple[int, ...] = SYNTHETIC_SHAPE) -> list[SubItem]:
        """Insert a SYNTHETIC sub-item list for the given criteria (test data only)."""
        items = []
        for row in synthetic_rows(list(codes), shape):
            criterion = self.criterion(row["tieu_chi"])
            number = int(row["ma_tieu_muc"].rsplit(".", 1)[1])
            item = SubItem(criterion=criterion, code=row["ma_tieu_muc"], level=row["muc"], number=number, text=row["tieu_muc"], position=number)
            db.session.add(item)
            items.append(item)
        db.session.commit()
        for code in codes:
            db.session.expire(self.criterion(code))
        return items
