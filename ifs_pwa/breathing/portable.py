"""A breathing session in the export file, its timing as the breathing page records it."""

from __future__ import annotations

from ..shapes import At, Problem, choice, client_id, day, integer, moment, text
from .models import BreathingSession
from .patterns import CUSTOM, PATTERNS, parse_spec


def breathing_spec(value):
    """Four phase lengths in half seconds, as the breathing page records them."""
    value = text(40, required=True)(value)
    if parse_spec(value) is None:
        raise Problem("should be four lengths in half seconds, like 4,4,4,4")
    return value


BREATHING_SESSION = {
    "client_id": client_id, "pattern": choice((*(p.slug for p in PATTERNS), CUSTOM)),
    "spec": breathing_spec,
    "seconds": integer(1, 4 * 60 * 60), "finished_at": moment(), "local_date": day,
    "created_at": moment(),
}


def exported(session: BreathingSession, at: At) -> dict:
    return {"client_id": str(session.client_id), "pattern": session.pattern,
            "spec": session.spec, "seconds": session.seconds,
            "finished_at": at(session.finished_at), "local_date": session.local_date.isoformat(),
            "created_at": at(session.created_at)}
