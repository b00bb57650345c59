"""Generate realistic volumes for the benchmarks. Every sub-item text it writes is SYNTHETIC.

    python bench/generate.py --database sqlite:////tmp/bench.sqlite [--province]

Hospital scale: one hospital, ~1,600 synthetic sub-items, 10 rounds with every criterion answered
item by item, 30 departments with 24 months of Xanh – Sạch – Đẹp audits, plans with 200 actions.
Province scale (--province): 100 hospitals × 5 yearly rounds, every criterion answered per level.
"""
from __future__ import annotations

import argparse
import random
import sys
from datetime import date
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quality_assess import clock, create_app  # noqa: E402
from quality_assess.database import db, utcnow  # noqa: E402

BENCH_PASSWORD = "bench-password"
SEED = 20261123


def shape_for(index: int) -> tuple[int, ...]:
    """Items per level 1–5: 20 for the first 20 criteria, 19 after (1,597 items in all)."""
    return (4, 5, 4, 4, 3) if index < 20 else (4, 5, 4, 4, 2)


def synthetic_items(criteria) -> None:
    from quality_assess.catalog.models import SubItem

    rows = []
    for index, criterion in enumerate(criteria):
        number = 0
        for level, count in enumerate(shape_for(index), start=1):
            for _ in range(count):
                number += 1
                code = f"{criterion.code}-{level}.{number}"
                rows.append(dict(criterion_id=criterion.id, code=code, level=level, number=number, position=number, active=True,
                                 text=f"Tiểu mục giả lập {code} (dữ liệu benchmark, không phải văn bản chính thức)", method="", evidence=""))
    db.session.execute(sa.insert(SubItem), rows)


def answer_round_by_items(round_, rng: random.Random) -> None:
    """Answer every sub-item of every criterion (bulk insert), then compute each result's level."""
    from quality_assess.assessments import scoring
    from quality_assess.assessments.models import Result, SubItemAnswer
    from quality_assess.catalog.models import SubItem

    items = db.session.execute(sa.select(SubItem.id, SubItem.criterion_id, SubItem.level).where(SubItem.active)).all()
    results = {r.criterion_id: r for r in db.session.scalars(sa.select(Result).where(Result.round_id == round_.id))}
    by_criterion: dict[int, list[tuple[int, str]]] = {}
    answers = []
    for item_id, criterion_id, level in items:
        result = results[criterion_id]
        if result.not_applicable:
            continue
        if level == 1:
            value = "present" if rng.random() < 0.01 else "absent"
        else:
            value = "unmet" if rng.random() < 0.03 * level else ("na" if rng.random() < 0.02 else "met")
        answers.append(dict(result_id=result.id, sub_item_id=item_id, value=value))
        by_criterion.setdefault(criterion_id, []).append((level, value))
    db.session.execute(sa.insert(SubItemAnswer), answers)
    for criterion_id, values in by_criterion.items():
        result = results[criterion_id]
        a = scoring.answers_from_items(values)
        result.finding_l1 = a.finding
        result.met_l2, result.met_l3, result.met_l4, result.met_l5 = (a.met[n] for n in scoring.UPPER_LEVELS)
        result.level = scoring.level_from_answers(a.finding, a.met)
        result.updated_at = utcnow()


def answer_round_by_levels(round_id: int, rng: random.Random) -> None:
    from quality_assess.assessments.models import Result

    rows = db.session.execute(sa.select(Result.id, Result.not_applicable).where(Result.round_id == round_id)).all()
    updates = []
    for result_id, na in rows:
        if na:
            continue
        level = rng.choices([1, 2, 3, 4, 5], weights=[2, 15, 50, 28, 5])[0]
        met = {n: n <= level for n in (2, 3, 4, 5)}
        updates.append(dict(rid=result_id, finding_l1=level == 1, met_l2=met[2], met_l3=met[3], met_l4=met[4], met_l5=met[5], level=level, updated_at=utcnow()))
    table = Result.__table__
    statement = table.update().where(table.c.id == sa.bindparam("rid")).values(
        {c: sa.bindparam(c) for c in ("finding_l1", "met_l2", "met_l3", "met_l4", "met_l5", "level", "updated_at")}
    )
    db.session.execute(statement, updates)


def make_user(hospital, username: str, role: str):
    from quality_assess.auth.operations import create_user

    return create_user(username=username, password=BENCH_PASSWORD, role=role, hospital=hospital)  # flushes; the caller commits


