"""The reminder settings form: a time, the days, and the two gentle options."""

from __future__ import annotations

import re
from datetime import time

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectMultipleField, StringField, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HH_MM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(:00)?$")


def parse_time(raw: str | None) -> time | None:
    found = HH_MM.match((raw or "").strip())
    return time(int(found.group(1)), int(found.group(2))) if found else None


def a_time(optional: bool):
    def check(form, field):
        if optional and not (field.data or "").strip():
            return
        if parse_time(field.data) is None:
            raise ValidationError("Please give a time as hours and minutes, like 09:00.")
    return check


class ReminderForm(FlaskForm):
    enabled = BooleanField("Send me a reminder")
    remind_at = StringField("At", default="09:00", validators=[a_time(optional=False)])
    days = SelectMultipleField(
        "On these days", choices=[(str(n), name) for n, name in enumerate(DAY_NAMES)],
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        default=[str(n) for n in range(7)])
    skip_if_checked_in = BooleanField("Not on days I've already checked in", default=True)
    evening_at = StringField("An evening reminder for a few breaths or a short practice, at",
                             validators=[a_time(optional=True)])

    def validate_days(self, field):
        if self.enabled.data and not field.data:
            raise ValidationError("Please choose at least one day, or turn the reminder off.")

    def mask(self) -> int:
        return sum(1 << int(n) for n in self.days.data or [])

    def fill_from(self, settings) -> None:
        """Show stored settings (a form made without posted data)."""
        self.enabled.data = settings.enabled
        self.remind_at.data = settings.remind_at.strftime("%H:%M")
        self.days.data = [str(n) for n in range(7) if settings.on(n)]
        self.skip_if_checked_in.data = settings.skip_if_checked_in
        self.evening_at.data = settings.evening_at.strftime("%H:%M") if settings.evening_at else ""
