"""The export format (befriend-export, version 1) as data: each record type's keys and how an
imported value is checked.

One table serves both directions, so the export, the importer and docs/export-format.md (a test
compares them) cannot drift apart. A checker turns a JSON value into what the model stores or
raises Problem with words a person can act on; None stands for a missing or null value.

A value is taken only in the shape the app's own forms give it (contacts as the safety-plan
form makes them, answers as the practice and questionnaire forms keep them, settings as the app
writes them): the pages that show it later rely on that shape, and one value that merely looks
right can break a page every time it is opened.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, date, datetime

from werkzeug.datastructures import MultiDict

from ..auth.forms import EMAIL_PATTERN
from ..auth.models import CAUTION_KEY, WELCOMED_KEY
from ..breathing.patterns import CUSTOM, PATTERNS, parse_spec
from ..checkins.forms import NOTE_LIMIT
from ..checkins.vocab import FEELINGS, SELF_QUALITIES
from ..measures.instruments import DIFFICULTY, INSTRUMENTS
from ..measures.instruments import score as score_answers
from ..parts.models import COLOURS, RELATION_KINDS, ROLES, STATUSES
from ..practices.loader import STEP_ID
from ..practices.sessions import MAX_ANSWER
from ..safety.forms import MAX_TEXT, ContactForm, SafetyPlanForm
from ..safety.forms import contacts as filled_contacts
from ..safety.models import SECTIONS

SCHEMA, VERSION = "befriend-export", 1
LONG_TEXT = 20_000
JSON_LIMIT = 200_000


class Problem(ValueError):
    """Something in an imported file that can't be used, said plainly.

    `path` leads from where the check began to the value at fault (keys and list positions),
    so the message can name the line that value is on.
    """

    def __init__(self, message: str, path: tuple = ()):
        super().__init__(message)
        self.path = path


def storable(serialised: str) -> None:
    """Databases refuse NUL characters and lone surrogates (both valid in JSON escapes)."""
    try:
        serialised.encode("utf-8")
    except UnicodeEncodeError:
        raise Problem("contains a character that can't be stored") from None
    if "\x00" in serialised or "\\u0000" in serialised:
        raise Problem("contains a character that can't be stored")


def text(limit: int, required: bool = False):
    def check(value):
        if value is None:
            if required:
                raise Problem("is missing")
            return ""
        if not isinstance(value, str):
            raise Problem("should be text")
        if required and not value.strip():
            raise Problem("is empty")
        if len(value) > limit:
            raise Problem(f"is longer than {limit:,} characters")
        storable(value)
        return value
    return check


def choice(options, optional: bool = False):
    def check(value):
        if value is None and optional:
            return None
        if value not in options:
            raise Problem(f"should be one of: {', '.join(options)}")
        return value
    return check


def integer(low: int, high: int, optional: bool = False):
    def check(value):
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise Problem(f"should be a whole number from {low} to {high}")
        return value
    return check


def boolean(value):
    if value is None:
        return False
    if not isinstance(value, bool):
        raise Problem("should be true or false")
    return value


def client_id(value):
    try:
        return uuid.UUID(value)
    except (AttributeError, TypeError, ValueError):
        raise Problem("is not a valid id") from None


def ref(value):
    """A part named by its client_id, or nobody."""
    return None if value is None else client_id(value)


def refs(value):
    if not isinstance(value, list):
        raise Problem("should be a list of part ids")
    return [client_id(item) for item in value]


def moment(optional: bool = False):
    def check(value):
        if value is None and optional:
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise Problem(f"can't be read as a date and time: {str(value)[:40]!r}") from None
        if parsed.tzinfo is None:
            raise Problem("needs its UTC offset, e.g. 2025-03-01T08:30:00+01:00")
        if not 1900 <= parsed.year <= 9000:
            raise Problem(f"is outside the years we can keep: {value[:40]!r}")
        return parsed.astimezone(UTC)
    return check


def day(value):
    """A day the calendars can show: near year 1 it can't be moved between time zones."""
    try:
        parsed = date.fromisoformat(value)
    except (TypeError, ValueError):
        raise Problem(f"can't be read as a date: {str(value)[:40]!r}") from None
    if not 1900 <= parsed.year <= 9000:
        raise Problem(f"is outside the years we can keep: {value[:40]!r}")
    return parsed


def words(allowed):
    """Ticked words from a fixed list, each once (as the form's checkboxes give them)."""
    def check(value):
        if not isinstance(value, list) or any(word not in allowed for word in value):
            raise Problem(f"should be a list of words from: {', '.join(allowed)}")
        return list(dict.fromkeys(value))
    return check


def email(value):
    """Checked as the sign-up form checks it; empty means none."""
    value = text(254)(value).strip()
    if value and not re.match(EMAIL_PATTERN, value):
        raise Problem("doesn't look like an email address")
    return value


# App settings an export may carry, each a time (when the welcome was read, when the caution
# before exile work was accepted). Others are ignored, like any unknown key.
SETTING_TIMES = (WELCOMED_KEY, CAUTION_KEY)


