"""The form a finished session is recorded with (filled in by breathe.js, or replayed later)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, ValidationError
from wtforms.validators import AnyOf, InputRequired, NumberRange, Optional

from ..clock import CLOCK_SKEW, from_local, utcnow
from ..records import ClientIdField
from .patterns import CUSTOM, PATTERNS, parse_spec

MAX_SECONDS = 4 * 60 * 60
# No phone recorded a session before this; near year 1 a time can't be moved between zones.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


def parse_finished_at(raw: str, timezone: str | None) -> datetime | None:
    """An ISO time from the phone (without an offset: the person's own local time), in UTC.
    A zone this server doesn't know reads as UTC (clock.zone), as on every other page."""
    try:
        moment = datetime.fromisoformat(raw.strip())
        moment = from_local(moment, timezone) if moment.tzinfo is None else moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return moment if moment >= EARLIEST else None


class BreathingSessionForm(FlaskForm):
    client_id = ClientIdField()
    pattern = StringField(
        "Pattern",
        validators=[AnyOf([p.slug for p in PATTERNS] + [CUSTOM], "Choose one of the patterns.")],
    )
    spec = StringField("Timing (in, hold, out, hold)", validators=[InputRequired()])
    seconds = IntegerField(
        "Seconds breathed",
        validators=[InputRequired("Please say how long you breathed."),
                    NumberRange(1, MAX_SECONDS, "Use between 1 second and 4 hours.")],
    )
    finished_at = StringField("Finished at", validators=[Optional()])

    def __init__(self, *args, timezone: str | None = "UTC", **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone = timezone
        self.moment = utcnow()

    def validate_spec(self, field):
        if parse_spec(field.data) is None:
            raise ValidationError("Use four lengths in half seconds, like 4,4,4,4.")

    def validate_finished_at(self, field):
        if not field.data:
            return
        moment = parse_finished_at(field.data, self.timezone)
        if moment is None:
            raise ValidationError("That time isn't readable.")
        if moment > utcnow() + CLOCK_SKEW:
            raise ValidationError("That time is in the future.")
        self.moment = moment
