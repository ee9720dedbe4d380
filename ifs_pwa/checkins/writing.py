"""Turning a validated form into a check-in (create and edit share every rule).

An edit is first read into `written`, a plain dict in the shape a check-in's content is
compared and kept in (versions.edit): the parts present by client_id and the time to the
minute (as the form shows it), so an edit kept beside a newer check-in survives a reload, an
export and the parts' ids changing on import.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from ..clock import local_date
from ..parts.models import Part
from .forms import CheckInFields
from .models import CheckIn
from .timezones import local_input_value
from .vocab import FEELINGS, SELF_QUALITIES


def to_the_minute(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(second=0, microsecond=0).isoformat()


def written_from(form: CheckInFields, parts: list[Part]) -> dict:
    """What the form says, as a check-in's content."""
    chosen = set(form.feelings.data or [])
    by_id = {part.id: part for part in parts}
    return {
        "mood": form.mood.data, "energy": form.energy.data,
        "note": (form.note.data or "").strip(),
        "feelings": [word for word in FEELINGS if word in chosen],
        "self_qualities": [q for q in SELF_QUALITIES if q in set(form.self_qualities.data or [])],
        "parts": sorted(str(by_id[pid].client_id) for pid in form.chosen_part_ids()),
        "new_part": (form.new_part.data or "").strip(),
        "occurred_at": to_the_minute(form.occurred_at_utc()),
    }


def content_of(checkin: CheckIn) -> dict:
    """The check-in's content in the shape of `written_from` (no new part: it was made)."""
    return {
        "mood": checkin.mood, "energy": checkin.energy, "note": checkin.note or "",
        "feelings": list(checkin.feelings or []), "self_qualities": checkin.self_qualities,
        "parts": sorted(str(part.client_id) for part in checkin.parts),
        "new_part": "", "occurred_at": to_the_minute(checkin.occurred_at),
    }


def write(checkin: CheckIn, written: dict, parts: list[Part], user) -> CheckIn:
    """Write `written` onto the check-in; a "someone new" name becomes a part of role unknown.
    Parts deleted since the edit was made are left out. The same minute as stored keeps the
    stored seconds, so an edit that didn't touch the time doesn't move it."""
    checkin.mood = written["mood"]
    checkin.energy = written["energy"]
    checkin.note = written["note"]
    checkin.feelings = list(written["feelings"])
    checkin.self_qualities = written["self_qualities"]
    when = datetime.fromisoformat(written["occurred_at"])
    if checkin.occurred_at is None or to_the_minute(checkin.occurred_at) != to_the_minute(when):
        checkin.occurred_at = when
    checkin.local_date = local_date(checkin.occurred_at, user.timezone)
    by_client_id = {str(part.client_id): part for part in parts}
    present = [by_client_id[ref] for ref in written["parts"] if ref in by_client_id]
    if written["new_part"]:
        present.append(Part(user_id=user.id, client_id=uuid.uuid4(), name=written["new_part"],
                            role="unknown"))
    # In the order the relationship loads them (by name), so the confirmation of a fresh save
    # and of a repeat name the same parts in the same order.
    checkin.parts = sorted(present, key=lambda part: part.name)
    return checkin


def fill(checkin: CheckIn, form: CheckInFields, parts: list[Part], user) -> CheckIn:
    """Copy the form onto a new check-in (its time to the second, as typed or now)."""
    checkin.occurred_at = form.occurred_at_utc()
    return write(checkin, written_from(form, parts), parts, user)


def load_into(form: CheckInFields, checkin: CheckIn, tz_name: str, parts: list[Part],
              written: dict | None = None) -> CheckInFields:
    """Fill an edit form from a stored check-in, or from `written` (an edit kept beside it;
    `parts` are the person's, as the form offers them)."""
    content = written if written is not None else content_of(checkin)
    form.mood.data = content["mood"]
    form.energy.data = content["energy"]
    form.note.data = content["note"]
    form.feelings.data = list(content["feelings"])
    form.self_qualities.data = list(content["self_qualities"])
    ids = {str(part.client_id): part.id for part in parts}
    form.parts.data = [str(ids[ref]) for ref in content["parts"] if ref in ids]
    form.new_part.data = content["new_part"]
    form.occurred_at.data = local_input_value(datetime.fromisoformat(content["occurred_at"]),
                                              tz_name)
    return form
