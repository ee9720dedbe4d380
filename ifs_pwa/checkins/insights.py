"""Gentle observations from aggregated numbers: plain functions, no Flask, no database.

The database does the adding up (queries.py); these decide what is worth saying, and say it
kindly. Nothing here judges: a heavier week is described, never scored.
"""

from __future__ import annotations

from dataclasses import dataclass

# Fewer days than this on either side and a comparison is noise, so we stay quiet.
MIN_DAYS = 5
# A difference smaller than this (on the 1–10 scale) is not worth pointing out.
NOTABLE = 0.5


@dataclass(frozen=True)
class Period:
    """Mood over a stretch of days: the average of each day's own average."""

    average: float | None
    days: int  # days with a check-in


@dataclass(frozen=True)
class QualityStats:
    """Mood on the days a C was noticed (in any check-in that day) and on the other days."""

    quality: str
    with_average: float | None
    with_days: int
    without_average: float | None
    without_days: int

    @property
    def difference(self) -> float:
        return (self.with_average or 0) - (self.without_average or 0)


@dataclass(frozen=True)
class PartDays:
    part_id: int
    name: str
    days: int  # distinct days the part showed up
    mood_sum: float  # sum of those days' average moods


@dataclass(frozen=True)
class PartMood:
    part_id: int
    name: str
    with_average: float
    with_days: int
    without_average: float
    without_days: int


def one_decimal(value: float) -> str:
    return f"{value:.1f}"


def mood_change(days: int, recent: Period, previous: Period) -> str | None:
    """Describe the last `days` days beside the ones before, or say nothing without data."""
    if not recent.days or recent.average is None:
        return None
    now = one_decimal(recent.average)
    span = "week" if days == 7 else f"{days} days"
    if not previous.days or previous.average is None:
        return f"Over the last {span}, your mood has averaged {now}."
    before = one_decimal(previous.average)
    difference = recent.average - previous.average
    if difference >= NOTABLE:
        return (f"Over the last {span}, your mood has averaged {now}, a little lighter than "
                f"the {span} before ({before}).")
    if difference <= -NOTABLE:
        return (f"Over the last {span}, your mood has averaged {now}, heavier than the {span} "
                f"before ({before}). Harder stretches come and go; be gentle with yourself.")
    return f"Over the last {span}, your mood has averaged {now}, much like the {span} before."


def frequent_parts(parts: list[PartDays], limit: int = 3) -> list[PartDays]:
    """The parts that have kept you company on the most days."""
    return sorted(parts, key=lambda p: (-p.days, p.name.casefold()))[:limit]


def part_mood(part: PartDays, total_days: int, total_mood_sum: float) -> PartMood | None:
    """Mood on days this part showed up vs days it didn't, with enough days on each side."""
    without_days = total_days - part.days
    if part.days < MIN_DAYS or without_days < MIN_DAYS:
        return None
    return PartMood(
        part.part_id, part.name,
        with_average=part.mood_sum / part.days, with_days=part.days,
        without_average=(total_mood_sum - part.mood_sum) / without_days,
        without_days=without_days,
    )


def describe_part_mood(found: PartMood) -> str:
    with_, without = one_decimal(found.with_average), one_decimal(found.without_average)
    if abs(found.with_average - found.without_average) < NOTABLE:
        return f"On days {found.name} is around, your mood is much like other days ({with_})."
    if found.with_average < found.without_average:
        return (f"Days when {found.name} shows up average {with_}, compared with {without} "
                f"on other days. Perhaps it turns up when things are hard, trying to help.")
    return (f"Days when {found.name} shows up average {with_}, compared with {without} "
            f"on other days.")


def better_day_qualities(stats: list[QualityStats]) -> list[QualityStats]:
    """The C's whose days are noticeably better than the other days, best first; like the
    parts, only with at least MIN_DAYS days on each side."""
    found = [
        s for s in stats
        if s.with_days >= MIN_DAYS and s.without_days >= MIN_DAYS
        and s.with_average is not None and s.without_average is not None
        and s.difference >= NOTABLE
    ]
    return sorted(found, key=lambda s: -s.difference)


def describe_quality(stats: QualityStats) -> str:
    return (f"On days you notice some {stats.quality}, your mood averages "
            f"{one_decimal(stats.with_average)}, compared with "
            f"{one_decimal(stats.without_average)} on other days.")
