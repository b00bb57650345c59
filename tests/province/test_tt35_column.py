"""The province table has a column "TT 35: đạt / không đạt, năm" beside the 83 criteria's figures."""
from __future__ import annotations

import sqlalchemy as sa

from quality_assess.assessments.models import ItemResult
from quality_assess.catalog.models import FrameworkItem
from tests.conftest import fresh


def answer(app, round_, no: tuple[str, ...] = (), open_: tuple[str, ...] = ()) -> None:
    with fresh(app) as session:
        for row in session.scalars(sa.select(ItemResult).join(FrameworkItem).where(ItemResult.round_id == round_.id)):
            row.answer = None if row.item.code in open_ else ("no" if row.item.code in no else "yes")
        session.commit()


def test_each_hospital_shows_its_tt35_result_and_year(app, client, auth, make):
    alpha = make.hospital("Bệnh viện Alpha")
    beta = make.hospital("Bệnh viện Bêta")
    gamma = make.hospital("Bệnh viện Gamma")
    make.hospital("Bệnh viện Delta")  # no TT 35 round
    answer(app, make.round(alpha, name="TT 35 Alpha", year=2025, framework="tt35"))
    answer(app, make.round(beta, name="TT 35 Bêta", year=2025, framework="tt35"), no=("V.4.6",))
    answer(app, make.round(gamma, name="TT 35 Gamma", year=2025, framework="tt35"), open_=("I.1",))
    make.round(alpha, name="83 tiêu chí Alpha", year=2025)

    auth.login("province", hospital=None)
    page = client.get("/province/").get_data(as_text=True)
    assert "TT 35: đạt / không đạt, năm" in page

    def cell(name: str) -> str:
        row = page[page.index(name):]
        row = row[row.index("data-basic-result="):]
        return row[:row.index("</td>")]

    assert cell("Bệnh viện Alpha").startswith('data-basic-result="passed"') and "Đạt, 2025" in cell("Bệnh viện Alpha")
    assert "Không đạt, 2025" in cell("Bệnh viện Bêta")
    assert "Chưa kết luận, 2025" in cell("Bệnh viện Gamma")  # an unanswered item: never đạt
    assert cell("Bệnh viện Delta").startswith('data-basic-result="none"')
    assert "83 tiêu chí Alpha" in page  # the 83 criteria's round still stands for the hospital's figures
