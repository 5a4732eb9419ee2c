"""Charts of the public site, drawn on the server (no JavaScript; they print).

Every word of a chart is HTML text at the page's size, whatever the width of the screen: a bar chart is HTML
bars whose labels and values are text (its own text alternative, with a target mark where there is a target);
a line chart is an SVG line with its values and days written beside it in HTML and a `<desc>`. The page shows
the same numbers as a table for screen readers and print.

Pure: numbers in, markup out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 600, 200, 10


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value as a fraction of a full bar (0..1) with the text shown, and a target."""

    label: str
    value: Decimal | None
    text: str
    target: Decimal | None = None
    target_text: str = ""


def bar_chart(bars: list[Bar], title: str, note: str = "") -> Markup:
    """Horizontal bars with a mark at each bar's target; labels and values are text."""
    if not bars:
        return Markup("")
    items = "".join(_bar(b) for b in bars)
    legend = '<p class="chart-note"><span class="target-key"></span> 竖线为目标。' + str(escape(note)) + "</p>"
    return Markup(
        f'<figure class="chart bars"><figcaption>{escape(title)}</figcaption>'
        f'<ul class="bars">{items}</ul>{legend if any(b.target is not None for b in bars) else ""}</figure>'
    )


def _bar(bar: Bar) -> str:
    width = _share(bar.value)
    target = f'<span class="target" style="left:{_share(bar.target)}%"></span>' if bar.target is not None else ""
    reached = f"（目标 {escape(bar.target_text)}）" if bar.target is not None else ""
    return (
        f'<li><span class="bar-label">{escape(bar.label)}</span>'
        f'<span class="bar-track" aria-hidden="true"><span class="bar" style="width:{width}%"></span>{target}</span>'
        f'<span class="bar-value">{escape(bar.text)}{reached}</span></li>'
    )


def _share(value: Decimal | None) -> str:
    """A fraction as a CSS percentage of the track, held within it."""
    return f"{min(max(value or Decimal(0), Decimal(0)), Decimal(1)) * 100:.1f}"


def line_chart(points: list[tuple[str, int]], title: str, margin: int = 10) -> Markup:
    """A score over time: `points` are (day, value) oldest first; the y axis spans the values and a margin. The
    highest and lowest values of the axis and the first and last days are HTML text beside the line."""
    if not points:
        return Markup("")
    values = [v for _, v in points]
    low, high = max(min(values) - margin, 0), max(values) + margin
    span_x, span_y = max(len(points) - 1, 1), max(high - low, 1)

    def xy(i: int, v: int) -> tuple[float, float]:
        return (
            round(PAD + (WIDTH - 2 * PAD) * i / span_x, 1),
            round(PAD + (HEIGHT - 2 * PAD) * (high - v) / span_y, 1),
        )

    coords = [xy(i, v) for i, v in enumerate(values)]
    line = " ".join(f"{x},{y}" for x, y in coords)
    dots = "".join(
        f'<circle cx="{x}" cy="{y}" r="4"><title>{escape(d)}：{v}</title></circle>'
        for (x, y), (d, v) in zip(coords, points)
    )
    desc = f"{len(points)} 个数据点，从 {points[0][0]} 的 {values[0]} 到 {points[-1][0]} 的 {values[-1]}"
    svg = (
        f'<svg class="line" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><desc>{escape(desc)}</desc>'
        f'<line class="grid" x1="0" y1="{PAD}" x2="{WIDTH}" y2="{PAD}"/>'
        f'<line class="axis" x1="0" y1="{HEIGHT - PAD}" x2="{WIDTH}" y2="{HEIGHT - PAD}"/>'
        f'<polyline class="series" points="{line}"/>{dots}</svg>'
    )
    return Markup(
        f'<figure class="chart lines"><figcaption>{escape(title)}</figcaption>'
        f'<div class="plot"><div class="y-axis" aria-hidden="true"><span>{high}</span><span>{low}</span></div>'
        f"{svg}</div>"
        f'<div class="x-axis" aria-hidden="true"><span>{escape(points[0][0])}</span>'
        f"<span>{escape(points[-1][0])}</span></div>"
        f'<p class="chart-note">{escape(desc)}。</p></figure>'
    )
