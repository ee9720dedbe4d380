"""The SQL behind check-in pages: the database adds things up, so a page costs a few queries
however many years of check-ins there are."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce

from sqlalchemy import bindparam, case, func, null, select, union_all
from sqlalchemy.orm import Session, load_only, selectinload

from ..parts.models import Part
from .insights import PartDays, Period, QualityStats
from .models import CheckIn, checkin_parts
from .vocab import SELF_QUALITIES


@dataclass(frozen=True)
class DayStats:
    mood: float
    self_energy: float  # average number of the 8 C's noticed
    count: int


def self_count():
    """How many of the 8 C's a check-in holds, counted from its bits in SQL."""
    bits = [CheckIn.self_mask.op(">>")(i).op("&")(1) for i in range(len(SELF_QUALITIES))]
    return reduce(operator.add, bits)


# Built once: SQLAlchemy memoises a statement's cache key, so reusing the object (values
# passed as parameters) skips rebuilding and re-keying the expression on every page.
USER, FIRST, LAST = bindparam("user_id"), bindparam("first"), bindparam("last")
IN_PERIOD = (CheckIn.user_id == USER, CheckIn.local_date.between(FIRST, LAST))
DAILY = (select(CheckIn.local_date, func.avg(CheckIn.mood), func.avg(self_count()), func.count())
         .where(*IN_PERIOD).group_by(CheckIn.local_date))
# The list shows when, the mood and who was there: notes and parts' texts stay encrypted, unread.
ENTRIES = (select(CheckIn).where(*IN_PERIOD)
           .order_by(CheckIn.occurred_at.desc(), CheckIn.id.desc())
           .limit(bindparam("limit")).offset(bindparam("offset"))
           .options(load_only(CheckIn.mood, CheckIn.occurred_at),
                    selectinload(CheckIn.parts).load_only(Part.name)))


def daily(session: Session, user_id: int, first: date, last: date) -> dict[date, DayStats]:
    """Average mood and Self-energy per local day between two dates, one row per day."""
    rows = session.execute(DAILY, {"user_id": user_id, "first": first, "last": last}).all()
    return {day: DayStats(float(mood), float(selves), n) for day, mood, selves, n in rows}


def entries(session: Session, user_id: int, first: date, last: date, page: int, per_page: int):
    """One page of check-ins (newest first) and whether another page follows."""
    rows = session.scalars(ENTRIES, {"user_id": user_id, "first": first, "last": last,
                                     "limit": per_page + 1,
                                     "offset": (page - 1) * per_page}).all()
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


# The check-in form shows a part's name and emoji; its encrypted texts are not read (or decrypted).
USER_PARTS = (select(Part).options(load_only(Part.name, Part.emoji, Part.role, Part.colour))
              .where(Part.user_id == USER, Part.archived.is_(False))
              .order_by(Part.name, Part.id))


def user_parts(session: Session, user_id: int) -> list[Part]:
    return list(session.scalars(USER_PARTS, {"user_id": user_id}))


def day_mask():
    """The C's noticed in any of a day's check-ins, as one bitmask: the MAX of each bit over the
    day, added up (SQLite has no BIT_OR)."""
    bits = [func.max(CheckIn.self_mask.op("&")(1 << i)) for i in range(len(SELF_QUALITIES))]
    return reduce(operator.add, bits)


def summary(session: Session, user_id: int, today: date):
    """Mood over the last 7 and 30 days and the periods before, and on days with and without
    each C: all of it per local day, as the calendar and the parts' comparison count.

    Each day's check-ins are averaged first (three heavy check-ins on one day count as one
    heavy day), with the C's noticed in any of them; then the days are summed by period and by
    which C's they held, in the same query: a few hundred small sums, combined here.
    """
    def days_ago(n: int) -> date:
        return today - timedelta(days=n)

    days = (select(CheckIn.local_date.label("day"), func.avg(CheckIn.mood).label("mood"),
                   day_mask().label("mask"))
            .where(CheckIn.user_id == user_id).group_by(CheckIn.local_date).subquery())
    # Buckets: 0 = the last 7 days, 1 = the 7 before, 2 = the rest of the last 30 days,
    # 3 = the 30 before, 4 = older, 5 = after today (never in a period, still in the C's).
    bucket = case((days.c.day > today, 5), (days.c.day >= days_ago(6), 0),
                  (days.c.day >= days_ago(13), 1), (days.c.day >= days_ago(29), 2),
                  (days.c.day >= days_ago(59), 3), else_=4).label("bucket")
    grouped = session.execute(
        select(days.c.mask, bucket, func.sum(days.c.mood), func.count())
        .group_by(days.c.mask, bucket)
    ).all()
    sums, counts = [0.0] * 6, [0] * 6
    with_sum, with_days = [0.0] * len(SELF_QUALITIES), [0] * len(SELF_QUALITIES)
    all_sum, all_days = 0.0, 0
    for mask, index, total, n in grouped:
        total, n = float(total), int(n)
        sums[index] += total
        counts[index] += n
        all_sum += total
        all_days += n
        for i in range(len(SELF_QUALITIES)):
            if mask & (1 << i):
                with_sum[i] += total
                with_days[i] += n

    def period(*buckets: int) -> Period:
        n = sum(counts[b] for b in buckets)
        return Period(sum(sums[b] for b in buckets) / n if n else None, n)

    periods = [period(0), period(1), period(0, 1, 2), period(3)]
    qualities = []
    for i, quality in enumerate(SELF_QUALITIES):
        n_with, n_without = with_days[i], all_days - with_days[i]
        qualities.append(QualityStats(
            quality, with_sum[i] / n_with if n_with else None, n_with,
            (all_sum - with_sum[i]) / n_without if n_without else None, n_without))
    return periods, qualities


def mood_by_day(user_id: int):
    return (select(CheckIn.local_date, func.avg(CheckIn.mood).label("mood"))
            .where(CheckIn.user_id == user_id).group_by(CheckIn.local_date))


def part_days(session: Session, user_id: int) -> tuple[list[PartDays], int, float]:
    """For each part: on how many days it showed up, and the sum of those days' moods; and the
    same for all days with a check-in. One query: the days are averaged once, used twice."""
    days = mood_by_day(user_id).cte("days")
    present = (select(checkin_parts.c.part_id, CheckIn.local_date)
               .join(CheckIn, CheckIn.id == checkin_parts.c.checkin_id)
               .where(CheckIn.user_id == user_id).distinct().subquery())
    per_part = (
        select(Part.id, Part.name, func.count(), func.sum(days.c.mood))
        .select_from(present)
        .join(days, days.c.local_date == present.c.local_date)
        .join(Part, Part.id == present.c.part_id)
        .group_by(Part.id, Part.name)
    )
    every_day = select(null(), null(), func.count(), func.sum(days.c.mood)).select_from(days)
    rows = session.execute(union_all(per_part, every_day)).all()
    parts = [PartDays(pid, name, n, float(total)) for pid, name, n, total in rows
             if pid is not None]
    count, total = next((n, total) for pid, _, n, total in rows if pid is None)
    return parts, int(count), float(total or 0)
