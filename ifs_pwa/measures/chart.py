"""Geometry for the small history chart, drawn as SVG on the server (no charting library)."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 28, 12, 10, 20


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    value: int
    flagged: bool


@dataclass(frozen=True)
class Gridline:
    y: float
    value: int


@dataclass(frozen=True)
class Chart:
    dots: tuple[Dot, ...]
    gridlines: tuple[Gridline, ...]
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def polyline(self) -> str:
        return " ".join(f"{d.x:.1f},{d.y:.1f}" for d in self.dots)


def y_for(value: float, maximum: int) -> float:
    span = HEIGHT - TOP - BOTTOM
    return TOP + span * (1 - value / maximum)


def build(values: list[tuple[int, bool]], maximum: int, marks: list[int]) -> Chart:
    """Values oldest first as (score, flagged); evenly spaced, since the table gives dates."""
    span = WIDTH - LEFT - RIGHT
    step = span / (len(values) - 1) if len(values) > 1 else 0
    start = LEFT + (span / 2 if len(values) == 1 else 0)
    dots = tuple(
        Dot(start + i * step, y_for(value, maximum), value, flagged)
        for i, (value, flagged) in enumerate(values)
    )
    gridlines = tuple(Gridline(y_for(m, maximum), m) for m in [0, *marks, maximum])
    return Chart(dots, gridlines)
