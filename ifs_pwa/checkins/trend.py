"""The trend chart's geometry: plain Python, so the page draws an honest SVG with no script.

Honest means: the time axis is time (each day, or month, of the period has its own slot, so a
four-day gap is four slots wide and no line is drawn across it), mood and Self-energy each get
their own panel with their own labelled scale (1 to 10, and 0 to 8 C's noticed), and the axis
labels are dates.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 300, 244
LEFT, RIGHT = 24, 14  # room for the scales' numbers on the left, and the last date
MOOD_TOP, MOOD_BOTTOM = 28, 118  # y of mood 10 and of mood 1
SELF_TOP, SELF_BOTTOM = 154, 204  # y of 8 C's and of none
DATES_Y = 228  # baseline of the time axis' labels
MOOD_SCALE, SELF_SCALE = (1, 5, 10), (0, 4, 8)


@dataclass(frozen=True)
class Tick:
    at: float  # x for the time axis, y for a scale
    text: str


@dataclass(frozen=True)
class Dot:
    x: float
    mood_y: float
    self_y: float
    label: str


@dataclass(frozen=True)
class Chart:
    dots: list[Dot]
    mood_path: str
    self_path: str
    dates: list[Tick]
    mood_scale: list[Tick]
    self_scale: list[Tick]
    slot_width: float


def mood_y(value: float) -> float:
    return MOOD_BOTTOM - (value - 1) / 9 * (MOOD_BOTTOM - MOOD_TOP)


def self_y(value: float) -> float:
    return SELF_BOTTOM - value / 8 * (SELF_BOTTOM - SELF_TOP)


def path(slots: list[int], xs: list[float], ys: list[float]) -> str:
    """An SVG path through neighbouring slots only: a gap starts a new piece (M), so days
    without a check-in are left as the empty space they were."""
    pieces = []
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        joined = i > 0 and slots[i] == slots[i - 1] + 1
        pieces.append(f"{'L' if joined else 'M'}{x:.1f},{y:.1f}")
    return " ".join(pieces)


def chart(points, span: int | None = None, dates: list[tuple[int, str]] | None = None) -> Chart:
    """Lay points out on `span` slots (point.slot, or their order when they carry none, as the
    printable summary's do), with `dates` as (slot, text) labels under the time axis."""
    slots = [p.slot if getattr(p, "slot", None) is not None else i for i, p in enumerate(points)]
    span = span or (slots[-1] + 1 if slots else 1)
    width = (WIDTH - LEFT - RIGHT) / span

    def x(slot: int) -> float:
        return LEFT + (slot + 0.5) * width

    if dates is None:  # no calendar behind the points: name the first and the last
        dates = [(slots[0], points[0].label), (slots[-1], points[-1].label)] if points else []
    xs = [x(s) for s in slots]
    moods = [mood_y(p.mood) for p in points]
    selves = [self_y(p.self_energy) for p in points]
    return Chart(
        dots=[Dot(xs[i], moods[i], selves[i], p.label) for i, p in enumerate(points)],
        mood_path=path(slots, xs, moods), self_path=path(slots, xs, selves),
        dates=[Tick(round(x(slot), 1), text) for slot, text in dates],
        mood_scale=[Tick(round(mood_y(v), 1), str(v)) for v in MOOD_SCALE],
        self_scale=[Tick(round(self_y(v), 1), str(v)) for v in SELF_SCALE],
        slot_width=width,
    )
