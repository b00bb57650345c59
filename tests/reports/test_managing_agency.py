"""The managing agency (cơ quan chủ quản) set on the hospital's profile heads its Word and PDF documents:
a ministry hospital in Hà Nội prints "BỘ Y TẾ" above its name instead of the province's health department."""
from __future__ import annotations

import io

from docx import Document

from quality_assess.plans.operations import generate_plan
from tests.conftest import reload, step
from tests.reports.conftest import pdf_text

generate_plan = step(generate_plan)


def heading_left(response) -> list[str]:
    assert response.status_code == 200
    return Document(io.BytesIO(response.data)).tables[0].rows[0].cells[0].text.split("\n")


def test_the_managing_agency_from_the_profile_heads_the_word_and_pdf_documents(app, client, auth, make, round_2017):
    hospital = make.default_hospital()
    office = auth.login("quality")
    response = client.post("/hospital/", data={"name": hospital.name, "province": "Hà Nội", "managing_agency": "Bộ Y tế",
                                               "xsd_target": "85"})
    assert response.status_code == 302
    assert reload(app, hospital).managing_agency == "Bộ Y tế"
    assert 'value="Bộ Y tế"' in client.get("/hospital/").get_data(as_text=True)

    assert heading_left(client.get(f"/reports/rounds/{round_2017.id}/report.docx")) == [
        "BỘ Y TẾ", hospital.name.upper(), "Số: ……/BC-BV"]
    assert "BỘ Y TẾ" in pdf_text(client.get(f"/reports/rounds/{round_2017.id}/report.pdf").data)
    plan = generate_plan(round_2017, include_level_3=False, user=office)
    assert heading_left(client.get(f"/plans/{plan.id}.docx"))[0] == "BỘ Y TẾ"


def test_without_a_managing_agency_the_heading_keeps_the_provinces_health_department(app, client, auth, make, round_2017):
    hospital = make.default_hospital()
    auth.login("quality")
    client.post("/hospital/", data={"name": hospital.name, "province": "Hà Nội", "managing_agency": "", "xsd_target": "85"})
    assert reload(app, hospital).managing_agency == ""
    assert heading_left(client.get(f"/reports/rounds/{round_2017.id}/report.docx"))[0] == "SỞ Y TẾ HÀ NỘI"


def test_a_too_long_managing_agency_is_refused_naming_the_field(app, client, auth, make):
    hospital = make.default_hospital()
    auth.login("quality")
    page = client.post("/hospital/", data={"name": hospital.name, "managing_agency": "S" * 201, "xsd_target": "85"})
    assert page.status_code == 400 and "Cơ quan chủ quản" in page.get_data(as_text=True)
    assert reload(app, hospital).managing_agency == ""
