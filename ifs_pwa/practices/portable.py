"""A practice session in the export file: answers as the practice's form keeps them."""

from __future__ import annotations

import json

from ..shapes import (
    JSON_LIMIT,
    At,
    Problem,
    boolean,
    client_id,
    integer,
    moment,
    ref,
    storable,
    text,
)
from .loader import STEP_ID
from .models import PracticeSession
from .sessions import MAX_ANSWER


def answers(value):
    """A practice's answers as its form keeps them: step ids to text, each within the form's
    limit (pages read every answer as text)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Problem("should be a JSON object of answers by step")
    for key, answer in value.items():
        if not STEP_ID.match(key):
            raise Problem(f"holds “{key[:40]}”, which isn't the id of a practice step", (key,))
        if not isinstance(answer, str):
            raise Problem(f"“{key}” should be text", (key,))
        if len(answer) > MAX_ANSWER:
            raise Problem(f"“{key}” is longer than {MAX_ANSWER:,} characters", (key,))
        storable(answer)
    if len(json.dumps(value, ensure_ascii=False)) > JSON_LIMIT:
        raise Problem(f"is larger than {JSON_LIMIT:,} characters")
    return dict(value)


PRACTICE_SESSION = {
    "client_id": client_id, "practice_slug": text(80, required=True), "part": ref,
    "answers": answers, "started_at": moment(), "finished_at": moment(optional=True),
    "finished": boolean, "self_energy_before": integer(0, 10, optional=True),
    "self_energy_after": integer(0, 10, optional=True), "part_updated": boolean,
    "created_at": moment(),
}


def exported(session: PracticeSession, part_ref: dict[int, str], at: At) -> dict:
    return {
        "client_id": str(session.client_id), "practice_slug": session.practice_slug,
        "part": part_ref.get(session.part_id), "answers": session.answers or {},
        "started_at": at(session.started_at), "finished_at": at(session.finished_at),
        "finished": session.finished, "self_energy_before": session.self_energy_before,
        "self_energy_after": session.self_energy_after, "part_updated": session.part_updated,
        "created_at": at(session.created_at),
    }
