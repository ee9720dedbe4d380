"""Turning a validated form into a check-in (create and edit share every rule)."""

from __future__ import annotations

import uuid

from ..clock import local_date
from ..parts.models import Part
from .forms import CheckInFields
from .models import CheckIn
from .timezones import local_input_value
from .vocab import FEELINGS


def fill(checkin: CheckIn, form: CheckInFields, parts: list[Part], user) -> CheckIn:
    """Copy the form onto the check-in; a "someone new" name becomes a part of role unknown."""
    checkin.mood = form.mood.data
    checkin.energy = form.energy.data
    checkin.note = (form.note.data or "").strip()
    chosen = set(form.feelings.data or [])
    checkin.feelings = [word for word in FEELINGS if word in chosen]
    checkin.self_qualities = form.self_qualities.data or []
    checkin.occurred_at = form.occurred_at_utc()
    checkin.local_date = local_date(checkin.occurred_at, user.timezone)
    by_id = {part.id: part for part in parts}
    present = [by_id[pid] for pid in form.chosen_part_ids()]
    name = (form.new_part.data or "").strip()
    if name:
        present.append(Part(user_id=user.id, client_id=uuid.uuid4(), name=name, role="unknown"))
    # In the order the relationship loads them (by name), so the confirmation of a fresh save
    # and of a repeat name the same parts in the same order.
    checkin.parts = sorted(present, key=lambda part: part.name)
    return checkin


def load_into(form: CheckInFields, checkin: CheckIn, tz_name: str) -> CheckInFields:
    """Fill an edit form from a stored check-in."""
    form.mood.data = checkin.mood
    form.energy.data = checkin.energy
    form.note.data = checkin.note
    form.feelings.data = list(checkin.feelings or [])
    form.self_qualities.data = checkin.self_qualities
    form.parts.data = [str(part.id) for part in checkin.parts]
    form.occurred_at.data = local_input_value(checkin.occurred_at, tz_name)
    return form
