"""Geometry of the 'current vs target level' chart; templates/chart.svg draws it.

Two horizontal bars per step, "Nu" and "Doel", on a scale of the five levels; with a previous
round (the website's round 2 and later) a third bar, "Vorige", comes first. The PDF report and
the results page draw the same template from the same geometry. Each bar is
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
    kind: str  # "previous", "current" or "target"
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
    previous: Bar | None = None  # the previous round's level, when there is one
    previous_status: str | None = None

    @property
    def bars(self) -> tuple[Bar, ...]:
        return ((self.previous,) if self.previous else ()) + (self.current, self.target)


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


def build_chart(
    steps: Sequence[Mapping[str, Any]],
    level_names: Mapping[int, str],
    previous: Sequence[Mapping[str, Any]] | None = None,
) -> Chart:
    """`steps` from a result; `previous` the steps of the previous round's result, if any
    (matched by step id; a step the previous round did not have gets 'niet van toepassing')."""
    earlier = {step["id"]: step for step in previous} if previous is not None else None
    row_h = ROW_H + (BAR_H + BAR_GAP if earlier is not None else 0)
    rows = []
    for index, step in enumerate(steps):
        top = TOP + index * row_h
        specs: list[tuple[str, Mapping[str, Any], str, str]] = []
        if earlier is not None:
            specs.append(("previous", earlier.get(step.get("id"), {}), "level", "level_name"))
        specs += [("current", step, "level", "level_name"), ("target", step, "target_level", "target_level_name")]
        bars = []
        for position, (kind, source, level_key, name_key) in enumerate(specs):
            level = source.get(level_key)
            y = top + TITLE_H + position * (BAR_H + BAR_GAP)
            bars.append(Bar(kind, y, level_x(level) - PLOT_X if level else 0, level, source.get(name_key)))
        if earlier is not None:
            prior = earlier.get(step.get("id"), {})
            rows.append(ChartRow(step["number"], step["title"], step["status"], top + 14, bars[1], bars[2],
                                 bars[0], prior.get("status", "not_applicable")))
        else:
            rows.append(ChartRow(step["number"], step["title"], step["status"], top + 14, bars[0], bars[1]))
    height = TOP + len(rows) * row_h - ROW_GAP + 4
    grid = tuple((level_x(level), level, level_names.get(level, "")) for level in range(1, MAX_LEVEL + 1))
    return Chart(WIDTH, height, PLOT_X, PLOT_W, BAR_H, grid, tuple(rows))