def settings(value):
    """The known settings, each a readable time, kept as written."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Problem("should be a JSON object")
    for key in SETTING_TIMES:
        if key in value:
            try:
                moment()(value[key])
            except Problem as problem:
                raise Problem(f"“{key}” {problem}", (key,)) from None
    return {key: value[key] for key in SETTING_TIMES if key in value}


def contacts(field: str):
    """People or services as the safety-plan form takes them: objects with a “name” and a
    “phone”, text within the form's limits, no more rows than the form has; rows with
    neither are dropped, as the form drops them. The plan's pages rely on exactly this."""
    most = getattr(SafetyPlanForm, field).kwargs["max_entries"]

    def check(value):
        if value is None:
            return []
        if not isinstance(value, list):
            raise Problem("should be a list of contacts, each with a “name” and a “phone”")
        kept = filled_contacts([contact(row, number) for number, row in enumerate(value)])
        if len(kept) > most:
            raise Problem(f"holds {len(kept)} contacts; the plan keeps at most {most}")
        return kept
    return check


def contact(row, index: int) -> dict:
    """One row checked by the plan form's own fields (lengths, the phone number's shape)."""
    where = f"contact {index + 1}"
    if not isinstance(row, dict) or set(row) != {"name", "phone"}:
        raise Problem(f"{where} should be an object with a “name” and a “phone”, and nothing "
                      "else", (index,))
    for key, value in row.items():
        if not isinstance(value, str):
            raise Problem(f"{where}: its “{key}” should be text", (index, key))
        storable(value)
    form = ContactForm(MultiDict(row))
    if not form.validate():
        key, errors = next(iter(form.errors.items()))
        raise Problem(f"{where}: its “{key}”: {errors[0].rstrip('.')}", (index, key))
    return form.data


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


def breathing_spec(value):
    """Four phase lengths in half seconds, as the breathing page records them."""
    value = text(40, required=True)(value)
    if parse_spec(value) is None:
        raise Problem("should be four lengths in half seconds, like 4,4,4,4")
    return value


USER = {"username": text(40), "timezone": text(64), "country": text(2), "email": email,
        "settings": settings, "created_at": moment(optional=True)}
PART = {
    "client_id": client_id, "name": text(80, required=True), "role": choice(ROLES),
    "status": choice(STATUSES), "colour": choice(COLOURS), "emoji": text(16),
    "description": text(LONG_TEXT), "body_location": text(200), "age": text(40),
    "job": text(LONG_TEXT), "fears": text(LONG_TEXT), "needs": text(LONG_TEXT),
    "burdens": text(LONG_TEXT), "trust_in_self": integer(0, 10, optional=True),
    "archived": boolean, "created_at": moment(), "updated_at": moment(),
}
PART_RELATION = {"from_part": client_id, "to_part": client_id, "kind": choice(RELATION_KINDS),
                 "created_at": moment()}
CHECKIN = {
    "client_id": client_id, "occurred_at": moment(), "local_date": day,
    "mood": integer(1, 10), "energy": integer(1, 5, optional=True),
    "self_qualities": words(SELF_QUALITIES), "feelings": words(FEELINGS),
    "note": text(NOTE_LIMIT), "parts": refs, "created_at": moment(), "updated_at": moment(),
}
PRACTICE_SESSION = {
    "client_id": client_id, "practice_slug": text(80, required=True), "part": ref,
    "answers": answers, "started_at": moment(), "finished_at": moment(optional=True),
    "finished": boolean, "self_energy_before": integer(0, 10, optional=True),
    "self_energy_after": integer(0, 10, optional=True), "part_updated": boolean,
    "created_at": moment(),
}
BREATHING_SESSION = {
    "client_id": client_id, "pattern": choice((*(p.slug for p in PATTERNS), CUSTOM)),
    "spec": breathing_spec,
    "seconds": integer(1, 4 * 60 * 60), "finished_at": moment(), "local_date": day,
    "created_at": moment(),
}
MEASURE_RESULT = {
    "client_id": client_id, "instrument": choice(tuple(INSTRUMENTS)),
    "answers": measure_answers, "score": integer(0, 100), "band": text(24, required=True),
    "item9_flag": boolean, "taken_at": moment(), "local_date": day,
}
SAFETY_PLAN = {
    **{section: text(MAX_TEXT) for section in SECTIONS},
    "helpers": contacts("helpers"), "professional_contacts": contacts("professional_contacts"),
    "client_id": ref, "updated_at": moment(),
}

# The top-level lists, in the order they are written and restored (parts before their users).
LISTS = {
    "parts": PART, "part_relations": PART_RELATION, "checkins": CHECKIN,
    "practice_sessions": PRACTICE_SESSION, "breathing_sessions": BREATHING_SESSION,
    "measure_results": MEASURE_RESULT,
}
TOP_LEVEL = ("schema", "version", "exported_at", "user", *LISTS, "safety_plan")
# Words for messages: "check-in 3", "part 2".
SINGULAR = {"parts": "part", "part_relations": "part relation", "checkins": "check-in",
            "practice_sessions": "practice session", "breathing_sessions": "breathing session",
            "measure_results": "questionnaire result"}


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


# Checks of a whole record, after each of its values passed: values that must agree.
AGREEMENT = {"measure_results": scored_as_answered}


def check_record(raw, fields: dict, agree=None) -> dict:
    """A record's values, checked; the first problem names its key."""
    if not isinstance(raw, dict):
        raise Problem("should be a JSON object")
    checked = {}
    for key, check in fields.items():
        try:
            checked[key] = check(raw.get(key))
        except Problem as problem:
            raise Problem(f"“{key}” {problem}", (key, *problem.path)) from None
    if agree is not None:
        agree(checked)
    return checked
