"""The health department downloads every hospital's structured export as one archive (/province/exports.zip)."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import jsonschema

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "export-schema-v1.json").read_text(encoding="utf-8"))


def test_the_archive_holds_each_hospitals_locked_self_assessment_as_the_export_document(client, auth, two_sites):
    a, b = two_sites
    auth.login("province")
    response = client.get("/province/exports.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert 'filename="du-lieu-cac-benh-vien.zip"' in response.headers["Content-Disposition"]

    archive = zipfile.ZipFile(io.BytesIO(response.data))
    index = json.loads(archive.read("index.json"))
    by_hospital = {d["hospital"]["id"]: d for d in index["documents"]}
    assert {h: d["round"]["id"] for h, d in by_hospital.items()} == {a.hospital.id: a.locked_round.id, b.hospital.id: b.locked_round.id}

    document = json.loads(archive.read(by_hospital[a.hospital.id]["file"]))
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert document["hospital"]["name"] == "Bệnh viện Alpha" and document["round"]["status"] == "locked"
    levels = {c["code"]: c["level"] for c in document["criteria"]}
    assert (levels["A1.1"], levels["A1.2"], levels["C3.1"]) == (3, 4, 2)
    assert document["summary"]["mean"] == 2.75   # (3 + 4 + 2×2) / 4, as the province table shows


def test_a_year_chooses_that_years_round_and_hospital_users_never_get_the_archive(client, auth, two_sites):
    a, b = two_sites
    auth.login("province")
    archive = zipfile.ZipFile(io.BytesIO(client.get("/province/exports.zip?year=2026").data))
    rounds = {d["round"]["id"] for d in json.loads(archive.read("index.json"))["documents"]}
    assert rounds == {a.round.id, b.round.id}
    auth.logout()
    auth.login("admin", hospital=a.hospital)
    assert client.get("/province/exports.zip").status_code == 403
