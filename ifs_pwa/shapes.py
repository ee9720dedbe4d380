"""The pieces every domain's export/import shape is built from (see each domain's
`portable.py`; `portability/schema.py` puts them together into the befriend-export format).

A checker turns a JSON value into what the model stores or raises Problem with words a person
can act on; None stands for a missing or null value. Export writers take `at`, the function
that writes a time in the person's own zone.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime

LONG_TEXT = 20_000
JSON_LIMIT = 200_000

At = Callable[[datetime | None], str | None]


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


def number(low: float, high: float, optional: bool = False):
    """A number (whole or not) from low to high; JSON has no NaN or infinity to worry about,
    but a huge exponent reads as infinity and is refused like any other out of range."""
    def check(value):
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or not low <= value <= high:
            raise Problem(f"should be a number from {low:g} to {high:g}")
        return float(value)
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
