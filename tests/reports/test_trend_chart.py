"""The trend chart (render/svg.trend_chart): stacked counts per year with the mean drawn over them, no script."""
from __future__ import annotations

from xml.etree import ElementTree

from quality_assess.render.svg import trend_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_one_stack_per_year_one_segment_per_level_and_the_mean_as_a_line():
    svg = trend_chart(["2024", "2025", "<2026>"], [[0, 1, 34, 45, 3], [0, 0, 30, 50, 3], [1, 0, 0, 0, 0]],
                      ["Mức 1", "Mức 2", "Mức 3", "Mức 4", "Mức 5"], [3.6, 3.67, None],
                      title="Xu hướng", line_label="Điểm trung bình", formatter=lambda v: f"{v:.2f}".replace(".", ","))
    tree = ElementTree.fromstring(svg)   # well formed: the label "<2026>" is escaped
    segments = [r for r in tree.iter(f"{SVG}rect") if "stack" in (r.get("class") or "") and r.find(f"{SVG}title") is not None]
    assert len(segments) == 4 + 3 + 1                  # zero counts draw nothing
    assert [c.find(f"{SVG}title").text for c in tree.iter(f"{SVG}circle")] == ["Điểm trung bình: 3,60", "Điểm trung bình: 3,67"]
    assert len(list(tree.iter(f"{SVG}polyline"))) == 1   # a year without a mean leaves a gap, not a 0
    assert "&lt;2026&gt;" in svg and "<script" not in svg and "onload" not in svg
