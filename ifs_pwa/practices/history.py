"""Past practice sessions made readable again: each answer beside the question it answered."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_login import current_user

from ..extensions import db
from ..parts.models import Part
from ..records import owned
from .loader import Practice
from .models import PracticeSession
from .wording import named


@dataclass
class Entry:
    question: str
    answer: str


def library() -> dict[str, Practice]:
    return current_app.extensions["practices"]


def readable_answers(practice: Practice | None, answers: dict, part_name: str = "") -> list[Entry]:
    """Answers in the order the practice asks them; choices shown by their words, and the
    questions naming the part the session was with (or "this part")."""
    if practice is None:
        return [Entry(key, str(value)) for key, value in answers.items()]
    entries = []
    for step in practice.all_steps:
        if step.id in answers:
            answer = str(answers[step.id])
            if step.kind == "choose":
                answer = named(step.option_label(answer), part_name)
            entries.append(Entry(named(step.prompt or step.title, part_name), answer))
    return entries


def sessions_for_part(part_id: int) -> list[tuple[PracticeSession, Practice | None, list[Entry]]]:
    query = owned(PracticeSession).where(PracticeSession.part_id == part_id)
    query = query.order_by(PracticeSession.started_at.desc(), PracticeSession.id.desc())
    # The part's own page has loaded it already: get() finds it without asking the database.
    part = db.session.get(Part, part_id)
    name = part.name if part is not None and part.user_id == current_user.id else ""
    found = []
    for session in db.session.scalars(query):
        practice = library().get(session.practice_slug)
        found.append((session, practice, readable_answers(practice, session.answers or {},
                                                          name)))
    return found

