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


SERIES_COLOURS = ("#0b6e4f", "#c0392b")   # A (a circle) and B (a diamond): told apart by shape too


def dumbbell_chart(items: Sequence[tuple[str, float | None, float | None]], *, title: str, series: tuple[str, str],
                   maximum: float = 5, formatter: Callable[[float], str] | None = None, names: dict[str, str] | None = None,
                   ident: str = "dumbbell", width: int = 560, row: int = 24) -> str:
    """Two rounds at once: one line per item (a chapter) from A's value (a circle) to B's (a diamond) on a
    0–`maximum` axis, the gap A − B written at the right, and a legend naming both series. An item without
    a value in one round shows only the other's mark. `<title>` and `<desc>` (every value in words) name
    the chart for screen readers; `names` gives each item's long name for its tooltip."""
    names = names or {}
    legend_h, left, right, bottom = 48, 52, 56, 24
    top = legend_h + 4
    plot_w = width - left - right
    height = top + row * max(len(items), 1) + bottom
    colour_a, colour_b = SERIES_COLOURS

    def x_of(value: float) -> float:
        return left + plot_w * min(max(value, 0), maximum) / maximum

    def diamond(x: float, y: float, r: float = 6) -> str:
        return f"{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}"

    described = "; ".join(
        f"{label}: {series[0]} {_fmt(va, formatter)}, {series[1]} {_fmt(vb, formatter)}" for label, va, vb in items)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" class="chart dumbbell-chart">',
             f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(described)}</desc>',
             '<g class="legend">',
             f'<circle cx="{left + 6}" cy="14" r="6" fill="{colour_a}" class="series-a"/>',
             f'<text x="{left + 18}" y="18" class="legend-label">{escape(series[0])}</text>',
             f'<polygon points="{diamond(left + 6, 36)}" fill="{colour_b}" class="series-b"/>',
             f'<text x="{left + 18}" y="40" class="legend-label">{escape(series[1])}</text>',
             "</g>"]
    for tick in range(int(maximum) + 1):
        x = x_of(tick)
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - bottom}" class="grid" stroke="#dde3ea"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" class="tick">{tick}</text>')
    parts.append(f'<text x="{width - 4}" y="{top - 2}" text-anchor="end" class="tick">A − B</text>')
    for i, (label, va, vb) in enumerate(items):
        y = top + row * i + row / 2
        tip = escape(f"{label} {names[label]}" if label in names else label)
        parts.append(f'<g class="item"><text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" class="label">{escape(label)}<title>{tip}</title></text>')
        if va is not None and vb is not None:
            parts.append(f'<line x1="{x_of(va):.1f}" y1="{y:.1f}" x2="{x_of(vb):.1f}" y2="{y:.1f}" class="gap-line" stroke="#8a96a3" stroke-width="3"/>')
        if va is not None:
            parts.append(f'<circle cx="{x_of(va):.1f}" cy="{y:.1f}" r="6" fill="{colour_a}" class="series-a">'
                         f'<title>{tip} · {escape(series[0])}: {escape(_fmt(va, formatter))}</title></circle>')
        if vb is not None:
            parts.append(f'<polygon points="{diamond(x_of(vb), y)}" fill="{colour_b}" class="series-b">'
                         f'<title>{tip} · {escape(series[1])}: {escape(_fmt(vb, formatter))}</title></polygon>')
        gap = None if va is None or vb is None else va - vb
        shown = "—" if gap is None else ("+" if gap > 0 else "") + _fmt(gap, formatter)
        parts.append(f'<text x="{width - 4}" y="{y + 4:.1f}" text-anchor="end" class="value">{escape(shown)}</text></g>')
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
