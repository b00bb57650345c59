"""The improvement plan as an editable Word document, downloaded beside the PDF: the administrative
heading with the plan's number line and the date in hospital time, the action table as a real table,
the director's signature block. Read back with python-docx."""
from __future__ import annotations

import io

import pytest
from docx import Document

from quality_assess.plans import operations
from tests.conftest import step, steps

ops = steps(operations)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def hanoi(make):
    """The default hospital, in Hà Nội (made before the round so the round and the plan are its)."""
    return make.hospital("Bệnh viện Đa khoa Thử nghiệm", province="Hà Nội", director_name="Trần Văn Giám")


@pytest.fixture
def plan(make, hanoi, scored_round):
    return ops.generate_plan(scored_round, include_level_3=False, user=make.user("quality"))


@step
def entry(plan, code):
    return next(e for e in plan.entries if e.criterion.code == code)


def cells(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def docx_of(client, plan):
    response = client.get(f"/plans/{plan.id}.docx")
    assert response.status_code == 200 and response.mimetype == DOCX
    return Document(io.BytesIO(response.data))


def test_the_director_downloads_the_plan_as_a_word_document_dated_in_hospital_time(client, auth, make, plan):
    ops.add_action(entry(plan, "A1.1"), ops.ActionFields(text="Lắp biển chỉ dẫn <song ngữ> & sơ đồ"), user=make.user("quality"))
    auth.login("director")
    doc = docx_of(client, plan)
    left, right = cells(doc.tables[0])[0]
    assert left.split("\n") == ["SỞ Y TẾ HÀ NỘI", "BỆNH VIỆN ĐA KHOA THỬ NGHIỆM", "Số: ……/KH-BV"]
    assert right.split("\n")[-1] == "Hà Nội, ngày 1 tháng 12 năm 2026"  # 30/11 20:30 UTC is 1 December in Viet Nam
    texts = [p.text for p in doc.paragraphs]
    assert "KẾ HOẠCH CẢI TIẾN CHẤT LƯỢNG NĂM 2026" in texts
    assert "I. MỤC TIÊU" in texts and any(t.startswith("- Điểm trung bình hiện tại: ") for t in texts)
    actions = cells(doc.tables[1])
    assert actions[0][:2] == ["Mã tiêu chí", "Tiêu chí"]
    a11 = next(row for row in actions if row[0] == "A1.1" and row[5])
    assert a11[5] == "Lắp biển chỉ dẫn <song ngữ> & sơ đồ"
    assert a11[1].startswith("Người bệnh được chỉ dẫn rõ ràng")
    signatures = cells(doc.tables[-1])
    assert signatures[1] == ["NGƯỜI LẬP", "GIÁM ĐỐC"] and signatures[-1][-1] == "Trần Văn Giám"
    section = doc.sections[0]
    assert section.page_width > section.page_height and doc.styles["Normal"].font.name == "Times New Roman"


def test_the_plan_page_offers_word_beside_pdf(client, auth, plan):
    auth.login("quality")
    html = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert html.index(f"/plans/{plan.id}.pdf") < html.index(f"/plans/{plan.id}.docx")


def test_another_hospitals_plan_is_not_found(client, auth, make, plan):
    auth.login("director", hospital=make.hospital("Bệnh viện khác"))
    assert client.get(f"/plans/{plan.id}.docx").status_code == 404
