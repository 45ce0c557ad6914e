"""Charts as SVG for the PDF: bars, horizontal bars, pie, lines, with axes and legends.

Drawn here rather than by a plotting library so that every label is real text
(searchable in the PDF, in the report's font) and passes through one escape:
a name with markup in it is drawn as the characters it is made of.
"""
from __future__ import annotations

import math
from xml.sax.saxutils import escape, quoteattr

from .model import Chart

WIDTH = 680
FONT = 11
PALETTE = ["#3b6ea5", "#e08e2b", "#5a9e5a", "#c0504d", "#8064a2", "#4bacc6", "#9b9b9b", "#d4a017"]
AXIS, GRID, INK = "#555555", "#dddddd", "#222222"


def render(chart: Chart) -> str:
    return {"bar": _bars, "hbar": _hbars, "pie": _pie, "line": _lines}[chart.kind](chart)


# -- helpers -------------------------------------------------------------------------------------
def _text(x: float, y: float, text: str, size: int = FONT, anchor: str = "start", fill: str = INK,
          extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"{extra}>'
            f"{escape(str(text))}</text>")


def _svg(height: float, body: list[str], title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}" '
            f'viewBox="0 0 {WIDTH} {height:.0f}" font-family="Noto Sans CJK SC, sans-serif" role="img" '
            f"aria-label={quoteattr(title)}>{''.join(body)}</svg>")


