"""Every page a signed-in person can open, one address per record they own.

An import can store values that pass its checks and then break a page that shows them later
(a safety plan whose contacts are not contacts answered 500 on every visit). After a file is
accepted, the fuzzer opens all of these and asserts that none answers 5xx.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask
from sqlalchemy import select

from ifs_pwa.auth.models import User
from ifs_pwa.breathing.models import BreathingSession
from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.extensions import db
from ifs_pwa.measures.instruments import INSTRUMENTS
from ifs_pwa.measures.models import MeasureResult
from ifs_pwa.parts.models import Part
from ifs_pwa.portability.forms import MAX_DAYS, SECTIONS
from ifs_pwa.practices.models import PracticeSession

from .registry import endpoints, url

# Per endpoint taking URL values: the model whose rows it shows and how a row fills them in.
PER_RECORD = {
    "checkins.show": (CheckIn, lambda row: {"checkin_id": row.id}),
    "checkins.edit": (CheckIn, lambda row: {"checkin_id": row.id}),
    "checkins.versions_page": (CheckIn, lambda row: {"checkin_id": row.id}),
    "checkins.delete": (CheckIn, lambda row: {"checkin_id": row.id}),
    "checkins.for_part": (Part, lambda row: {"part_id": row.id}),
    "checkins.day": (CheckIn, lambda row: {"day": row.local_date.isoformat()}),
    "parts.show": (Part, lambda row: {"part_id": row.id}),
    "parts.edit": (Part, lambda row: {"part_id": row.id}),
    "parts.versions_page": (Part, lambda row: {"part_id": row.id}),
    "parts.delete": (Part, lambda row: {"part_id": row.id}),
    "practices.session": (PracticeSession, lambda row: {"session_id": row.id}),
    "practices.delete_session": (PracticeSession, lambda row: {"session_id": row.id}),
    "breathing.delete": (BreathingSession, lambda row: {"session_id": row.id}),
    "measures.result": (MeasureResult,
                        lambda row: {"slug": row.instrument, "result_id": row.id}),
    "measures.delete_result": (MeasureResult,
                               lambda row: {"slug": row.instrument, "result_id": row.id}),
}
# Endpoints taking a slug from a fixed list rather than a record.
PER_SLUG = {
    "measures.show": lambda app: [{"slug": slug} for slug in INSTRUMENTS],
    "practices.show": lambda app: [{"slug": slug} for slug in app.extensions["practices"]],
}


def signed_in_pages(app: Flask, username: str) -> list[str]:
    """Every GET page (and download) of the person, for every record they own, plus the
    therapist summary with every section and every practice, over the whole of their data."""
    paths = []
    with app.app_context():
        owner = db.session.scalar(select(User).where(User.username_key == username.lower()))
        for endpoint in endpoints(app):
            if "GET" not in endpoint.methods or endpoint.name == "static":
                continue
            if not endpoint.id_args and "<" not in endpoint.rule:
                paths.append(url(app, endpoint.name))
            elif endpoint.name in PER_SLUG:
                paths += [url(app, endpoint.name, **v) for v in PER_SLUG[endpoint.name](app)]
            else:
                assert endpoint.name in PER_RECORD, f"{endpoint.name}: say which rows it shows"
                model, values = PER_RECORD[endpoint.name]
                rows = db.session.scalars(select(model).where(model.user_id == owner.id)
                                          .order_by(model.id))
                paths += [url(app, endpoint.name, **values(row)) for row in rows]
        paths += summaries(app, owner)
        db.session.remove()
    return paths


def summaries(app: Flask, owner: User) -> list[str]:
    """The summary with everything in it, over the longest spans allowed that reach the
    person's first and last days (its range is at most ten years)."""
    days = [*db.session.scalars(select(CheckIn.local_date).where(CheckIn.user_id == owner.id)),
            *db.session.scalars(select(MeasureResult.local_date)
                                .where(MeasureResult.user_id == owner.id)),
            *(moment.date() for moment in db.session.scalars(
                select(PracticeSession.started_at).where(PracticeSession.user_id == owner.id)))]
    slugs = sorted(set(db.session.scalars(select(PracticeSession.practice_slug)
                                          .where(PracticeSession.user_id == owner.id))))
    first, last = (min(days), max(days)) if days else (date.today(), date.today())
    span = MAX_DAYS - 1
    ranges = {(first, shifted(first, span)), (shifted(last, -span), last)}
    return [summary_url(app, start, end, slugs) for start, end in sorted(ranges, key=str)
            if start and end]


def shifted(day: date, days: int) -> date | None:
    """`day` moved by `days`, or None past the calendar's ends (the form refuses those)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def summary_url(app: Flask, start: date, end: date, slugs: list[str]) -> str:
    """/account/summary with every section ticked and the given practices chosen."""
    return url(app, "portability.summary_page", start=start.isoformat(), end=end.isoformat(),
               include=[key for key, _ in SECTIONS], practices=slugs)
