"""A questionnaire result in the export file: its answers, and a score that must add up."""

from __future__ import annotations

import json

from ..shapes import At, Problem, boolean, choice, client_id, day, integer, moment, text
from .instruments import DIFFICULTY, INSTRUMENTS
from .instruments import score as score_answers
from .models import MeasureResult


def measure_answers(value):
    """{"items": [whole numbers], "difficulty": one of the offered words or null}; whether the
    items fit the questionnaire is checked with the whole result (see scored_as_answered)."""
    if not isinstance(value, dict) or not isinstance(value.get("items"), list):
        raise Problem('should be an object with the answers as “items”, e.g. '
                      '{"items": [0, 1, 2], "difficulty": null}')
    if any(isinstance(item, bool) or not isinstance(item, int) for item in value["items"]):
        raise Problem("“items” should be whole numbers", ("items",))
    difficulty = value.get("difficulty")
    if difficulty is not None and difficulty not in DIFFICULTY:
        raise Problem(f"“difficulty” should be one of: {', '.join(DIFFICULTY)}, or null",
                      ("difficulty",))
    return {"items": list(value["items"]), "difficulty": difficulty}


MEASURE_RESULT = {
    "client_id": client_id, "instrument": choice(tuple(INSTRUMENTS)),
    "answers": measure_answers, "score": integer(0, 100), "band": text(24, required=True),
    "item9_flag": boolean, "taken_at": moment(), "local_date": day,
}


def scored_as_answered(record: dict) -> None:
    """A result's answers must fit its questionnaire, and its score, range and question-9 flag
    be what they add up to: the result page scores the answers again."""
    instrument = INSTRUMENTS[record["instrument"]]
    items, allowed = record["answers"]["items"], sorted(instrument.valid_values)
    if len(items) != len(instrument.items) or any(i not in allowed for i in items):
        raise Problem(f"“answers” should hold {len(instrument.items)} answers, each one of "
                      f"{', '.join(map(str, allowed))}", ("answers", "items"))
    if record["answers"]["difficulty"] is not None and not instrument.follow_up:
        raise Problem(f"“answers” has a “difficulty”, which the {instrument.name} doesn't ask",
                      ("answers", "difficulty"))
    result = score_answers(instrument, items)
    for key, expected in (("score", result.total), ("band", result.band.key),
                          ("item9_flag", result.item9_flag)):
        if record[key] != expected:
            raise Problem(f"“{key}” doesn't match the answers (they give "
                          f"{json.dumps(expected)})", (key,))


def exported(result: MeasureResult, at: At) -> dict:
    return {"client_id": str(result.client_id), "instrument": result.instrument,
            "answers": result.answers, "score": result.score, "band": result.band,
            "item9_flag": result.item9_flag, "taken_at": at(result.taken_at),
            "local_date": result.local_date.isoformat()}
