"""The structured export another system reads: GET /api/v1/rounds/<id>/export (JSON) and export.csv."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
import sqlalchemy as sa

from quality_assess.catalog.models import Criterion
from tests.conftest import scalar

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "export-schema-v1.json").read_text(encoding="utf-8"))


@pytest.fixture
def api(client, make):
    """api(user)(url, method="GET", json=...) → response, authenticated by the user's Bearer token."""

    def for_user(user):
        headers = {"Authorization": f"Bearer {make.token(user)}"}
        return lambda url, method="GET", **kw: client.open(f"/api/v1{url}", method=method, headers=headers, **kw)

    return for_user


def test_the_2017_round_exports_every_criterion_with_the_summary_figures(app, api, make, round_2017):
    call = api(make.user("director"))
    document = call(f"/rounds/{round_2017.id}/export").get_json()

    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert document["schema_version"] == "1.0"
    assert document["summary"] == call(f"/rounds/{round_2017.id}/summary").get_json()
    assert document["summary"]["mean"] == pytest.approx(3.60, abs=0.005)
    codes = scalar(app, sa.select(sa.func.count()).select_from(Criterion))
    assert len(document["criteria"]) == document["framework"]["criteria"] == codes == 83
    assert document["criteria"][0] == {"code": "A1.1", "part": "A", "chapter": "A1", "coefficient": 1, "applicable": True,
                                       "level": 2, "not_applicable_reason": None, "note": ""}
    assert all(c["coefficient"] == 2 for c in document["criteria"] if c["chapter"] in ("C3", "C5"))
    assert {k: document["round"][k] for k in ("id", "name", "year", "kind", "status")} == {
        "id": round_2017.id, "name": "Tự đánh giá năm 2017", "year": 2017, "kind": "self", "status": "draft"}
    assert document["hospital"]["id"] == round_2017.hospital_id and document["framework"]["decision"] == "6858/QĐ-BYT"


def test_a_not_applicable_criterion_and_a_note_reach_the_document(api, make):
    manager = make.user("quality")
    round_ = make.round()
    call = api(manager)
    call(f"/rounds/{round_.id}/results/E2.1", "PUT", json={"not_applicable": True, "reason": "Bệnh viện không có khoa Nhi"})
    call(f"/rounds/{round_.id}/results/A1.1", "PUT",
         json={"level1_finding": False, "met": {"2": True, "3": False}, "note": "Biển báo đã thay, còn thiếu sơ đồ"})

    document = call(f"/rounds/{round_.id}/export").get_json()
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    rows = {c["code"]: c for c in document["criteria"]}
    assert rows["E2.1"] == {"code": "E2.1", "part": "E", "chapter": "E2", "coefficient": rows["E2.1"]["coefficient"],
                                 "applicable": False, "level": None,
                                 "not_applicable_reason": "Bệnh viện không có khoa Nhi", "note": ""}
    assert (rows["A1.1"]["level"], rows["A1.1"]["note"]) == (2, "Biển báo đã thay, còn thiếu sơ đồ")
    assert rows["A1.2"]["level"] is None and rows["A1.2"]["applicable"] is True   # not assessed yet
    assert document["summary"]["applicable"] == 82 and document["summary"]["answered"] == 1


def test_the_csv_has_the_same_rows_opens_in_excel_and_runs_no_formula(api, make):
    manager = make.user("quality")
    round_ = make.round()
    call = api(manager)
    call(f"/rounds/{round_.id}/results/A1.1", "PUT",
         json={"level1_finding": False, "met": {"2": True, "3": True, "4": False}, "note": "=HYPERLINK(\"http://x\",\"Bấm\")"})
    call(f"/rounds/{round_.id}/results/A1.2", "PUT", json={"not_applicable": True, "reason": "-Không áp dụng ở tuyến này"})

    response = call(f"/rounds/{round_.id}/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert f'filename="ket-qua-dot-{round_.id}.csv"' in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")          # the BOM Excel needs to read UTF-8
    table = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert table[0] == ["code", "part", "chapter", "coefficient", "applicable", "level", "not_applicable_reason", "note"]
    document = call(f"/rounds/{round_.id}/export").get_json()
    assert [row[0] for row in table[1:]] == [c["code"] for c in document["criteria"]]
    rows = {row[0]: row for row in table[1:]}
    assert rows["A1.1"] == ["A1.1", "A", "A1", "1", "1", "3", "", "'=HYPERLINK(\"http://x\",\"Bấm\")"]
    assert rows["A1.2"][4:7] == ["0", "", "'-Không áp dụng ở tuyến này"]


def test_another_hospitals_round_is_not_found_and_a_visitor_needs_a_token(client, api, make):
    call = api(make.user("quality"))
    elsewhere = make.round(hospital=make.hospital("Bệnh viện khác"))
    for url in (f"/rounds/{elsewhere.id}/export", f"/rounds/{elsewhere.id}/export.csv"):
        assert call(url).status_code == 404
        assert client.get(f"/api/v1{url}").status_code == 401
