"""One bar chart of the figures a page shows, laid out here and drawn as inline SVG by the
template: no script, no library. A figure without a value (withheld, not given...) is a gap with
its status written in it, never a bar of zero; a nil return is a real zero and says so."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .present import Row

WIDTH = 760
LABEL_RIGHT = 330  # labels end here, right-aligned
BARS_LEFT = 340
BARS_WIDTH = 330  # the longest bar; its value is written after it
TOP = 28  # room for the scale above the bars
ROW = 24
BAR = 16
LABEL_CHARACTERS = 52  # longer labels are shortened, the whole label kept in their <title>


@dataclass(frozen=True)
class Bar:
    label: str  # what tells this figure apart from the others shown
    text: str  # the value, or the gap's reason, as written beside the bar
    gap: bool
    y: float
    width: float  # 0 for a gap or a zero

    @property
    def short_label(self) -> str:
        if len(self.label) <= LABEL_CHARACTERS:
            return self.label
        return self.label[: LABEL_CHARACTERS - 1].rstrip() + "…"


@dataclass(frozen=True)
class Tick:
    value: int
    x: float


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    ticks: list[Tick]
    gaps: int

    width = WIDTH
    label_right = LABEL_RIGHT
    bars_left = BARS_LEFT
    bar_height = BAR

    @property
    def height(self) -> int:
        return TOP + ROW * len(self.bars) + 8

    @property
    def description(self) -> str:
        drawn = len(self.bars) - self.gaps
        return (
            f"{drawn} figure{'s' if drawn != 1 else ''} drawn as bars"
            + (f", {self.gaps} without a figure shown as gaps" if self.gaps else "")
            + ". The table below lists the same figures."
        )


def chart(rows: list[Row]) -> Chart | str:
    """The chart of these figures, or why there is none (a sentence for the page)."""
    if not rows:
        return "There are no figures to draw."
    units = {row.figure["unit"] for row in rows}
    if len(units) > 1:
        return (
            f"These figures count different things ({', '.join(sorted(units))}), so they are not drawn "
            "on one scale: choose a measure to see a chart."
        )
    parts = [row.parts for row in rows]
    names = list(dict.fromkeys(name for p in parts for name in p))  # in the order parts are named
    varying = [name for name in names if len({p.get(name) for p in parts}) > 1]
    shared = [text for name, text in parts[0].items() if name not in varying]
    labels = [" · ".join(p[name] for name in varying if p.get(name)) or "this figure" for p in parts]
    scale = nice_top(max([row.figure["value"] for row in rows if not row.gap] or [0]))
    bars = [
        Bar(
            label=label,
            text=f"{row.value} (nil return)" if row.figure["status"] == "nil_return" else row.value,
            gap=row.gap,
            y=TOP + ROW * i,
            width=0 if row.gap else BARS_WIDTH * row.figure["value"] / scale,
        )
        for i, (row, label) in enumerate(zip(rows, labels, strict=True))
    ]
    ticks = [Tick(v, BARS_LEFT + BARS_WIDTH * v / scale) for v in tick_values(scale)]
    title = f"{' · '.join(shared)} ({units.pop()})" if shared else units.pop().capitalize()
    return Chart(title=title, bars=bars, ticks=ticks, gaps=sum(bar.gap for bar in bars))


def nice_top(value: int) -> int:
    """The end of the scale: the value rounded up to 1, 2 or 5 times a power of ten (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def tick_values(top: int) -> list[int]:
    step = max(1, top // 5 if top % 5 == 0 else top // 4 if top % 4 == 0 else top // 2)
    return list(range(0, top + 1, step))
