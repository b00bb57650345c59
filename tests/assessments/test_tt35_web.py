"""The life of a TT 35/2024 self-assessment on the web: create it beside the 83 criteria, answer its items
(Có / Không / Không áp dụng with a reason), assign, review, lock; its dashboard says đạt or không đạt."""
from __future__ import annotations

import sqlalchemy as sa

from quality_assess.assessments.models import ItemResult, Result, Round
from tests.conftest import fresh


def items_of(app, round_id: int) -> dict[str, ItemResult]:
    with fresh(app) as session:
        rows = session.scalars(sa.select(ItemResult).where(ItemResult.round_id == round_id)).all()
        found = {r.item.code: r for r in rows}
        session.expunge_all()
        return found


def answer_all(client, round_id: int, codes, special: dict[str, dict]) -> None:
    for code in codes:
        data = special.get(code, {"answer": "yes"})
        response = client.post(f"/rounds/{round_id}/items/{code}", data={"version": "", **data})
        assert response.status_code == 302, (code, response.get_data(as_text=True)[:400])


def test_a_quality_office_runs_a_tt35_round_from_creation_to_lock(client, auth, make, app):
    auth.login("quality")
    department = make.department("Khoa Chẩn đoán hình ảnh")
    page = client.get("/rounds/").get_data(as_text=True)
    assert "Tiêu chuẩn chất lượng cơ bản đối với bệnh viện (Thông tư 35/2024/TT-BYT)" in page  # the framework choice

    created = client.post("/rounds/", data={"name": "Tự đánh giá TT 35 năm 2025", "year": "2025", "kind": "self",
                                            "framework": "tt35", "source_round_id": "0"})
    assert created.status_code == 302
    with fresh(app) as session:
        round_ = session.scalar(sa.select(Round).where(Round.name == "Tự đánh giá TT 35 năm 2025"))
        rid = round_.id
        assert round_.framework.code == "tt35"
        assert session.scalar(sa.select(sa.func.count()).select_from(Result).where(Result.round_id == rid)) == 0
    assert len(items_of(app, rid)) == 44

    overview = client.get(f"/rounds/{rid}").get_data(as_text=True)
    assert "Chưa kết luận" in overview and "Tiêu chuẩn về cơ sở vật chất" in overview and "Báo cáo sự cố y khoa." in overview

    # "Không áp dụng" without a reason is refused, naming the field, and nothing is stored
    refused = client.post(f"/rounds/{rid}/items/I.7.1", data={"answer": "na", "reason": ""})
    assert refused.status_code == 400 and "cần ghi lý do" in refused.get_data(as_text=True)
    assert items_of(app, rid)["I.7.1"].answer is None

    item_page = client.get(f"/rounds/{rid}/items/II.3.b").get_data(as_text=True)
    assert "chỉ một bản chép công khai" in item_page  # the provenance shown where the text appears

    codes = list(items_of(app, rid))
    na = {"answer": "na", "reason": "Bệnh viện không có thiết bị bức xạ"}
    answer_all(client, rid, codes, {"I.7.1": na, "I.7.2": na, "I.7.3": na, "I.7.4": na,
                                    "V.4.6": {"answer": "no", "note": "Chưa có sổ", "evidence": "Biên bản 01/2026"},
                                    "II.7": {"answer": "no"}})
    stored = items_of(app, rid)
    assert stored["V.4.6"].evidence == "Biên bản 01/2026" and stored["I.7.1"].reason == "Bệnh viện không có thiết bị bức xạ"

    overview = client.get(f"/rounds/{rid}").get_data(as_text=True)
    assert 'data-tt35-result="failed"' in overview
    assert "38 Có · 2 Không · 4 Không áp dụng · 0 chưa trả lời, trên 44 mục (40 mục áp dụng)" in overview
    assert "Nhóm II</strong> (1)" in overview and "Nhóm V</strong> (1)" in overview

    # assignment, review, history
    assert client.post(f"/rounds/{rid}/items/I.1/department", data={"department_id": str(department.id)}).status_code == 302
    assert items_of(app, rid)["I.1"].department_id == department.id
    assert client.post(f"/rounds/{rid}/items/V.4.6/review", data={"decision": "returned", "comment": ""}).status_code == 302
    assert items_of(app, rid)["V.4.6"].review_status == "draft"  # a return needs a comment
    client.post(f"/rounds/{rid}/items/V.4.6/review", data={"decision": "returned", "comment": "Bổ sung sổ báo cáo"})
    assert items_of(app, rid)["V.4.6"].review_status == "returned"
    client.post(f"/rounds/{rid}/items/V.4.6", data={"answer": "yes"})
    client.post(f"/rounds/{rid}/items/II.7", data={"answer": "yes"})
    history = client.get(f"/rounds/{rid}/items/V.4.6").get_data(as_text=True)
    assert "Lịch sử thay đổi" in history and "review_status" in history

    assert 'data-tt35-result="passed"' in client.get(f"/rounds/{rid}").get_data(as_text=True)
    assert client.post(f"/rounds/{rid}/status/submitted").status_code == 302
    assert client.post(f"/rounds/{rid}/status/locked").status_code == 302
    with fresh(app) as session:
        locked = session.get(Round, rid)
        assert locked.status == "locked" and locked.snapshot["passed"] is True and locked.snapshot["framework"] == "tt35"
    assert client.post(f"/rounds/{rid}/items/I.1", data={"answer": "no"}).status_code == 409
    assert items_of(app, rid)["I.1"].answer == "yes"


