"""Evidence files on a TT 35/2024 item: uploaded from the item's page, downloaded, removed before the lock."""
from __future__ import annotations

import io

from quality_assess.workflow.models import ItemEvidence
from tests.conftest import count_rows, fresh

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


def test_an_assessor_attaches_a_file_to_an_item_and_it_comes_back(app, client, auth, make):
    round_ = make.round(framework="tt35")
    auth.login("assessor")
    sent = client.post(f"/workflow/rounds/{round_.id}/items/V.4.6/evidence",
                       data={"file": (io.BytesIO(PDF), "so-bao-cao-su-co.pdf")}, content_type="multipart/form-data")
    assert sent.status_code == 302
    page = client.get(f"/rounds/{round_.id}/items/V.4.6").get_data(as_text=True)
    assert 'data-evidence="so-bao-cao-su-co.pdf"' in page
    with fresh(app) as session:
        evidence_id = session.query(ItemEvidence).one().id
    download = client.get(f"/workflow/item-evidence/{evidence_id}")
    assert download.status_code == 200 and download.data == PDF

    refused = client.post(f"/workflow/rounds/{round_.id}/items/V.4.6/evidence",
                          data={"file": (io.BytesIO(b"MZ\x90\x00 not a pdf"), "virus.exe")}, content_type="multipart/form-data")
    assert refused.status_code == 302 and count_rows(app, ItemEvidence) == 1

    assert client.post(f"/workflow/item-evidence/{evidence_id}/delete").status_code == 302
    assert count_rows(app, ItemEvidence) == 0


def test_another_hospital_never_reaches_the_file(app, client, auth, make):
    round_ = make.round(framework="tt35")
    auth.login("assessor")
    client.post(f"/workflow/rounds/{round_.id}/items/I.1/evidence", data={"file": (io.BytesIO(PDF), "a.pdf")},
                content_type="multipart/form-data")
    with fresh(app) as session:
        evidence_id = session.query(ItemEvidence).one().id
    auth.logout()
    auth.login("admin", hospital=make.hospital("Bệnh viện khác"))
    assert client.get(f"/workflow/item-evidence/{evidence_id}").status_code == 404
    assert client.post(f"/workflow/item-evidence/{evidence_id}/delete").status_code == 404
