"""Geometry of the 'current vs target level' chart; templates/chart.svg draws it.

Two horizontal bars per step, "Nu" and "Doel", on a scale of the five levels; with a previous
round (the website's round 2 and later) a third bar, "Vorige", comes first. The PDF report and
the results page draw the same template from the same rules, each in its own layout (the page's
is narrower, for phones). Each bar is named in text next to it, so the chart does not rely on
colour alone (greyscale print, colour blindness). Steps without a level get a sentence instead of a bar, never an empty bar
that would read as a low score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, Mapping, Sequence

MAX_LEVEL = 5


@dataclass(frozen=True)
class ChartLayout:
    """Sizes in SVG user units. The chart scales to the width it gets, so its text shrinks with
    it: the printed A4 page has room for a wide chart, a phone does not."""

    width: int
    top: int  # room for the level numbers (and names) above the rows
    plot_x: int  # left of the bars; "Nu" and "Doel" sit before it
    plot_w: int
    title_h: int
    bar_h: int
    bar_gap: int
    row_gap: int
    number_size: float  # the level numbers above the grid
    number_y: float
    name_size: float | None  # the level names under them; None leaves them out
    name_y: float
    title_size: float  # "Stap 1" and the step's title
    title_line_h: int  # between the lines of a title too long for one
    label_size: float  # "Nu", "Doel", "Vorige"
    value_size: float  # "3 – In opbouw" after a bar, or why there is no bar
    note_w: int  # the white box behind "niet van toepassing", over the grid lines

    @property
    def row_h(self) -> int:
        return self.title_h + 2 * self.bar_h + self.bar_gap + self.row_gap


# The PDF report: an A4 column, read on paper at full size.
PRINT_LAYOUT = ChartLayout(
    width=680, top=40, plot_x=48, plot_w=500, title_h=21, bar_h=16, bar_gap=4, row_gap=18,
    number_size=12, number_y=13, name_size=10.5, name_y=27, title_size=13, title_line_h=16, label_size=11, value_size=12,
    note_w=240,
)
# The results page: narrow enough that its text stays readable when a phone 360 pixels wide
# shrinks the chart to its column (tests/web/test_results_browser.py). The level names are left
# out above the grid (they would not fit between the lines); the sentence before the chart names
# the scale, and every bar is named after it. Its text stays inside it when a reader widens the
# spacing of text (WCAG 1.4.12; `spaced_width`): "Vorige"/"Previous" before the bars, the bars'
# names after them (`fitted_layout`), long titles over as many lines as they need (`title_lines`).
SCREEN_LAYOUT = ChartLayout(
    width=430, top=24, plot_x=74, plot_w=265, title_h=25, bar_h=19, bar_gap=4, row_gap=18,
    number_size=15, number_y=16, name_size=None, name_y=0, title_size=15, title_line_h=19, label_size=14,
    value_size=14, note_w=320,
)


@dataclass(frozen=True)
class Bar:
    kind: str  # "previous", "current" or "target"
    y: float
    width: float  # 0 when there is no level
    level: int | None
    level_name: str | None
    # A white box behind "3 – In opbouw", so the dashed grid lines do not run through the text.
    # Its width is estimated (no font metrics here): a little too wide only hides more line.
    label_w: float = 0

    @property
    def label(self) -> str:
        return bar_label(self.level, self.level_name) if self.level else ""


# Average advance of a character of the chart's sans-serif fonts, in em, rounded up.
CHAR_W_EM = 0.56
# WCAG 1.4.12: a reader may widen the spacing after every letter to 0.12 em and between words to
# 0.16 em (a style sheet or bookmarklet of their own). SVG text never wraps and the chart clips what
# runs past its edge, so its text is placed as if the reader had done so.
SPACED_LETTER_EM = 0.12
SPACED_WORD_EM = 0.16
# Between a bar's end and its name.
LABEL_GAP = 6


def spaced_width(text: str, size: float) -> float:
    """A generous estimate of `text`'s width at font `size`, with the widest spacing a reader may set."""
    return size * (len(text) * (CHAR_W_EM + SPACED_LETTER_EM) + text.count(" ") * SPACED_WORD_EM)


def title_lines(title: str, room: float, size: float) -> tuple[str, ...]:
    """`title` in as few lines as fit in `room`, as even as they can be (no last word left on a
    line of its own); a word longer than `room` gets a line of its own rather than being cut."""
    # Spaces only: a no-break space holds its words together, as the author meant.
    words = [word for word in title.split(" ") if word]
    if not words:
        return (title,)
    lines = _fill_lines(words, room, size)
    if len(lines) > 1:
        # The narrowest room that still needs no more lines evens them out.
        narrower = {spaced_width(" ".join(words[start:end]), size)
                    for start in range(len(words)) for end in range(start + 1, len(words) + 1)}
        for candidate in sorted(width for width in narrower if width < room):
            even = _fill_lines(words, candidate, size)
            if len(even) == len(lines):
                return even
    return lines


def _fill_lines(words: Sequence[str], room: float, size: float) -> tuple[str, ...]:
    lines: list[str] = []
    for word in words:
        if lines and spaced_width(f"{lines[-1]} {word}", size) <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return tuple(lines)


