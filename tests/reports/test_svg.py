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
