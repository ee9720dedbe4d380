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

from ..auth.models import User
from ..breathing.models import BreathingSession
from ..checkins.models import CheckIn, checkin_parts
from ..clock import to_local, utcnow
from ..measures.models import MeasureResult
from ..parts.models import Part, PartRelation
from ..practices.models import PracticeSession
from ..safety.models import SECTIONS, SafetyPlan
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
    checkins = [checkin_record(c, links.get(c.id, []), at)
                for c in rows(session, CheckIn, user_id, CheckIn.occurred_at, CheckIn.id)]
    return parts, part_ref, checkins


def gather(session: Session, user: User) -> dict:
    """The whole export as a JSON-ready dict."""
    uid, at = user.id, Clock(user.timezone)

    def mine(model, *order):
        return rows(session, model, uid, *order)

    parts, part_ref, checkins = checkins_with_parts(session, uid, at)
    plan = session.scalar(select(SafetyPlan).where(SafetyPlan.user_id == uid))
    return {
        "schema": SCHEMA, "version": VERSION, "exported_at": at(utcnow()),
        "user": {"username": user.username, "timezone": user.timezone, "country": user.country,
                 "email": user.email, "settings": user.settings or {},
                 "created_at": at(user.created_at)},
        "parts": [part_record(p, at) for p in parts],
        "part_relations": [
            {"from_part": part_ref[r.from_part_id], "to_part": part_ref[r.to_part_id],
             "kind": r.kind, "created_at": at(r.created_at)}
            for r in mine(PartRelation, PartRelation.id)
        ],
        "checkins": checkins,
        "practice_sessions": [practice_record(s, part_ref, at)
                              for s in mine(PracticeSession, PracticeSession.started_at,
                                            PracticeSession.id)],
        "breathing_sessions": [
            {"client_id": str(b.client_id), "pattern": b.pattern, "spec": b.spec,
             "seconds": b.seconds, "finished_at": at(b.finished_at),
             "local_date": b.local_date.isoformat(), "created_at": at(b.created_at)}
            for b in mine(BreathingSession, BreathingSession.finished_at, BreathingSession.id)
        ],
        "measure_results": [
            {"client_id": str(m.client_id), "instrument": m.instrument, "answers": m.answers,
             "score": m.score, "band": m.band, "item9_flag": m.item9_flag,
             "taken_at": at(m.taken_at), "local_date": m.local_date.isoformat()}
            for m in mine(MeasureResult, MeasureResult.taken_at, MeasureResult.id)
        ],
        "safety_plan": plan_record(plan, at) if plan is not None else None,
    }


def part_record(part: Part, at: Clock) -> dict:
    return {
        "client_id": str(part.client_id), "name": part.name, "role": part.role,
        "status": part.status, "colour": part.colour, "emoji": part.emoji,
        "description": part.description, "body_location": part.body_location, "age": part.age,
        "job": part.job, "fears": part.fears, "needs": part.needs, "burdens": part.burdens,
        "trust_in_self": part.trust_in_self, "archived": part.archived,
        "created_at": at(part.created_at), "updated_at": at(part.updated_at),
    }


def checkin_record(checkin: CheckIn, parts: list[str], at: Clock) -> dict:
    return {
        "client_id": str(checkin.client_id), "occurred_at": at(checkin.occurred_at),
        "local_date": checkin.local_date.isoformat(), "mood": checkin.mood,
        "energy": checkin.energy, "self_qualities": checkin.self_qualities,
        "feelings": list(checkin.feelings or []), "note": checkin.note, "parts": parts,
        "created_at": at(checkin.created_at), "updated_at": at(checkin.updated_at),
    }


def practice_record(session: PracticeSession, part_ref: dict[int, str], at: Clock) -> dict:
    return {
        "client_id": str(session.client_id), "practice_slug": session.practice_slug,
        "part": part_ref.get(session.part_id), "answers": session.answers or {},
        "started_at": at(session.started_at), "finished_at": at(session.finished_at),
        "finished": session.finished, "self_energy_before": session.self_energy_before,
        "self_energy_after": session.self_energy_after, "part_updated": session.part_updated,
        "created_at": at(session.created_at),
    }


def plan_record(plan: SafetyPlan, at: Clock) -> dict:
    return {
        **{section: getattr(plan, section) for section in SECTIONS},
        "helpers": plan.helpers or [], "professional_contacts": plan.professional_contacts or [],
        "client_id": str(plan.client_id) if plan.client_id else None,
        "updated_at": at(plan.updated_at),
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
