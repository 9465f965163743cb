"""The dashboard's trend chart as SVG drawn on the server: pure Python, no chart library, no CDN.

`trend_chart(series, months)` gives what the template draws: one polyline per scheme, a marker per point (a
different shape per scheme) and a dash pattern per line, and a direct label at each line's end, so the lines are
told apart without colour. The page also shows the same figures in a table.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 176, 12, 28  # room for the axis labels and the direct labels at the right

# One look per line: a dash pattern and a marker shape (circle, square, triangle).
STYLES = {"hi": ("", "circle"), "si": ("8 4", "square"), "ui": ("2 4", "triangle")}


@dataclass(frozen=True)
class ChartLine:
    scheme: str
    label: str
    path: str  # "M x y L x y ..." through the months that have a rate
    dash: str
    marker: str
    points: list[tuple[float, float]]
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    lines: list[ChartLine]
    plot_right: int
    y_ticks: list[tuple[float, int]]  # (y, percent)
    x_ticks: list[tuple[float, str]]  # (x, "MM/YYYY")


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return round(LEFT + (span * index / (count - 1) if count > 1 else span / 2), 1)


def _y(rate: Decimal, top_percent: int) -> float:
    span = HEIGHT - TOP - BOTTOM
    return round(HEIGHT - BOTTOM - span * float(rate) / top_percent, 1)


def trend_chart(series: dict[str, list[Decimal | None]], months: list[str], labels: dict[str, str]) -> Chart:
    """`series` maps a scheme to its rates (percent, oldest month first, None where unknown) over `months`
    (their labels, oldest first). The y axis runs from 0 to the next 10 % above the highest rate."""
    count = len(months)
    highest = max((r for rates in series.values() for r in rates if r is not None), default=Decimal(0))
    top_percent = min(100, max(10, (int(highest) // 10 + 1) * 10))
    lines = []
    for scheme, rates in series.items():
        points = [(_x(i, count), _y(r, top_percent)) for i, r in enumerate(rates) if r is not None]
        if not points:
            continue
        path = " ".join(f"{'M' if i == 0 else 'L'} {x} {y}" for i, (x, y) in enumerate(points))
        dash, marker = STYLES[scheme]
        last_x, last_y = points[-1]
        lines.append(ChartLine(scheme, labels[scheme], path, dash, marker, points, last_x + 10, last_y + 4))
    lines = _apart(lines)
    y_ticks = [(_y(Decimal(p), top_percent), p) for p in range(0, top_percent + 1, 10 if top_percent <= 50 else 20)]
    step = max(1, (count + 5) // 6)  # at most about six month labels
    x_ticks = [(_x(i, count), months[i]) for i in range(0, count, step)]
    return Chart(WIDTH, HEIGHT, lines, WIDTH - RIGHT, y_ticks, x_ticks)


LABEL_GAP = 14  # px between two direct labels, so that lines ending close together keep readable labels


def _apart(lines: list[ChartLine]) -> list[ChartLine]:
    """The lines with their end labels moved down, top to bottom, until each is LABEL_GAP below the one above."""
    placed: dict[str, float] = {}
    previous = None
    for line in sorted(lines, key=lambda line: line.label_y):
        y = line.label_y if previous is None else max(line.label_y, previous + LABEL_GAP)
        placed[line.scheme] = previous = y
    return [replace(line, label_y=placed[line.scheme]) for line in lines]