def bar_label(level: int, name: str | None) -> str:
    return f"{level} – {name}"


def fitted_layout(layout: ChartLayout, named_levels: Mapping[int, str]) -> ChartLayout:
    """The layout with the widest plot (up to its own) that leaves room after each level's bar
    for its name. The bars keep at least half their width: for a level name longer than that
    allows, the chart itself grows wider (and is shown a little smaller) rather than drawing
    bars of no width (QA, review: a long name gave a plot of -27)."""
    label_w = {level: spaced_width(bar_label(level, name), layout.value_size) for level, name in named_levels.items()}
    plot_w = layout.plot_w
    for level, width in label_w.items():
        plot_w = min(plot_w, int((layout.width - layout.plot_x - LABEL_GAP - width) * MAX_LEVEL / level))
    plot_w = max(plot_w, layout.plot_w // 2)
    chart_w = max([layout.width] + [math.ceil(layout.plot_x + plot_w * level / MAX_LEVEL + LABEL_GAP + width)
                                    for level, width in label_w.items()])
    # The level names above the grid (the printed layout) stand between its lines: names
    # wider than that ran into each other, and the first one off the page (QA, author). Then
    # they are left out, as on the screen; every bar still says its level's name.
    name_size = layout.name_size
    if name_size and any(len(name) * CHAR_W_EM * name_size > plot_w / MAX_LEVEL - 4 for name in named_levels.values()):
        name_size = None
    return replace(layout, plot_w=plot_w, width=chart_w, name_size=name_size)


@dataclass(frozen=True)
class ChartRow:
    number: int
    title: str
    status: str
    title_y: float  # the baseline of the title's first line
    current: Bar
    target: Bar
    previous: Bar | None = None  # the previous round's level, when there is one
    previous_status: str | None = None
    title_lines: tuple[str, ...] = ()  # the title as drawn, broken where it would not fit

    @property
    def bars(self) -> tuple[Bar, ...]:
        return ((self.previous,) if self.previous else ()) + (self.current, self.target)


@dataclass(frozen=True)
class Chart:
    height: int
    grid: tuple[tuple[float, int, str], ...]  # (x, level, name) of each level's line
    rows: tuple[ChartRow, ...]
    layout: ChartLayout = PRINT_LAYOUT


def level_x(level: int, layout: ChartLayout = PRINT_LAYOUT) -> float:
    return layout.plot_x + layout.plot_w * level / MAX_LEVEL


def build_chart(
    steps: Sequence[Mapping[str, Any]],
    level_names: Mapping[int, str],
    previous: Sequence[Mapping[str, Any]] | None = None,
    layout: ChartLayout = PRINT_LAYOUT,
) -> Chart:
    """`steps` from a result; `previous` the steps of the previous round's result, if any
    (matched by step id; a step the previous round did not have gets 'niet van toepassing')."""
    earlier = {step["id"]: step for step in previous} if previous is not None else None
    named_levels = {level: name for level, name in level_names.items() if 1 <= level <= MAX_LEVEL}
    for step in [*steps, *(previous or ())]:
        for level_key, name_key in (("level", "level_name"), ("target_level", "target_level_name")):
            if step.get(level_key):
                named_levels[step[level_key]] = step.get(name_key) or ""
    layout = fitted_layout(layout, named_levels)
    bar_h, bar_gap = layout.bar_h, layout.bar_gap
    row_h = layout.row_h + (bar_h + bar_gap if earlier is not None else 0)
    rows = []
    top = layout.top
    for step in steps:
        lines = title_lines(step["title"], layout.width - layout.plot_x, layout.title_size)
        title_y = top + layout.title_h - 7
        top += (len(lines) - 1) * layout.title_line_h  # the bars move down under a longer title
        specs: list[tuple[str, Mapping[str, Any], str, str]] = []
        if earlier is not None:
            specs.append(("previous", earlier.get(step.get("id"), {}), "level", "level_name"))
        specs += [("current", step, "level", "level_name"), ("target", step, "target_level", "target_level_name")]
        bars = []
        for position, (kind, source, level_key, name_key) in enumerate(specs):
            level = source.get(level_key)
            y = top + layout.title_h + position * (bar_h + bar_gap)
            width = level_x(level, layout) - layout.plot_x if level else 0
            bar = Bar(kind, y, width, level, source.get(name_key))
            bars.append(replace(bar, label_w=round(spaced_width(bar.label, layout.value_size) + 4, 1)))
        if earlier is not None:
            prior = earlier.get(step.get("id"), {})
            rows.append(ChartRow(step["number"], step["title"], step["status"], title_y, bars[1], bars[2],
                                 bars[0], prior.get("status", "not_applicable"), lines))
        else:
            rows.append(ChartRow(step["number"], step["title"], step["status"], title_y, bars[0], bars[1],
                                 title_lines=lines))
        top += row_h
    height = top - layout.row_gap + 4
    grid = tuple((level_x(level, layout), level, level_names.get(level, "")) for level in range(1, MAX_LEVEL + 1))
    return Chart(height, grid, tuple(rows), layout)
