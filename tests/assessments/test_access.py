"""Who may change a criterion, when nothing may change, and edits that must not be lost."""
from __future__ import annotations

import pytest

from quality_assess.assessments.operations import save_result, set_round_status
from quality_assess.database import db
from tests.assessments.conftest import levels_answer, result_of
from tests.builders import Builders
from tests.conftest import PASSWORD, fresh, make_app, step

save_result, set_round_status = step(save_result), step(set_round_status)  # steps: each runs in its own fresh session

PAGE = "/rounds/{}/criteria/{}"
ANSWER = {"finding": "no", "met_2": "yes", "met_3": "no", "version": "1"}


def test_director_reads_but_cannot_save(client, auth, make):
    auth.login("director")
    round_ = make.round()
    page = client.get(PAGE.format(round_.id, "A1.1")).get_data(as_text=True)
    assert "Bạn chỉ có quyền xem" in page and "<fieldset disabled>" in page and ">Lưu</button>" not in page
    assert client.post(PAGE.format(round_.id, "A1.1"), data=ANSWER).status_code == 403
    assert result_of(round_, "A1.1").version == 1


def test_locked_round_is_read_only_on_the_web_and_in_the_api(client, auth, make, score):
    manager = auth.login("quality")
    round_ = make.round()
    score(round_, {"A1.1": 4})
    set_round_status(round_, "submitted", user=manager, override_reason="Thử nghiệm: nộp khi chưa duyệt đủ")
    set_round_status(round_, "locked", user=manager)
    version = result_of(round_, "A1.1").version

    page = client.get(PAGE.format(round_.id, "A1.1")).get_data(as_text=True)
    assert "Đợt đánh giá đã khóa" in page and "<fieldset disabled>" in page
    refused = client.post(PAGE.format(round_.id, "A1.1"), data={**ANSWER, "version": str(version)})
    assert refused.status_code == 409 and "đã khóa" in refused.get_data(as_text=True)

    token = make.token(manager)
    api = client.put(f"/api/v1/rounds/{round_.id}/results/A1.1", json={"level1_finding": True},
                     headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 409 and "đã khóa" in api.get_json()["error"]
    result = result_of(round_, "A1.1")
    assert (result.level, result.version) == (4, version)


def test_csrf_is_enforced_for_forms_but_not_for_bearer_requests(tmp_path, template_db):
    protected = make_app(tmp_path, template_db, WTF_CSRF_ENABLED=True)
    make = Builders(protected, PASSWORD)
    assessor = make.user("quality")
    round_ = make.round()
    token = make.token(assessor)
    client = protected.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = assessor.get_id()
        session["_fresh"] = True
    assert client.get(PAGE.format(round_.id, "A1.1")).status_code == 200
    refused = client.post(PAGE.format(round_.id, "A1.1"), data=ANSWER)
    assert refused.status_code == 400 and "CSRF" in refused.get_data(as_text=True)
    with fresh(protected):
        assert result_of(round_, "A1.1").version == 1

    api = client.put(f"/api/v1/rounds/{round_.id}/results/A1.1", json={"level1_finding": False, "met": {"2": False}},
                     headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200 and api.get_json()["level"] == 1


def test_a_stale_edit_is_refused_and_the_typed_answers_are_kept(client, auth, make):
    auth.login("quality")
    colleague = make.user("quality", full_name="Nguyễn Thị Lan")
    round_ = make.round()
    opened = client.get(PAGE.format(round_.id, "A1.1")).get_data(as_text=True)
    assert 'name="version" value="1"' in opened

    save_result(result_of(round_, "A1.1"), levels_answer(4), user=colleague)  # saved in between: Mức 4

    mine = {"finding": "no", "met_2": "yes", "met_3": "no", "note": "Ghi chú của tôi", "version": "1"}
    response = client.post(PAGE.format(round_.id, "A1.1"), data=mine)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Nguyễn Thị Lan" in page and "Bản của bạn chưa được lưu" in page
    assert "<td>Đạt tất cả tiểu mục Mức 3</td><td>Có</td><td>Không</td>" in page   # field, stored, yours
    assert "<td>Ghi chú</td><td>(trống)</td><td>Ghi chú của tôi</td>" in page
    assert 'name="met_3" value="no" checked' in page and "Ghi chú của tôi</textarea>" in page
    assert 'name="version" value="2"' in page
    assert result_of(round_, "A1.1").level == 4                                        # nothing overwritten

    again = client.post(PAGE.format(round_.id, "A1.1"), data={**mine, "version": "2"})   # a deliberate second save
    assert again.status_code == 302
    result = result_of(round_, "A1.1")
    assert (result.level, result.note, result.version) == (2, "Ghi chú của tôi", 3)


def test_a_save_that_loses_the_race_is_a_stale_edit(app, make):
    with fresh(app):
        import sqlalchemy as sa

        from quality_assess.assessments.models import Result
        from quality_assess.domain import StaleEdit

        round_ = make.round()
        result = result_of(round_, "A1.1")
        # Another request writes between this one's version check and its commit.
        with db.engine.begin() as other:
            other.execute(sa.update(Result.__table__).where(Result.id == result.id).values(version=2, level=5))
        assert result.version == 1  # this request still holds what it read
        with pytest.raises(StaleEdit):
            save_result(result, levels_answer(2), user=None, expected_version=1)
        assert result_of(round_, "A1.1").level == 5


@pytest.mark.parametrize(("role", "may_save"), [
    ("admin", True), ("quality", True), ("assessor", False),  # assessors: only assigned criteria (tests/workflow)
    ("director", False), ("ksnk", False), ("dept_head", False),
])
def test_who_may_save_a_criterion(client, auth, make, role, may_save):
    auth.login(role)
    round_ = make.round()
    response = client.post(PAGE.format(round_.id, "A1.1"), data=ANSWER)
    assert response.status_code == (302 if may_save else 403)
    assert result_of(round_, "A1.1").level == (2 if may_save else None)


def test_another_hospitals_round_is_not_found(client, auth, make):
    auth.login("quality")
    other = make.round(hospital=make.hospital())
    for url in (f"/rounds/{other.id}", f"/rounds/{other.id}/result", PAGE.format(other.id, "A1.1")):
        assert client.get(url).status_code == 404
    assert client.post(PAGE.format(other.id, "A1.1"), data=ANSWER).status_code == 404


def test_the_page_loads_its_script_and_has_no_inline_code(client, auth, make):
    auth.login("assessor")
    page = client.get(PAGE.format(make.round().id, "A1.1")).get_data(as_text=True)
    assert "js/walkthrough.js" in page and "css/assessments.css" in page
    assert "<script>" not in page and " onclick=" not in page and " style=" not in page
