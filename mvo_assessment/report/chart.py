"""Geometry of the 'current vs target level' chart; templates/chart.svg draws it.

Two horizontal bars per step, "Nu" and "Doel", on a scale of the five levels. Each bar is
named in text next to it, so the chart does not rely on colour alone (greyscale print,
colour blindness). Steps without a level get a sentence instead of a bar, never an empty bar
that would read as a low score.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

WIDTH = 680
TOP = 40  # room for the level numbers and names above the rows
PLOT_X = 48  # left of the bars; "Nu" and "Doel" sit before it
PLOT_W = 500
TITLE_H = 21
BAR_H = 16
BAR_GAP = 4
ROW_GAP = 18
ROW_H = TITLE_H + 2 * BAR_H + BAR_GAP + ROW_GAP
MAX_LEVEL = 5


@dataclass(frozen=True)
class Bar:
    kind: str  # "current" or "target"
    y: float
    width: float  # 0 when there is no level
    level: int | None
    level_name: str | None


@dataclass(frozen=True)
class ChartRow:
    number: int
    title: str
    status: str
    title_y: float
    current: Bar
    target: Bar


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_x: int
    plot_w: int
    bar_h: int
    grid: tuple[tuple[float, int, str], ...]  # (x, level, name) of each level's line
    rows: tuple[ChartRow, ...]


def level_x(level: int) -> float:
    return PLOT_X + PLOT_W * level / MAX_LEVEL


def build_chart(steps: Sequence[Mapping[str, Any]], level_names: Mapping[int, str]) -> Chart:
    rows = []
    for index, step in enumerate(steps):
        top = TOP + index * ROW_H
        bars = []
        for offset, kind, level_key, name_key in (
            (0, "current", "level", "level_name"),
            (BAR_H + BAR_GAP, "target", "target_level", "target_level_name"),
        ):
            level = step.get(level_key)
            bars.append(Bar(kind, top + TITLE_H + offset, level_x(level) - PLOT_X if level else 0, level, step.get(name_key)))
        rows.append(ChartRow(step["number"], step["title"], step["status"], top + 14, bars[0], bars[1]))
    height = TOP + len(rows) * ROW_H - ROW_GAP + 4
    grid = tuple((level_x(level), level, level_names.get(level, "")) for level in range(1, MAX_LEVEL + 1))
    return Chart(WIDTH, height, PLOT_X, PLOT_W, BAR_H, grid, tuple(rows))
