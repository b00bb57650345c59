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


def trend_chart(labels: Sequence[str], stacks: Sequence[Sequence[int]], series: Sequence[str], line: Sequence[float | None], *,
                title: str, line_label: str, line_maximum: float = 5, formatter: Callable[[float], str] | None = None,
                width: int = 600, height: int = 300) -> str:
    """Stacked bars of counts per label (one segment per series: class `stack stack-<i>`) with a line
    over them on its own axis from 0 to `line_maximum` (the mean per year); a legend on top.

    `stacks[i]` holds label i's counts, one per series; a missing value of the line leaves a gap."""
    left, right, bottom, top = 34, 34, 28, 40
    plot_w, plot_h = width - left - right, height - bottom - top
    total = max([sum(s) for s in stacks] + [1])
    slot = plot_w / max(len(labels), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-label={quoteattr(title)} class="chart trend-chart">',
             f"<title>{escape(title)}</title>"]
    x = float(left)
    for i, name in enumerate([*series, line_label]):  # the legend
        css = "legend-line" if i == len(series) else f"stack stack-{i}"
        parts.append(f'<rect x="{x:.1f}" y="6" width="10" height="10" class="{css}"/>')
        parts.append(f'<text x="{x + 14:.1f}" y="15" class="legend">{escape(name)}</text>')
        x += 22 + 6.2 * len(name)
    for tick in range(int(line_maximum) + 1):
        y = top + plot_h * (1 - tick / line_maximum)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{width - right + 6}" y="{y + 4:.1f}" class="tick">{tick}</text>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{round(total * tick / line_maximum)}</text>')
    points: list[tuple[float, float, float]] = []
    for i, label in enumerate(labels):
        bx, bw = left + i * slot + slot * 0.25, slot * 0.5
        y = float(top + plot_h)
        for k, count in enumerate(stacks[i] if i < len(stacks) else []):
            h = plot_h * count / total
            y -= h
            if count:
                parts.append(f'<rect x="{bx:.1f}" y="{y:.1f}" width="{bw:.1f}" height="{h:.1f}" class="stack stack-{k}">'
                             f'<title>{escape(label)} · {escape(series[k] if k < len(series) else "")}: {count}</title></rect>')
        parts.append(f'<text x="{bx + bw / 2:.1f}" y="{height - 10}" text-anchor="middle" class="label">{escape(label)}</text>')
        value = line[i] if i < len(line) else None
        if value is not None:
            points.append((bx + bw / 2, top + plot_h * (1 - min(max(value, 0), line_maximum) / line_maximum), value))
    if len(points) > 1:
        parts.append('<polyline points="' + " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in points) + '" class="trend-line"/>')
    for px, py, value in points:
        parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" class="trend-point"><title>{escape(line_label)}: {escape(_fmt(value, formatter))}</title></circle>')
        parts.append(f'<text x="{px:.1f}" y="{py - 8:.1f}" text-anchor="middle" class="value">{escape(_fmt(value, formatter))}</text>')
    parts.append("</svg>")
    return "".join(parts)
