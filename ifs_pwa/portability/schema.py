"""The export format (befriend-export, version 1) as data: each record type's keys and how an
imported value is checked.

One table serves both directions, so the export, the importer and docs/export-format.md (a test
compares them) cannot drift apart. A checker turns a JSON value into what the model stores or
raises Problem with words a person can act on; None stands for a missing or null value.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

from ..checkins.forms import NOTE_LIMIT
from ..checkins.vocab import FEELINGS, SELF_QUALITIES
from ..measures.instruments import INSTRUMENTS
from ..parts.models import COLOURS, RELATION_KINDS, ROLES, STATUSES
from ..safety.models import SECTIONS

SCHEMA, VERSION = "befriend-export", 1
LONG_TEXT = 20_000
JSON_LIMIT = 200_000


class Problem(ValueError):
    """Something in an imported file that can't be used, said plainly."""


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
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise Problem(f"can't be read as a date: {str(value)[:40]!r}") from None


def words(allowed):
    def check(value):
        if not isinstance(value, list) or any(word not in allowed for word in value):
            raise Problem(f"should be a list of words from: {', '.join(allowed)}")
        return list(value)
    return check


def structure(kind: type):
    """Free-form JSON (answers, settings, contacts), kept as it is within a size limit."""
    def check(value):
        if value is None:
            return kind()
        if not isinstance(value, kind):
            raise Problem(f"should be a JSON {'object' if kind is dict else 'list'}")
        serialised = json.dumps(value, ensure_ascii=False)
        if len(serialised) > JSON_LIMIT:
            raise Problem(f"is larger than {JSON_LIMIT:,} characters")
        storable(serialised)
        return value
    return check


USER = {"username": text(40), "timezone": text(64), "country": text(2), "email": text(254),
        "settings": structure(dict), "created_at": moment(optional=True)}
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
    "answers": structure(dict), "started_at": moment(), "finished_at": moment(optional=True),
    "finished": boolean, "self_energy_before": integer(0, 10, optional=True),
    "self_energy_after": integer(0, 10, optional=True), "part_updated": boolean,
    "created_at": moment(),
}
BREATHING_SESSION = {
    "client_id": client_id, "pattern": text(16, required=True), "spec": text(40),
    "seconds": integer(1, 4 * 60 * 60), "finished_at": moment(), "local_date": day,
    "created_at": moment(),
}
MEASURE_RESULT = {
    "client_id": client_id, "instrument": choice(tuple(INSTRUMENTS)),
    "answers": structure(dict), "score": integer(0, 100), "band": text(24, required=True),
    "item9_flag": boolean, "taken_at": moment(), "local_date": day,
}
SAFETY_PLAN = {
    **{section: text(LONG_TEXT) for section in SECTIONS},
    "helpers": structure(list), "professional_contacts": structure(list),
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


def check_record(raw, fields: dict) -> dict:
    """A record's values, checked; the first problem names its key."""
    if not isinstance(raw, dict):
        raise Problem("should be a JSON object")
    checked = {}
    for key, check in fields.items():
        try:
            checked[key] = check(raw.get(key))
        except Problem as problem:
            raise Problem(f"“{key}” {problem}") from None
    return checked
