"""A check-in in the export file; the parts present are named by their client_ids."""

from __future__ import annotations

from ..shapes import At, client_id, day, integer, moment, refs, text, words
from ..versions import exported_waiting, portable_waiting
from .forms import NOTE_LIMIT
from .models import CheckIn
from .vocab import FEELINGS, SELF_QUALITIES
from .writing import to_the_minute

CHECKIN = {
    "client_id": client_id, "occurred_at": moment(), "local_date": day,
    "mood": integer(1, 10), "energy": integer(1, 5, optional=True),
    "self_qualities": words(SELF_QUALITIES), "feelings": words(FEELINGS),
    "note": text(NOTE_LIMIT), "parts": refs, "created_at": moment(), "updated_at": moment(),
}


def stored_edit(written: dict) -> dict:
    """A checked waiting edit in the shape writing.content_of gives (parts by client_id)."""
    return {**written, "parts": sorted(str(ref) for ref in written["parts"]),
            "occurred_at": to_the_minute(written["occurred_at"])}


# An edit made from an older version, waiting beside the check-in (ifs_pwa/versions.py).
CHECKIN["waiting"] = portable_waiting({
    **{name: CHECKIN[name] for name in
       ("mood", "energy", "note", "feelings", "self_qualities", "parts", "occurred_at")},
    "new_part": text(80)}, stored_edit)


def exported(checkin: CheckIn, parts: list[str], at: At) -> dict:
    return {
        "client_id": str(checkin.client_id), "occurred_at": at(checkin.occurred_at),
        "local_date": checkin.local_date.isoformat(), "mood": checkin.mood,
        "energy": checkin.energy, "self_qualities": checkin.self_qualities,
        "feelings": list(checkin.feelings or []), "note": checkin.note, "parts": parts,
        "created_at": at(checkin.created_at), "updated_at": at(checkin.updated_at),
        "waiting": exported_waiting(checkin, at),
    }
