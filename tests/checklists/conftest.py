"""Fixtures of the Xanh – Sạch – Đẹp tests: the shipped template and a one-line audit builder."""
from __future__ import annotations

from datetime import date

import pytest

from quality_assess.checklists.loader import latest_template
from quality_assess.checklists.models import Audit
from quality_assess.checklists.operations import ItemInput, create_audit, save_answers, submit_audit
from quality_assess.database import db
from tests.conftest import attach, fresh


@pytest.fixture
def template(app):
    """The hospital's own department checklist shipped in criteria_data/checklists/ (its items loaded)."""
    with fresh(app):
        template = latest_template("xsd-khoa-phong", None)
        template.items  # loaded: readable after the block
        return template


class AuditBuilder:
    def __init__(self, make, template) -> None:
        self.make, self.template = make, template
        self.auditor = None

    def __call__(self, department, day: date, *, lost: dict[str, int] | None = None, na: tuple[str, ...] = (),
                 submit: bool = True, template=None) -> Audit:
        """An audit where every item gets full points except `lost` (code → points lost) and `na`."""
        self.auditor = self.auditor or self.make.user("ksnk", hospital=department.hospital)
        with fresh(self.make.app):
            template, auditor = attach(template or self.template), attach(self.auditor)
            audit = create_audit(hospital_id=department.hospital_id, department=attach(department), template=template, audit_date=day, user=auditor)
            lost = lost or {}
            inputs = {}
            for item in template.items:
                if item.code in na:
                    inputs[item.id] = ItemInput("na")
                elif item.code in lost:
                    inputs[item.id] = ItemInput(str(item.max_points - lost[item.code]), note=f"Tồn tại ở mục {item.code}")
                else:
                    inputs[item.id] = ItemInput(str(item.max_points))
            save_answers(audit, inputs, user=auditor)
            if submit:
                submit_audit(audit, user=auditor)
            db.session.refresh(audit)
            audit.answers  # loaded: readable after the block
            return audit


@pytest.fixture
def audit_of(make, template) -> AuditBuilder:
    return AuditBuilder(make, template)
