"""Server-side SVG charts: pure functions, no script, escaped labels."""
from __future__ import annotations

from xml.etree import ElementTree

from quality_assess.render.svg import bar_chart, radar_chart


def test_bar_chart_draws_one_bar_per_part_with_its_value():
    svg = bar_chart([("A", 3.6), ("B", None), ("C", 2.0)], title="Điểm trung bình theo phần", formatter=lambda v: f"{v:.2f}".replace(".", ","))
    tree = ElementTree.fromstring(svg)
    assert len(tree.findall("{http://www.w3.org/2000/svg}rect")) == 3
    assert "3,60" in svg and "—" in svg
    assert "<script" not in svg and "onload" not in svg


def test_radar_chart_escapes_labels_and_stays_well_formed():
    svg = radar_chart([("A1", 3.0), ("<b>", 4.0), ("C&D", 5.0)], title="Theo chương")
    ElementTree.fromstring(svg)  # parses: labels are escaped
    assert "&lt;b&gt;" in svg and "C&amp;D" in svg


def test_the_dumbbell_chart_draws_both_series_per_item_and_names_them_in_its_legend():
    from quality_assess.render.svg import dumbbell_chart

    svg = dumbbell_chart([("A1", 3.5, 3.0), ("<E2>", 4.0, None)], title="A và B", series=("A · Tự đánh giá", "B · Đoàn & co"),
                         formatter=lambda v: f"{v:.2f}".replace(".", ","), names={"A1": "Chỉ dẫn"})
    tree = ElementTree.fromstring(svg)  # well formed: labels and names escaped
    ns = "{http://www.w3.org/2000/svg}"
    assert tree.find(f"{ns}title").text == "A và B" and "A1: A · Tự đánh giá 3,50, B · Đoàn & co 3,00" in tree.find(f"{ns}desc").text
    legend = tree.find(f"{ns}g[@class='legend']")
    assert [t.text for t in legend.iter(f"{ns}text")] == ["A · Tự đánh giá", "B · Đoàn & co"]
    items = tree.findall(f"{ns}g[@class='item']")
    assert len(items) == 2
    assert len(items[0].findall(f"{ns}circle")) == 1 and len(items[0].findall(f"{ns}polygon")) == 1
    assert items[1].findall(f"{ns}polygon") == [] and items[1].findall(f"{ns}line") == []   # no B value: A's mark only
    gaps = [t.text for item in items for t in item.findall(f"{ns}text[@class='value']")]
    assert gaps == ["+0,50", "—"]
    assert "&lt;E2&gt;" in svg and "<script" not in svg
