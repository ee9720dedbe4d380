"""Deleting a part for good (archiving is the gentle option; this is for "I want it gone").

Check-ins and practice sessions are the person's own moments and stay: they only lose the link
to the part. Relations to other parts go with it. Done explicitly, not left to the foreign keys'
cascades alone, so it behaves the same on every database.
"""

from __future__ import annotations

from sqlalchemy import delete, or_, update
from sqlalchemy.orm import Session

from ..checkins.models import checkin_parts
from ..practices.models import PracticeSession
from .models import Part, PartRelation


def remove_part(session: Session, part: Part) -> None:
    session.execute(delete(checkin_parts).where(checkin_parts.c.part_id == part.id))
    session.execute(delete(PartRelation).where(or_(PartRelation.from_part_id == part.id,
                                                   PartRelation.to_part_id == part.id)))
    session.execute(update(PracticeSession).where(PracticeSession.part_id == part.id)
                    .values(part_id=None))
    session.delete(part)
