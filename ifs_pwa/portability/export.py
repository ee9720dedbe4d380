"""Everything a person has written, as one JSON document (docs/export-format.md) or a CSV.

A fixed handful of queries whatever the history size: each table is read once and links are
resolved through dictionaries, never row by row.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth import portable as auth_portable
from ..auth.models import User
from ..breathing import portable as breathing_portable
from ..breathing.models import BreathingSession
from ..checkins import portable as checkins_portable
from ..checkins.models import CheckIn, checkin_parts
from ..clock import to_local, utcnow
from ..measures import portable as measures_portable
from ..measures.models import MeasureResult
from ..parts import portable as parts_portable
from ..parts.models import Part, PartRelation
from ..practices import portable as practices_portable
from ..practices.models import PracticeSession
from ..reminders import portable as reminders_portable
from ..reminders.models import PushSubscription, ReminderSettings
from ..safety import portable as safety_portable
from ..safety.models import SafetyPlan
from .schema import SCHEMA, VERSION


class Clock:
    """Times written in the person's own zone, with the offset, so the file reads naturally."""

    def __init__(self, tz_name: str):
        self.tz_name = tz_name

    def __call__(self, moment: datetime | None) -> str | None:
        return None if moment is None else to_local(moment, self.tz_name).isoformat()


def rows(session: Session, model, user_id: int, *order) -> list:
    return list(session.scalars(select(model).where(model.user_id == user_id).order_by(*order)))


def checkins_with_parts(session: Session, user_id: int, at: Clock):
    """Parts, their client_ids by row id, and check-ins naming the parts present: 3 queries."""
    parts = rows(session, Part, user_id, Part.id)
    part_ref = {part.id: str(part.client_id) for part in parts}
    links: dict[int, list[str]] = {}
    for checkin_id, part_id in session.execute(
        select(checkin_parts.c.checkin_id, checkin_parts.c.part_id)
        .join(Part, Part.id == checkin_parts.c.part_id).where(Part.user_id == user_id)
        .order_by(Part.name, Part.id)
    ):
        links.setdefault(checkin_id, []).append(part_ref[part_id])
    checkins = [checkins_portable.exported(c, links.get(c.id, []), at)
                for c in rows(session, CheckIn, user_id, CheckIn.occurred_at, CheckIn.id)]
    return parts, part_ref, checkins


def gather(session: Session, user: User) -> dict:
    """The whole export as a JSON-ready dict; each record written by its own domain."""
    uid, at = user.id, Clock(user.timezone)

    def mine(model, *order):
        return rows(session, model, uid, *order)

    parts, part_ref, checkins = checkins_with_parts(session, uid, at)
    plan = session.scalar(select(SafetyPlan).where(SafetyPlan.user_id == uid))
    reminders = session.scalar(select(ReminderSettings).where(ReminderSettings.user_id == uid))
    return {
        "schema": SCHEMA, "version": VERSION, "exported_at": at(utcnow()),
        "user": auth_portable.exported(user, at),
        "parts": [parts_portable.exported(p, at) for p in parts],
        "part_relations": [parts_portable.exported_relation(r, part_ref, at)
                           for r in mine(PartRelation, PartRelation.id)],
        "checkins": checkins,
        "practice_sessions": [practices_portable.exported(s, part_ref, at)
                              for s in mine(PracticeSession, PracticeSession.started_at,
                                            PracticeSession.id)],
        "breathing_sessions": [
            breathing_portable.exported(b, at)
            for b in mine(BreathingSession, BreathingSession.finished_at, BreathingSession.id)
        ],
        "measure_results": [
            measures_portable.exported(m, at)
            for m in mine(MeasureResult, MeasureResult.taken_at, MeasureResult.id)
        ],
        "safety_plan": safety_portable.exported(plan, at) if plan is not None else None,
        "reminders": reminders_portable.exported(
            reminders, mine(PushSubscription, PushSubscription.id), at),
    }


CSV_COLUMNS = ("occurred_at", "local_date", "mood", "energy", "self_qualities", "feelings",
               "parts", "note", "client_id")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """A spreadsheet must never run what someone typed: cells that could start a formula get a
    leading apostrophe (OWASP's advice for CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def checkins_csv(session: Session, user: User) -> str:
    """One row per check-in, parts by name, lists joined with "; "."""
    parts, _, checkins = checkins_with_parts(session, user.id, Clock(user.timezone))
    names = {str(p.client_id): p.name for p in parts}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for c in checkins:
        writer.writerow([cell(v) for v in (
            c["occurred_at"], c["local_date"], c["mood"], c["energy"],
            "; ".join(c["self_qualities"]), "; ".join(c["feelings"]),
            "; ".join(names[ref] for ref in c["parts"]), c["note"], c["client_id"],
        )])
    return out.getvalue()
