"""What a director sees on /reports/compare: the 2017 self-assessment beside the inspection team's round,
grouped by part and chapter, with the counts in words, the chart, and the filters as GET parameters.

The team put A1.2 and C3.1 one level lower than the self-assessment, B1.1 one higher, left A1.3
unanswered and found E2.1 not applicable (tests/reports/conftest.py::self_and_inspection)."""
from __future__ import annotations

import re
from html import unescape

import pytest


def criteria_listed(page: str) -> list[str]:
    """The criterion codes in the "Từng tiêu chí" section, in order."""
    section = page[page.index('class="card compare-criteria"'):]
    return re.findall(r"<tr><td>([A-E]\d+\.\d+)</td>", section)


def text(page: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.fixture
def open_compare(client, auth, self_and_inspection):
    self_round, team = self_and_inspection
    auth.login("director")

    def get(query: str = "", status: int = 200) -> str:
        response = client.get(f"/reports/compare?a={self_round.id}&b={team.id}{query}")
        assert response.status_code == status
        return response.get_data(as_text=True)

    return get


def test_the_director_reads_where_the_self_assessment_was_higher_than_the_team(open_compare):
    page = open_compare()
    words = text(page)
    for sentence in ("Tự đánh giá cao hơn đoàn: 2 tiêu chí", "Đoàn cao hơn tự đánh giá: 1 tiêu chí", "Cùng mức: 78 tiêu chí",
                     "Chưa so sánh được (chưa đánh giá hoặc không áp dụng): 2 tiêu chí"):
        assert sentence in words
    listed = criteria_listed(page)
    assert len(listed) == 83 and listed[:3] == ["A1.1", "A1.2", "A1.3"]
    # the criterion's title beside its code, and the gap A − B with its sign
    assert "<td>A1.1</td><td>Người bệnh được chỉ dẫn rõ ràng, đón tiếp và hướng dẫn khoa học, cụ thể</td>" in page
    assert re.search(r"<td>A1\.2</td>.*?<td class=\"num change down\">\+1</td>", page, re.S)
    assert re.search(r"<td>B1\.1</td>.*?<td class=\"num change up\">-1</td>", page, re.S)
    # grouped: the part's heading and its sentence, then the chapter's
    assert "A. " in words and "Tự đánh giá cao hơn đoàn: 1 tiêu chí · Đoàn cao hơn tự đánh giá: 0 tiêu chí" in words


def test_each_chapter_and_part_shows_both_means_the_gap_and_the_counts(open_compare):
    page = open_compare()
    table = page[page.index('class="table chapter-gaps"'):]
    row_a1 = re.search(r"<tr><td>A1</td>(.*?)</tr>", table, re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row_a1, re.S)
    # A1: A1.2 lower for the team, A1.3 not answered by it; counts A higher, B higher, same, not compared
    assert [c.strip() for c in cells] == ["Chỉ dẫn, đón tiếp, hướng dẫn, cấp cứu người bệnh", "2,83", "2,60", "+0,23", "1", "0", "4", "1"]
    part_b = re.search(r'<tr class="part-row"><th>B</th>(.*?)</tr>', table, re.S).group(1)
    assert [c.strip() for c in re.findall(r"<th[^>]*>(.*?)</th>", part_b, re.S)][-5:] == ["-0,07", "0", "1", "13", "0"]


def test_only_gaps_lists_the_three_criteria_where_the_rounds_differ(open_compare):
    page = open_compare("&gaps=1")
    assert criteria_listed(page) == ["A1.2", "B1.1", "C3.1"]
    assert "Đã lọc: chỉ tiêu chí có chênh lệch (3 tiêu chí)." in text(page)
    # the form shows what is applied
    assert '<input checked id="gaps" name="gaps" type="checkbox"' in page
    assert '<input id="b_lower" name="b_lower" type="checkbox"' in page
    assert len(criteria_listed(open_compare("&gaps=0"))) == 83   # a hand-written gaps=0 is off
    # every chapter is still summed up, whatever the filter
    assert "<td>E2</td>" in page[page.index('class="table chapter-gaps"'):]


def test_only_where_b_is_lower_lists_what_the_team_marked_down(open_compare):
    page = open_compare("&b_lower=1")
    assert criteria_listed(page) == ["A1.2", "C3.1"]
    assert "Đã lọc: chỉ tiêu chí B thấp hơn A (2 tiêu chí)." in text(page)


def test_one_chapter_and_the_filters_combine(open_compare):
    c3 = criteria_listed(open_compare("&chapter=C3"))
    assert c3 and all(code.startswith("C3.") for code in c3)
    assert criteria_listed(open_compare("&chapter=A1&b_lower=1")) == ["A1.2"]
    assert "Không có tiêu chí nào khớp bộ lọc." in open_compare("&chapter=B2&b_lower=1")


def test_the_download_links_carry_the_filters(open_compare, self_and_inspection):
    self_round, team = self_and_inspection
    page = unescape(open_compare("&chapter=A1&gaps=1"))
    assert f"/reports/compare.pdf?a={self_round.id}&b={team.id}&chapter=A1&gaps=1" in page
    assert f"/reports/compare.xlsx?a={self_round.id}&b={team.id}&chapter=A1&gaps=1" in page
    assert "Tải bản so sánh PDF" in page and "Tải bản so sánh Excel" in page


def test_a_chapter_the_catalogue_does_not_have_is_refused_naming_the_field(open_compare):
    page = open_compare("&chapter=Z9", status=400)
    assert "Chương: Lựa chọn không hợp lệ." in text(page)
    assert len(criteria_listed(page)) == 83   # the comparison without the bad filter


def test_the_chart_draws_both_rounds_per_chapter_with_a_legend(open_compare):
    page = open_compare()
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert 'class="chart dumbbell-chart"' in svg and "<desc" in svg and "<title" in svg
    assert "A · Tự đánh giá 2017 (2017)" in svg and "B · Đoàn kiểm tra 2017 (2017)" in svg
    # one circle (A) and one diamond (B) per chapter, plus one of each in the legend; the team found E2
    # (its one criterion) not applicable: E2 has A's mark only, and no gap
    chapters = re.findall(r'<g class="item"><text[^>]*>([A-E]\d+)<', svg)
    assert chapters[:3] == ["A1", "A2", "A3"] and chapters[-1] == "E2"
    assert svg.count('class="series-a"') == len(chapters) + 1
    assert svg.count('class="series-b"') == len(chapters)
    assert svg.endswith('class="value">—</text></g>')


def test_without_two_rounds_the_director_is_sent_back_to_choose(client, auth, self_and_inspection):
    self_round, _team = self_and_inspection
    auth.login("director")
    response = client.get(f"/reports/compare?a={self_round.id}", follow_redirects=True)
    assert "Hãy chọn hai đợt đánh giá để so sánh." in response.get_data(as_text=True)


def test_an_english_reader_gets_the_sentences_in_english(client, auth, self_and_inspection):
    self_round, team = self_and_inspection
    auth.login("director")
    assert client.post("/account/preferences", data={"locale": "en", "next": "/"}).status_code == 302
    words = text(client.get(f"/reports/compare?a={self_round.id}&b={team.id}&b_lower=1").get_data(as_text=True))
    assert "Self-assessment rated higher than the inspection team: 2 criteria" in words
    assert "Filtered: only criteria where B is lower than A (2 criteria)." in words
    assert "Người bệnh được chỉ dẫn rõ ràng" not in words     # filtered out; titles stay Vietnamese when shown
