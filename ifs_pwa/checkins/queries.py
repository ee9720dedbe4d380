"""The SQL behind check-in pages: the database adds things up, so a page costs a few queries
however many years of check-ins there are."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, selectinload

from ..parts.models import Part
from .insights import PartDays, Period, QualityStats
from .models import CheckIn, checkin_parts
from .vocab import SELF_QUALITIES


@dataclass(frozen=True)
class DayStats:
    mood: float
    self_energy: float  # average number of the 8 C's noticed
    count: int


def has_quality(index: int):
    return CheckIn.self_mask.op("&")(1 << index) != 0


def self_count():
    """How many of the 8 C's a check-in holds, counted from its bits in SQL."""
    bits = [CheckIn.self_mask.op(">>")(i).op("&")(1) for i in range(len(SELF_QUALITIES))]
    return reduce(operator.add, bits)


def daily(session: Session, user_id: int, first: date, last: date) -> dict[date, DayStats]:
    """Average mood and Self-energy per local day between two dates, one row per day."""
    rows = session.execute(
        select(CheckIn.local_date, func.avg(CheckIn.mood), func.avg(self_count()), func.count())
        .where(CheckIn.user_id == user_id, CheckIn.local_date.between(first, last))
        .group_by(CheckIn.local_date)
    ).all()
    return {day: DayStats(float(mood), float(selves), n) for day, mood, selves, n in rows}


def entries(session: Session, user_id: int, first: date, last: date, page: int, per_page: int):
    """One page of check-ins (newest first) and whether another page follows."""
    rows = session.scalars(
        select(CheckIn)
        .where(CheckIn.user_id == user_id, CheckIn.local_date.between(first, last))
        .order_by(CheckIn.occurred_at.desc(), CheckIn.id.desc())
        .limit(per_page + 1).offset((page - 1) * per_page)
        .options(selectinload(CheckIn.parts))
    ).all()
    return rows[:per_page], len(rows) > per_page


def with_part(session: Session, user_id: int, part_id: int, limit: int = 30) -> list[CheckIn]:
    """The latest check-ins a part was present in, newest first, for its timeline."""
    return list(session.scalars(
        select(CheckIn)
        .join(checkin_parts, checkin_parts.c.checkin_id == CheckIn.id)
        .where(CheckIn.user_id == user_id, checkin_parts.c.part_id == part_id)
        .order_by(CheckIn.occurred_at.desc(), CheckIn.id.desc())
        .limit(limit)
    ))


def user_parts(session: Session, user_id: int) -> list[Part]:
    return list(session.scalars(
        select(Part).where(Part.user_id == user_id, Part.archived.is_(False))
        .order_by(Part.name, Part.id)
    ))


def summary(session: Session, user_id: int, today: date):
    """Mood over the last 7 and 30 days and the periods before, and mood with each C."""
    def days_ago(n: int) -> date:
        return today - timedelta(days=n)

    spans = [(days_ago(6), today), (days_ago(13), days_ago(7)),
             (days_ago(29), today), (days_ago(59), days_ago(30))]
    columns = []
    for first, last in spans:
        inside = CheckIn.local_date.between(first, last)
        columns += [func.avg(case((inside, CheckIn.mood))), func.count(case((inside, 1)))]
    for index in range(len(SELF_QUALITIES)):
        present = has_quality(index)
        columns += [func.avg(case((present, CheckIn.mood))), func.count(case((present, 1))),
                    func.avg(case((present, None), else_=CheckIn.mood)),
                    func.count(case((present, None), else_=1))]
    row = session.execute(select(*columns).where(CheckIn.user_id == user_id)).one()
    values = [float(v) if v is not None else None for v in row]
    periods = [Period(values[i], int(values[i + 1])) for i in range(0, 8, 2)]
    qualities = [
        QualityStats(q, values[8 + 4 * i], int(values[9 + 4 * i]),
                     values[10 + 4 * i], int(values[11 + 4 * i]))
        for i, q in enumerate(SELF_QUALITIES)
    ]
    return periods, qualities


def mood_by_day(user_id: int):
    return (select(CheckIn.local_date, func.avg(CheckIn.mood).label("mood"))
            .where(CheckIn.user_id == user_id).group_by(CheckIn.local_date).subquery())


def part_days(session: Session, user_id: int) -> list[PartDays]:
    """For each part: on how many days it showed up, and the sum of those days' moods."""
    days = mood_by_day(user_id)
    present = (select(checkin_parts.c.part_id, CheckIn.local_date)
               .join(CheckIn, CheckIn.id == checkin_parts.c.checkin_id)
               .where(CheckIn.user_id == user_id).distinct().subquery())
    rows = session.execute(
        select(Part.id, Part.name, func.count(), func.sum(days.c.mood))
        .select_from(present)
        .join(days, days.c.local_date == present.c.local_date)
        .join(Part, Part.id == present.c.part_id)
        .group_by(Part.id, Part.name)
    ).all()
    return [PartDays(pid, name, n, float(total)) for pid, name, n, total in rows]


def day_totals(session: Session, user_id: int) -> tuple[int, float]:
    """How many days have a check-in, and the sum of their average moods."""
    days = mood_by_day(user_id)
    count, total = session.execute(select(func.count(), func.sum(days.c.mood))).one()
    return int(count), float(total or 0)
