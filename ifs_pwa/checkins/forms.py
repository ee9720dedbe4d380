"""The check-in form: only mood is needed; everything else is an optional, gentle extra."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError
from wtforms.widgets import DateTimeLocalInput

from ..clock import CLOCK_SKEW, from_local
from ..records import ClientIdField
from ..versions import VersionFields
from .timezones import LOCAL_FORMAT
from .vocab import FEELINGS, SELF_QUALITIES

NOTE_LIMIT = 5000
# Phones' clocks drift a little; only a time clearly ahead of now is refused (the one allowance
# every phone time gets, clock.CLOCK_SKEW).
CLOCK_SLACK = CLOCK_SKEW
# Years a person could mean (as the history's calendar); near year 1 a moment can't even be
# moved between time zones, so such a date would break every page that shows it.
EARLIEST_YEAR = 1900


def int_or_none(value):
    """Coerce without raising, so a mangled value becomes a kind field error, not a crash."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def parse_local(value: str) -> datetime | None:
    for fmt in (LOCAL_FORMAT, LOCAL_FORMAT + ":%S"):
        try:
            return datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
    return None


class CheckInFields(FlaskForm):
    """Shared by create and edit; the view sets `tz_name` and `part_ids` before validating."""

    mood = RadioField("How are you right now?", coerce=int_or_none, validate_choice=False,
                      choices=list(range(1, 11)))
    energy = RadioField("Energy", coerce=int_or_none, validate_choice=False,
                        choices=list(range(1, 6)))
    feelings = SelectMultipleField("Feelings", validate_choice=False)
    parts = SelectMultipleField("Who's here?", validate_choice=False)
    new_part = StringField("Someone new", validators=[Optional(), Length(
        max=80, message="A part's name can be up to 80 characters.")])
    self_qualities = SelectMultipleField("Self-energy", validate_choice=False)
    note = TextAreaField("A short note", validators=[Length(
        max=NOTE_LIMIT, message="Notes can be up to 5,000 characters; please shorten this one.")])
    occurred_at = StringField("When", widget=DateTimeLocalInput())

    tz_name: str | None = "UTC"
    part_ids: set[int] = set()

    def validate_mood(self, field) -> None:
        if field.data not in range(1, 11):
            raise ValidationError("Choose a number from 1 to 10 for how you are.")

    def validate_energy(self, field) -> None:
        raw = field.raw_data[0] if field.raw_data else ""
        if raw and field.data not in range(1, 6):
            raise ValidationError("Energy goes from 1 to 5; choose one or leave it empty.")
        if not raw:
            field.data = None

    def validate_feelings(self, field) -> None:
        if any(word not in FEELINGS for word in field.data):
            raise ValidationError("One of those feelings isn't on the list; please choose again.")

    def validate_self_qualities(self, field) -> None:
        if any(q not in SELF_QUALITIES for q in field.data):
            raise ValidationError("Choose from the eight qualities shown.")

    def validate_parts(self, field) -> None:
        if any(int_or_none(pid) not in self.part_ids for pid in field.data):
            raise ValidationError("One of those parts couldn't be found; please choose again.")

    def validate_occurred_at(self, field) -> None:
        if not (field.data or "").strip():
            return
        typed = parse_local(field.data)
        if typed is None:
            raise ValidationError("Please give a date and time, like 2025-03-01 21:30.")
        if typed.year < EARLIEST_YEAR:
            raise ValidationError("That date is too long ago; please choose one from 1900 onwards.")
        if from_local(typed, self.tz_name) > datetime.now(UTC) + CLOCK_SLACK:
            raise ValidationError("That time hasn't happened yet; choose now or earlier.")

    def occurred_at_utc(self) -> datetime:
        """When it happened: what they typed, or now when they left it empty."""
        typed = parse_local(self.occurred_at.data or "")
        return from_local(typed, self.tz_name) if typed else datetime.now(UTC)

    def chosen_part_ids(self) -> list[int]:
        return sorted({int(pid) for pid in self.parts.data})


class CheckInForm(CheckInFields):
    client_id = ClientIdField()


class CheckInEditForm(VersionFields, CheckInFields):
    """Editing a check-in: the version it was opened from travels with the form."""
