"""What goes into the printable summary: only the sections asked for, only within the dates.

Each section is one query (the trend, parts, relations, practice sessions, results), so the page
costs the same for a month as for ten years. The drawing is left to the existing renderers:
checkins.calendar for the trend, parts.partmap for the map, measures.chart for results.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..checkins import calendar, queries
from ..clock import from_local, to_local
from ..measures.instruments import INSTRUMENTS
from ..measures.models import MeasureResult
from ..measures.views import history_chart
from ..parts import partmap
from ..parts.models import Part, PartRelation
from ..practices.history import library, readable_answers
from ..practices.models import PracticeSession

# Beyond about two months a line of days gets too dense to read on paper: months instead.
DAILY_POINTS_UP_TO = 62


@dataclass
class Trend:
    points: list[calendar.Point]
    by_month: bool
    days: int
    checkins: int
    mood: float | None
    self_energy: float | None


@dataclass
class Summary:
    first: date
    last: date
    include: list[str]
    trend: Trend | None = None
    parts: list[Part] = field(default_factory=list)
    relations: list[tuple[int, int, str]] = field(default_factory=list)
    layout: partmap.MapLayout | None = None
    practices: list = field(default_factory=list)
    measures: list = field(default_factory=list)


def practised(session: Session, user_id: int) -> list[tuple[str, str]]:
    """(slug, title) of every practice the person has done, for the summary's choices."""
    slugs = session.scalars(select(PracticeSession.practice_slug).distinct()
                            .where(PracticeSession.user_id == user_id))
    known = library()
    return sorted(((s, known[s].title if s in known else s) for s in slugs), key=lambda c: c[1])


def build(session: Session, user_id: int, tz_name: str, first: date, last: date,
          include: list[str], slugs: list[str]) -> Summary:
    found = Summary(first, last, include)
    if "trend" in include:
        found.trend = trend(session, user_id, first, last)
    if "parts" in include:
        found.parts, found.relations = parts_and_relations(session, user_id)
        found.layout = partmap.layout(partmap.in_claim_order(found.parts), found.relations)
    start = from_local(datetime.combine(first, time.min), tz_name)
    stop = from_local(datetime.combine(last + timedelta(days=1), time.min), tz_name)
    if "practices" in include and slugs:
        found.practices = practice_answers(session, user_id, slugs, start, stop, tz_name)
    if "measures" in include:
        found.measures = measure_history(session, user_id, first, last)
    return found


def trend(session: Session, user_id: int, first: date, last: date) -> Trend:
    days = queries.daily(session, user_id, first, last)
    ordered = sorted(days.items())
    by_month = (last - first).days >= DAILY_POINTS_UP_TO
    if by_month:
        months = defaultdict(list)
        for day, stats in ordered:
            months[(day.year, day.month)].append(stats)
        points = [calendar.Point(f"{calendar.MONTH_ABBR[m]} {y}",
                                 sum(s.mood for s in group) / len(group),
                                 sum(s.self_energy for s in group) / len(group))
                  for (y, m), group in months.items()]
    else:
        points = [calendar.Point(day.strftime("%d %b"), s.mood, s.self_energy)
                  for day, s in ordered]
    stats = [s for _, s in ordered]
    n = len(stats)
    return Trend(points, by_month, n, sum(s.count for s in stats),
                 sum(s.mood for s in stats) / n if n else None,
                 sum(s.self_energy for s in stats) / n if n else None)


def parts_and_relations(session: Session, user_id: int):
    parts = list(session.scalars(select(Part).where(Part.user_id == user_id,
                                                    Part.archived.is_(False))
                                 .order_by(Part.name, Part.id)))
    ids = {p.id for p in parts}
    relations = [tuple(r) for r in session.execute(
        select(PartRelation.from_part_id, PartRelation.to_part_id, PartRelation.kind)
        .where(PartRelation.user_id == user_id).order_by(PartRelation.id))
        if r[0] in ids and r[1] in ids]
    return parts, relations


def practice_answers(session: Session, user_id: int, slugs: list[str], start, stop,
                     tz_name: str):
    """The chosen practices' sessions in the period, each answer beside its question."""
    known = library()
    rows = session.scalars(
        select(PracticeSession).where(
            PracticeSession.user_id == user_id, PracticeSession.practice_slug.in_(slugs),
            PracticeSession.started_at >= start, PracticeSession.started_at < stop)
        .order_by(PracticeSession.started_at, PracticeSession.id))
    names = dict(session.execute(select(Part.id, Part.name).where(Part.user_id == user_id)).all())
    found = []
    for row in rows:
        practice = known.get(row.practice_slug)
        entries = readable_answers(practice, row.answers or {}, names.get(row.part_id, ""))
        if entries:
            title = practice.title if practice else row.practice_slug
            found.append((to_local(row.started_at, tz_name), title, entries))
    return found


def measure_history(session: Session, user_id: int, first: date, last: date):
    """Per questionnaire taken in the period: its results oldest first, and their chart."""
    grouped = defaultdict(list)
    for row in session.scalars(
        select(MeasureResult).where(MeasureResult.user_id == user_id,
                                    MeasureResult.local_date.between(first, last))
        .order_by(MeasureResult.taken_at, MeasureResult.id)
    ):
        grouped[row.instrument].append(row)
    return [(instrument, grouped[slug], history_chart(instrument, grouped[slug]))
            for slug, instrument in INSTRUMENTS.items() if grouped[slug]]
