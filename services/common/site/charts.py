"""Charts of the public site, drawn on the server as inline SVG (no JavaScript; they print).

Pure: numbers in, SVG text out. Every chart has a `<title>` and `<desc>`, and the page shows the same
numbers as a table beside it for screen readers and print.
"""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD_LEFT, PAD_RIGHT, PAD_Y = 640, 240, 44, 16, 28
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH = 22, 8, 150


def line_chart(points: list[tuple[str, int]], title: str, margin: int = 10) -> Markup:
    """A score over time: `points` are (day, value) oldest first; the y axis spans the values and a margin."""
    if not points:
        return Markup("")
    values = [v for _, v in points]
    low, high = max(min(values) - margin, 0), max(values) + margin
    span_x, span_y = max(len(points) - 1, 1), max(high - low, 1)
    plot_w, plot_h = WIDTH - PAD_LEFT - PAD_RIGHT, HEIGHT - 2 * PAD_Y

    def xy(i: int, v: int) -> tuple[float, float]:
        return (round(PAD_LEFT + plot_w * i / span_x, 1), round(PAD_Y + plot_h * (high - v) / span_y, 1))

    coords = [xy(i, v) for i, (_, v) in enumerate(points)]
    line = " ".join(f"{x},{y}" for x, y in coords)
    ticks = "".join(_y_tick(xy(0, v)[1], v) for v in sorted({low, high, values[-1]}))
    dots = "".join(
        f'<circle cx="{x}" cy="{y}" r="3"><title>{escape(d)}：{v}</title></circle>'
        for (x, y), (d, v) in zip(coords, points)
    )
    first, last = escape(points[0][0]), escape(points[-1][0])
    body = (
        f'<line class="axis" x1="{PAD_LEFT}" y1="{HEIGHT - PAD_Y}" x2="{WIDTH - PAD_RIGHT}" '
        f'y2="{HEIGHT - PAD_Y}"/>{ticks}<polyline class="series" points="{line}"/>{dots}'
        f'<text x="{PAD_LEFT}" y="{HEIGHT - 8}">{first}</text>'
        f'<text x="{WIDTH - PAD_RIGHT}" y="{HEIGHT - 8}" text-anchor="end">{last}</text>'
    )
    desc = f"{len(points)} 个数据点，从 {points[0][0]} 的 {values[0]} 到 {points[-1][0]} 的 {values[-1]}"
    return _svg(title, desc, WIDTH, HEIGHT, body)


def bar_chart(rows: list[tuple[str, int]], title: str, maximum: int, unit: str = "‰") -> Markup:
    """Horizontal bars, one per (label, value), scaled to `maximum` (e.g. 1000 per mille)."""
    if not rows:
        return Markup("")
    height = len(rows) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    plot_w = WIDTH - LABEL_WIDTH - 70
    bars = []
    for i, (name, value) in enumerate(rows):
        y = BAR_GAP + i * (BAR_HEIGHT + BAR_GAP)
        w = round(plot_w * min(max(value, 0), maximum) / max(maximum, 1), 1)
        text = share(value) if unit == "‰" else f"{value}{unit}"
        bars.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 16}" text-anchor="end">{escape(name)}</text>'
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y}" width="{w}" height="{BAR_HEIGHT}"/>'
            f'<text x="{LABEL_WIDTH + w + 6}" y="{y + 16}">{escape(text)}</text>'
        )
    return _svg(
        title, f"{len(rows)} 项，满格为 {share(maximum) if unit == '‰' else maximum}", WIDTH, height, "".join(bars)
    )


def share(permille: int) -> str:
    """Per mille as a percentage with one decimal: 875 -> 87.5%."""
    return f"{permille // 10}.{permille % 10}%"


def _y_tick(y: float, value: int) -> str:
    return (
        f'<line class="grid" x1="{PAD_LEFT}" y1="{y}" x2="{WIDTH - PAD_RIGHT}" y2="{y}"/>'
        f'<text x="{PAD_LEFT - 6}" y="{y + 4}" text-anchor="end">{value}</text>'
    )


def _svg(title: str, desc: str, width: int, height: int, body: str) -> Markup:
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-t chart-d" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="chart-t">{escape(title)}</title>'
        f'<desc id="chart-d">{escape(desc)}</desc>{body}</svg>'
    )
