"""Small server-side SVG charts for the dashboard (no script): a bar chart and a radar chart.

Pure functions returning SVG text; every label is escaped. Values run from 0 to `maximum` (5 levels).
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape, quoteattr

Items = Sequence[tuple[str, float | None]]


def _fmt(value: float | None, formatter: Callable[[float], str] | None) -> str:
    if value is None:
        return "—"
    return formatter(value) if formatter else f"{value:.2f}"


def bar_chart(items: Items, *, title: str, maximum: float = 5, formatter: Callable[[float], str] | None = None,
              width: int = 480, height: int = 240) -> str:
    """Vertical bars, one per item, with the value above each bar and grid lines at each level."""
    left, bottom, top = 28, 28, 16
    plot_h = height - bottom - top
    slot = (width - left - 8) / max(len(items), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-label={quoteattr(title)} class="chart bar-chart">',
             f"<title>{escape(title)}</title>"]
    for tick in range(int(maximum) + 1):
        y = top + plot_h * (1 - tick / maximum)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 8}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{tick}</text>')
    for i, (label, value) in enumerate(items):
        x = left + i * slot + slot * 0.2
        w = slot * 0.6
        h = plot_h * min(max(value or 0, 0), maximum) / maximum
        y = top + plot_h - h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" class="bar"><title>{escape(label)}: {escape(_fmt(value, formatter))}</title></rect>')
        parts.append(f'<text x="{x + w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" class="value">{escape(_fmt(value, formatter))}</text>')
        parts.append(f'<text x="{x + w / 2:.1f}" y="{height - 10}" text-anchor="middle" class="label">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def radar_chart(items: Items, *, title: str, maximum: float = 5, formatter: Callable[[float], str] | None = None,
                size: int = 360) -> str:
    """A spider chart: one spoke per item, rings at each level, the values joined as a polygon."""
    cx = cy = size / 2
    radius = size / 2 - 34
    n = max(len(items), 1)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * min(max(value, 0), maximum) / maximum
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" aria-label={quoteattr(title)} class="chart radar-chart">',
             f"<title>{escape(title)}</title>"]
    for ring in range(1, int(maximum) + 1):
        ring_points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(n)))
        parts.append(f'<polygon points="{ring_points}" class="grid"/>')
    for i, (label, value) in enumerate(items):
        x, y = point(i, maximum)
        lx, ly = point(i, maximum * 1.16)
        parts.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="middle" class="label">{escape(label)}<title>{escape(label)}: {escape(_fmt(value, formatter))}</title></text>')
    values = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v or 0) for i, (_, v) in enumerate(items)))
    parts.append(f'<polygon points="{values}" class="area"/>')
    parts.append("</svg>")
    return "".join(parts)


def line_chart(items: Items, *, title: str, maximum: float = 5, formatter: Callable[[float], str] | None = None,
               width: int = 480, height: int = 240) -> str:
    """One series over time (the province mean by year): a point per item with its value, joined by a line;
    an item without a value leaves a gap in the line."""
    left, right, bottom, top = 28, 16, 28, 18
    plot_w, plot_h = width - left - right, height - bottom - top
    step = plot_w / max(len(items) - 1, 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-label={quoteattr(title)} class="chart line-chart">',
             f"<title>{escape(title)}</title>"]
    for tick in range(int(maximum) + 1):
        y = top + plot_h * (1 - tick / maximum)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{tick}</text>')
    segment: list[str] = []
    points = []
    for i, (label, value) in enumerate(items):
        x = left + (i * step if len(items) > 1 else plot_w / 2)
        parts.append(f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle" class="label">{escape(label)}</text>')
        if value is None:
            if len(segment) > 1:
                parts.append(f'<polyline points="{" ".join(segment)}" class="line"/>')
            segment = []
            continue
        y = top + plot_h * (1 - min(max(value, 0), maximum) / maximum)
        segment.append(f"{x:.1f},{y:.1f}")
        points.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" class="point"><title>{escape(label)}: {escape(_fmt(value, formatter))}</title></circle>'
                      f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" class="value">{escape(_fmt(value, formatter))}</text>')
    if len(segment) > 1:
        parts.append(f'<polyline points="{" ".join(segment)}" class="line"/>')
    parts.extend(points)
    parts.append("</svg>")
    return "".join(parts)
