"""An audit started by mistake is deleted while it is a draft, after a confirmation page, with its photos."""
from __future__ import annotations

import sqlalchemy as sa

from quality_assess.checklists.models import Answer, Audit
from quality_assess.checklists.operations import photo_dir
from quality_assess.history.models import ChangeLog
from tests.checklists.test_audits import PNG, _upload, full_marks, start_audit
from tests.conftest import count_rows, reload, scalar, scalars, step

photo_dir = step(photo_dir)  # a step: runs in its own fresh session


def test_the_auditor_deletes_a_draft_audit_and_its_photo_after_confirming(app, client, auth, make, template):
    nurse = auth.login("ksnk")
    department = make.department("Khoa Hồi sức")
    audit = start_audit(client, department, template)
    assert _upload(client, audit, template, PNG, "anh.png").status_code == 302
    photo = photo_dir() / scalar(app, sa.select(Answer.photo_name).where(Answer.audit_id == audit.id))
    assert photo.exists()

    page = client.get(f"/xsd/audits/{audit.id}/delete").get_data(as_text=True)
    assert "Xóa phiếu kiểm tra nháp?" in page and "Khoa Hồi sức" in page
    client.post(f"/xsd/audits/{audit.id}/delete")  # not sent from the page: nothing happens
    assert reload(app, audit) is not None

    response = client.post(f"/xsd/audits/{audit.id}/delete", data={"confirmed": "1"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/xsd/")
    assert reload(app, audit) is None and count_rows(app, Answer) == 0 and not photo.exists()
    [row] = scalars(app, sa.select(ChangeLog).where(ChangeLog.entity == "xsd_audit", ChangeLog.entity_id == audit.id))
    assert (row.field, row.old.startswith("Khoa Hồi sức"), row.user_id) == ("deleted", True, nurse.id)


def test_a_submitted_audit_or_another_nurses_draft_is_not_deleted(app, client, auth, make, template):
    department = make.department()
    auth.login("ksnk")
    submitted = start_audit(client, department, template)
    client.post(f"/xsd/audits/{submitted.id}", data=full_marks(template, then="submit"))
    assert reload(app, submitted).status == "submitted"
    client.post(f"/xsd/audits/{submitted.id}/delete", data={"confirmed": "1"})
    draft = start_audit(client, department, template)
    auth.logout()

    auth.login("ksnk")  # another nurse
    client.post(f"/xsd/audits/{draft.id}/delete", data={"confirmed": "1"})
    assert count_rows(app, Audit) == 2
    auth.logout()
    auth.login("ksnk_lead")  # the KSNK lead may
    client.post(f"/xsd/audits/{draft.id}/delete", data={"confirmed": "1"})
    assert reload(app, draft) is None and reload(app, submitted) is not None