def test_an_assessor_answers_and_a_director_only_reads(client, auth, make, app):
    round_ = make.round(framework="tt35")
    auth.login("assessor")
    assert client.post(f"/rounds/{round_.id}/items/I.1", data={"answer": "yes"}).status_code == 302
    auth.logout()
    auth.login("director")
    page = client.get(f"/rounds/{round_.id}/items/I.1").get_data(as_text=True)
    assert "Bạn chỉ có quyền xem mục này." in page
    assert client.post(f"/rounds/{round_.id}/items/I.1", data={"answer": "no"}).status_code == 403
    assert items_of(app, round_.id)["I.1"].answer == "yes"


def test_the_criteria_pages_are_not_the_items_pages(client, auth, make):
    auth.login("quality")
    tt35 = make.round(framework="tt35")
    qd = make.round(name="83 tiêu chí")
    assert client.get(f"/rounds/{tt35.id}/criteria/A1.1").status_code == 404
    assert client.get(f"/rounds/{qd.id}/items/I.1").status_code == 404
    assert client.get(f"/rounds/{qd.id}").status_code == 200  # the 83-criteria overview as before


def test_a_draft_tt35_round_is_deleted_with_its_answers_and_a_locked_one_reopened(client, auth, make, app):
    from quality_assess.assessments.models import RoundVersion
    from tests.conftest import count_rows

    auth.login("admin")
    draft = make.round(framework="tt35", name="Nháp TT 35")
    client.post(f"/rounds/{draft.id}/items/I.1", data={"answer": "yes"})
    assert client.post(f"/rounds/{draft.id}/delete", data={"confirmed": "1"}).status_code == 302
    assert count_rows(app, ItemResult) == 0

    locked = make.round(framework="tt35", name="TT 35 đã khóa")
    client.post(f"/rounds/{locked.id}/items/V.4.6", data={"answer": "no"})
    client.post(f"/rounds/{locked.id}/status/submitted")
    client.post(f"/rounds/{locked.id}/status/locked")
    assert client.post(f"/rounds/{locked.id}/reopen", data={"reason": "Sửa minh chứng"}).status_code == 302
    with fresh(app) as session:
        version = session.scalars(sa.select(RoundVersion).where(RoundVersion.round_id == locked.id)).one()
        assert version.snapshot["framework"] == "tt35" and version.snapshot["groups"]["V"]["no_items"] == ["V.4.6"]
        assert session.get(Round, locked.id).status == "draft"
