"""Month and year grids coloured by mood, and the trend chart's geometry: plain Python."""

from __future__ import annotations

import calendar as stdlib_calendar
import re
from dataclasses import dataclass
from datetime import date

from . import trend
from .queries import DayStats

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
DAY = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
YEAR = re.compile(r"^(\d{4})$")
MONTH_NAMES = stdlib_calendar.month_name
MONTH_ABBR = stdlib_calendar.month_abbr


@dataclass(frozen=True)
class Cell:
    day: date
    stats: DayStats | None

    @property
    def level(self) -> int | None:
        """The day's average mood as a whole point (its colour and its word agree on it)."""
        return round(self.stats.mood) if self.stats else None

    @property
    def tone(self) -> str:
        """A CSS class per whole mood point; the palette never uses alarm colours."""
        return f"m{self.level}" if self.stats else "empty"


def parse_month(value: str | None) -> tuple[int, int] | None:
    match = MONTH.match(value or "")
    if not match or not 1 <= int(match[2]) <= 12 or not in_range(int(match[1])):
        return None
    return int(match[1]), int(match[2])


def parse_year(value: str | None) -> int | None:
    match = YEAR.match(value or "")
    return int(match[1]) if match and in_range(int(match[1])) else None


def parse_day(value: str | None, local_today: date) -> date | None:
    """A day a person can open: YYYY-MM-DD, a real date, within the calendar's years and not
    after their own today (a day that hasn't come has nothing to show or add)."""
    match = DAY.match(value or "")
    if not match or not in_range(int(match[1])):
        return None
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:  # 2025-02-30, month 13
        return None
    return day if day <= local_today else None


def in_range(year: int) -> bool:
    """Years a person could mean; the neighbours of 9999 would not fit in a date."""
    return 1900 <= year <= 9000


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, stdlib_calendar.monthrange(year, month)[1])


def shift_month(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + step
    return index // 12, index % 12 + 1


def month_weeks(year: int, month: int, days: dict[date, DayStats]) -> list[list[Cell | None]]:
    """Weeks from Monday; days outside the month are None (blank squares)."""
    weeks = stdlib_calendar.Calendar().monthdatescalendar(year, month)
    return [[Cell(d, days.get(d)) if d.month == month else None for d in week] for week in weeks]


def year_rows(year: int, days: dict[date, DayStats]) -> list[list[Cell | None]]:
    """Year in pixels: a row per day of the month (1–31), a column per month."""
    rows = []
    for day in range(1, 32):
        row = []
        for month in range(1, 13):
            if day <= stdlib_calendar.monthrange(year, month)[1]:
                moment = date(year, month, day)
                row.append(Cell(moment, days.get(moment)))
            else:
                row.append(None)
        rows.append(row)
    return rows


@dataclass(frozen=True)
class Point:
    label: str
    mood: float | None
    self_energy: float | None
    slot: int | None = None  # where on the time axis: day of the month - 1, or month - 1


def month_points(year: int, month: int, days: dict[date, DayStats]) -> list[Point]:
    first, last = month_bounds(year, month)
    return [Point(d.strftime("%a %-d %b"), s.mood, s.self_energy, d.day - 1)
            for d in _each_day(first, last) if (s := days.get(d))]


def month_chart(year: int, month: int, points: list[Point]) -> trend.Chart:
    """A slot per day of the month, dates every week under the axis."""
    last = month_bounds(year, month)[1].day
    dates = [(day - 1, f"{day} {MONTH_ABBR[month]}") for day in (1, 8, 15, 22, 29) if day <= last]
    return trend.chart(points, last, dates)


def year_chart(points: list[Point]) -> trend.Chart:
    """A slot per month, a label every quarter."""
    return trend.chart(points, 12, [(m - 1, MONTH_ABBR[m]) for m in (1, 4, 7, 10)])


chart = trend.chart  # for pages whose points carry no calendar (the printable summary)


def year_points(year: int, days: dict[date, DayStats]) -> list[Point]:
    """A year's trend by month: each day counts once, however many check-ins it had."""
    points = []
    for month in range(1, 13):
        inside = [s for d, s in days.items() if d.year == year and d.month == month]
        if inside:
            points.append(Point(MONTH_NAMES[month],
                                sum(s.mood for s in inside) / len(inside),
                                sum(s.self_energy for s in inside) / len(inside), month - 1))
    return points


def _each_day(first: date, last: date):
    for ordinal in range(first.toordinal(), last.toordinal() + 1):
        yield date.fromordinal(ordinal)