def text_width(text: str, size: int = FONT) -> float:
    """Rough width: a Chinese character is one em, a Latin one about half."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.55 for ch in str(text))


def _nice_ticks(top: float, count: int = 5) -> list[float]:
    if top <= 0:
        return [0, 1]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(int(math.ceil(top / step)) + 1)]


def _label(value: float, percent: bool) -> str:
    if percent:  # shares under a few percent need their decimal (4.8% is not 5%)
        share = round(float(value) * 100, 1)
        return f"{share:.0f}%" if share.is_integer() else f"{share:.1f}%"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _legend(chart: Chart, y: float) -> list[str]:
    if len(chart.series) < 2:
        return []
    body, x = [], 60.0
    for i, series in enumerate(chart.series):
        body.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>')
        body.append(_text(x + 16, y + 1, series.name))
        x += 40 + text_width(series.name)
    return body


def _value(v) -> float:
    return float(v or 0)


# -- vertical bars -------------------------------------------------------------------------------
def _bars(chart: Chart) -> str:
    height, left, right, top, bottom = 300, 60, 20, 36, 48
    n = max(1, len(chart.categories))
    totals = ([sum(_value(s.values[i]) for s in chart.series) for i in range(n)] if chart.stacked
              else [max(_value(s.values[i]) for s in chart.series) for i in range(n)])
    ticks = _nice_ticks(max(totals, default=0))
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    y_of = lambda v: top + plot_h - plot_h * v / ticks[-1]  # noqa: E731
    body = _y_grid(ticks, y_of, left, WIDTH - right, chart.percent)
    slot = plot_w / n
    group = len(chart.series) if not chart.stacked else 1
    bar_w = slot * 0.7 / group
    for i, category in enumerate(chart.categories):
        base = 0.0
        for s, series in enumerate(chart.series):
            v = _value(series.values[i])
            x = left + slot * i + slot * 0.15 + (0 if chart.stacked else s * bar_w)
            low, high = (base, base + v) if chart.stacked else (0, v)
            body.append(f'<rect x="{x:.1f}" y="{y_of(high):.1f}" width="{bar_w:.1f}" '
                        f'height="{max(0, y_of(low) - y_of(high)):.1f}" fill="{PALETTE[s % len(PALETTE)]}"/>')
            base = high
        body.append(_text(left + slot * (i + 0.5), y_of(totals[i]) - 3, _label(totals[i], chart.percent),
                          size=8, anchor="middle", fill=AXIS))
        body.append(_text(left + slot * (i + 0.5), top + plot_h + 14, category, size=_fit(category, slot),
                          anchor="middle"))
    body.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - right}" y2="{top + plot_h}" stroke="{AXIS}"/>')
    body += _legend(chart, height - 12)
    return _svg(height, body, chart.title)


def _fit(label: str, room: float) -> int:
    """A font size that lets a category label fit its slot, never below 7."""
    return max(7, min(FONT, int(FONT * room / max(1.0, text_width(label)))))


def _y_grid(ticks: list[float], y_of, x1: float, x2: float, percent: bool, side: str = "left") -> list[str]:
    body = []
    for t in ticks:
        y = y_of(t)
        if side == "left":
            body.append(f'<line x1="{x1}" y1="{y:.1f}" x2="{x2}" y2="{y:.1f}" stroke="{GRID}"/>')
            body.append(_text(x1 - 6, y + 4, _label(t, percent), size=9, anchor="end", fill=AXIS))
        else:
            body.append(_text(x2 + 6, y + 4, _label(t, percent), size=9, anchor="start", fill=AXIS))
    return body


# -- horizontal bars -----------------------------------------------------------------------------
def _hbars(chart: Chart) -> str:
    series = chart.series[0]
    row_h, top = 20, 8
    left = min(300, 12 + max((text_width(c, 10) for c in chart.categories), default=40))
    right = 60
    height = top + row_h * len(chart.categories) + 28
    ticks = _nice_ticks(max((_value(v) for v in series.values), default=0))
    plot_w = WIDTH - left - right
    x_of = lambda v: left + plot_w * v / ticks[-1]  # noqa: E731
    body = []
    bottom = top + row_h * len(chart.categories)
    for t in ticks:
        body.append(f'<line x1="{x_of(t):.1f}" y1="{top}" x2="{x_of(t):.1f}" y2="{bottom}" stroke="{GRID}"/>')
        body.append(_text(x_of(t), bottom + 14, _label(t, chart.percent), size=9, anchor="middle", fill=AXIS))
    for i, (category, v) in enumerate(zip(chart.categories, series.values, strict=True)):
        y = top + row_h * i
        body.append(f'<rect x="{left}" y="{y + 3}" width="{x_of(_value(v)) - left:.1f}" height="{row_h - 6}" '
                    f'fill="{PALETTE[0]}"/>')
        body.append(_text(left - 6, y + row_h / 2 + 4, category, size=10, anchor="end"))
        body.append(_text(x_of(_value(v)) + 4, y + row_h / 2 + 4, _label(_value(v), chart.percent), size=9,
                          fill=AXIS))
    body.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="{AXIS}"/>')
    return _svg(height, body, chart.title)


# -- pie -----------------------------------------------------------------------------------------
def _pie(chart: Chart) -> str:
    values = [_value(v) for v in chart.series[0].values]
    total = sum(values)
    height, cx, cy, r = 240, 140, 120, 100
    body, angle = [], -math.pi / 2
    for i, v in enumerate(values):
        if total and v:
            sweep = 2 * math.pi * v / total
            body.append(_slice(cx, cy, r, angle, sweep, PALETTE[i % len(PALETTE)]))
            angle += sweep
    for i, (category, v) in enumerate(zip(chart.categories, values, strict=True)):
        y = 40 + i * 26
        share = f"{v / total * 100:.1f}%" if total else "—"
        body.append(f'<rect x="300" y="{y - 10}" width="14" height="14" fill="{PALETTE[i % len(PALETTE)]}"/>')
        body.append(_text(322, y + 2, category))
        body.append(_text(WIDTH - 20, y + 2, f"{v:,.0f}（{share}）", anchor="end", fill=AXIS))
    return _svg(height, body, chart.title)


def _slice(cx: float, cy: float, r: float, start: float, sweep: float, colour: str) -> str:
    if sweep >= 2 * math.pi - 1e-9:
        return f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{colour}"/>'
    x1, y1 = cx + r * math.cos(start), cy + r * math.sin(start)
    x2, y2 = cx + r * math.cos(start + sweep), cy + r * math.sin(start + sweep)
    large = 1 if sweep > math.pi else 0
    return (f'<path d="M{cx},{cy} L{x1:.2f},{y1:.2f} A{r},{r} 0 {large} 1 {x2:.2f},{y2:.2f} Z" '
            f'fill="{colour}" stroke="#ffffff" stroke-width="1"/>')


# -- lines ---------------------------------------------------------------------------------------
def _lines(chart: Chart) -> str:
    """Lines over the categories; with `secondary`, the last series is read on the right-hand axis."""
    height, left, right, top, bottom = 280, 60, 60, 20, 50
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    n = max(1, len(chart.categories))
    primary = chart.series[:-1] if chart.secondary and len(chart.series) > 1 else chart.series
    left_ticks = _nice_ticks(max((_value(v) for s in primary for v in s.values), default=0))
    right_ticks = _nice_ticks(max((_value(v) for v in chart.series[-1].values), default=0))
    scale = lambda ticks: (lambda v: top + plot_h - plot_h * v / ticks[-1])  # noqa: E731
    x_of = lambda i: left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)  # noqa: E731
    body = _y_grid(left_ticks, scale(left_ticks), left, WIDTH - right, chart.percent)
    if len(primary) < len(chart.series):
        body += _y_grid(right_ticks, scale(right_ticks), left, WIDTH - right, chart.percent, side="right")
    every = max(1, math.ceil(n / 12))
    for i, category in enumerate(chart.categories):
        if i % every == 0 or i == n - 1:
            body.append(_text(x_of(i), top + plot_h + 14, category, size=9, anchor="middle", fill=AXIS))
    for s, series in enumerate(chart.series):
        y_of = scale(left_ticks if series in primary else right_ticks)
        points = " ".join(f"{x_of(i):.1f},{y_of(_value(v)):.1f}" for i, v in enumerate(series.values))
        body.append(f'<polyline points="{points}" fill="none" stroke="{PALETTE[s % len(PALETTE)]}" '
                    f'stroke-width="2"/>')
    body.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - right}" y2="{top + plot_h}" stroke="{AXIS}"/>')
    body += _legend(chart, height - 10)
    return _svg(height, body, chart.title)