def hospital_scale(rng: random.Random) -> dict:
    from quality_assess.assessments.operations import create_round
    from quality_assess.catalog.models import Criterion
    from quality_assess.org.models import Department, Hospital

    hospital = Hospital(name="Bệnh viện Đa khoa Benchmark", grade="Hạng I", has_obstetrics=True, has_paediatrics=True)
    db.session.add(hospital)
    departments = [Department(hospital=hospital, name=f"Khoa {i:02d}", code=f"K{i:02d}") for i in range(1, 31)]
    db.session.add_all(departments)
    user = make_user(hospital, "bench", "quality")
    make_user(hospital, "bench_ksnk", "ksnk_lead")
    make_user(hospital, "bench_director", "director")
    criteria = db.session.scalars(sa.select(Criterion).order_by(Criterion.position)).all()
    synthetic_items(criteria)
    db.session.commit()
    rounds = []
    for year in range(2017, 2027):
        round_ = create_round(hospital, name=f"Tự đánh giá {year}", year=year, kind="self", user=user, source=rounds[-1] if rounds else None)
        answer_round_by_items(round_, rng)
        db.session.commit()
        rounds.append(round_)
    extras = {}
    for name, fill in EXTRA_GENERATORS:
        extras[name] = fill(hospital, departments, rounds, user, rng)
        db.session.commit()
    return {"hospital_id": hospital.id, "round_ids": [r.id for r in rounds], **extras}


def province_scale(rng: random.Random, hospitals: int = 100, years: int = 5) -> None:
    from quality_assess.assessments.operations import create_round
    from quality_assess.org.models import Hospital

    make_user(None, "bench_province", "province")
    for h in range(hospitals):
        hospital = Hospital(name=f"Bệnh viện tỉnh thử nghiệm {h + 1:03d}", has_obstetrics=h % 3 != 0, has_paediatrics=h % 4 != 0)
        db.session.add(hospital)
        db.session.flush()
        for year in range(2022, 2022 + years):
            round_ = create_round(hospital, name=f"Tự đánh giá {year}", year=year, kind="self", user=None)
            answer_round_by_levels(round_.id, rng)
        db.session.commit()


def xsd_audits(hospital, departments, rounds, user, rng: random.Random, months: int = 24) -> dict:
    """One submitted Xanh – Sạch – Đẹp audit per department per month for the last `months` months (bulk)."""
    from quality_assess.checklists.models import Answer, Audit
    from quality_assess.checklists.operations import templates_for

    template = templates_for(hospital.id)[0]
    items = template.items
    today = clock.today()
    audits = []
    for back in range(months):
        year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
        day = min(today.day, 28) if back == 0 else rng.randint(1, 28)
        for department in departments:
            audits.append(Audit(hospital_id=hospital.id, department=department, template=template, auditor=user,
                                audit_date=date(year, month + 1, day), status="submitted", submitted_at=utcnow()))
    db.session.add_all(audits)
    db.session.flush()
    answers = []
    for audit in audits:
        for item in items:
            na = rng.random() < 0.03
            points = None if na else (item.max_points if rng.random() < 0.85 else rng.randint(0, item.max_points - 1))
            answers.append(dict(audit_id=audit.id, item_id=item.id, points=points, not_applicable=na,
                                note="" if na or points == item.max_points else "Tồn tại giả lập (benchmark)"))
    db.session.execute(sa.insert(Answer), answers)
    return {"xsd_audits": len(audits), "xsd_answers": len(answers)}


def plan_actions(hospital, departments, rounds, user, rng: random.Random, actions: int = 200) -> dict:
    """The latest round's improvement plan (criteria at levels 1–3) with `actions` actions spread over its entries."""
    from quality_assess.plans.models import ACTION_STATUSES, Action
    from quality_assess.plans.operations import generate_plan

    plan = generate_plan(rounds[-1], include_level_3=True, user=user)
    entries = plan.entries
    today = clock.today()
    rows = [
        dict(entry_id=entries[i % len(entries)].id, hospital_id=hospital.id, department_id=rng.choice(departments).id,
             responsible_id=user.id, text=f"Hành động cải tiến giả lập số {i + 1} (dữ liệu benchmark)",
             start_date=date(today.year, 1, 1), due_date=date(today.year, rng.randint(1, 12), 28),
             status=rng.choice(ACTION_STATUSES), evidence="", created_at=utcnow())
        for i in range(actions)
    ]
    db.session.execute(sa.insert(Action), rows)
    return {"plan_id": plan.id, "plan_entries": len(entries), "plan_actions": actions}


# Generators for the other domains, each (name, function(hospital, departments, rounds, user, rng)).
EXTRA_GENERATORS: list = [("xsd", xsd_audits), ("plans", plan_actions)]


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True, help="SQLAlchemy URL of an EMPTY database")
    parser.add_argument("--province", action="store_true", help="also 100 hospitals × 5 years")
    parser.add_argument("--national", type=int, metavar="N", default=0, help="also N hospitals × 10 years, in bulk (bench/national.py)")
    args = parser.parse_args(argv)
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database, "SECRET_KEY": "bench"})
    with app.app_context():
        from flask_migrate import upgrade

        from quality_assess.catalog.cli import load_everything

        upgrade(revision="head")
        load_everything(Path(app.config["CATALOG_DIR"]))
        rng = random.Random(SEED)
        info = hospital_scale(rng)
        if args.province:
            province_scale(rng)
        if args.national:
            from bench.national import national_scale

            if not args.province:
                make_user(None, "bench_province", "province")
            info.update(national_scale(rng, hospitals=args.national))
        print(info)
    return info


if __name__ == "__main__":
    main()
