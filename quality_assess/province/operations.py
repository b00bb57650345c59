"""What the province writes: the health department's inspection team's rounds of the hospitals it is given."""
from __future__ import annotations

from quality_assess.assessments.models import Round
from quality_assess.assessments.operations import create_round, set_round_status
from quality_assess.auth.models import User
from quality_assess.domain import Forbidden
from quality_assess.org.models import Hospital


def create_inspection_round(hospital: Hospital, *, name: str, year: object, user: User) -> Round:
    """A new inspection round of `hospital` entered by the province team (Round.province_team): the hospital
    reads it and compares it with its self-assessment; only inspectors given the hospital write it."""
    if not user.can("inspection.write") or hospital.id not in user.inspected_hospital_ids:
        raise Forbidden("Bạn không được giao kiểm tra bệnh viện này.", field="hospital")
    return create_round(hospital, name=name, year=year, kind="inspection", user=user, province_team=True)


def lock_inspection_round(round_: Round, *, user: User) -> Round:
    """The team's results are final: the round is submitted and locked (its summary frozen) in one step.
    The hospital's own review workflow does not apply to the team's round."""
    if not round_.province_team or not user.can("inspection.write") or round_.hospital_id not in user.inspected_hospital_ids:
        raise Forbidden("Bạn không được giao kiểm tra bệnh viện này.")
    set_round_status(round_, "submitted", user=user)
    return set_round_status(round_, "locked", user=user)
