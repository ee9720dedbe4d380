"""No silent overwrite for records that are replaced as a whole by an edit form: the safety
plan, a check-in, a part.

Each such record counts its versions (`Versioned.version`) and every edit form carries the
version it was opened from (`base_version`). An edit made from an older version (queued
offline, or open on a second device) is not written over the newer record: it is kept beside
it (`waiting`, encrypted like the record's own texts, so a reload or another device finds it)
until the person keeps one, keeps the other, or combines them. The domains say what their
record's content is (a plain dict) and how to write it; this module only decides.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from sqlalchemy.orm import Mapped, mapped_column
from wtforms import HiddenField

from .crypto import EncryptedJSON
from .shapes import Problem, check_record, moment

# The version a saved edit left the record at, told to the phone: a later edit it queued on top
# of that one (the same base version, the same phone) is moved on to it (static/js/outbox.js).
VERSION_HEADER = "X-Befriend-Version"


class Saved(enum.Enum):
    CREATED = "created"
    UPDATED = "updated"
    # The edit said nothing new: no new version, so no other open form goes out of date.
    UNCHANGED = "unchanged"
    # Edited from an older version than the record now is, and different from it: kept beside
    # the record (`waiting`) for the person to choose, never written over it.
    KEPT_BESIDE = "kept beside"


class Versioned:
    """Mixin: the record's version and the edit waiting beside it, if any.

    `waiting` is {WAITING_KEY: the edit's content, "made_at": ISO time, ...what the domain
    adds}; the safety plan names its content "plan" (files exported before this mixin say so).
    """

    WAITING_KEY: ClassVar[str] = "written"
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    waiting: Mapped[dict | None] = mapped_column(EncryptedJSON, nullable=True)

    @property
    def waiting_written(self) -> dict | None:
        """The content of the edit waiting beside the record, in the domain's own shape."""
        return self.waiting[self.WAITING_KEY] if self.waiting else None

    @property
    def waiting_made_at(self) -> datetime | None:
        """When the edit waiting beside the record was made (on the phone, if it said)."""
        return datetime.fromisoformat(self.waiting["made_at"]) if self.waiting else None


class VersionFields:
    """Form mixin: the version an edit was opened from, and whether it settles the waiting
    edit (the person combined the two). Hidden; a missing or unreadable version counts as
    unknown, which is treated as old."""

    base_version = HiddenField()
    resolves = HiddenField()


def version_number(raw) -> int | None:
    """The base_version a form sent, or None when it is missing or not a version number."""
    text = str(raw or "").strip()
    return int(text) if text.isdecimal() and len(text) < 10 else None


def open_form(form, record: Versioned, combine: bool = False):
    """Mark an edit form as opened from the record's current version; `combine`: it is filled
    from the waiting edit, so saving it settles that edit."""
    form.base_version.data = str(record.version)
    form.resolves.data = "1" if combine and record.waiting else ""
    return form


def bump(record: Versioned) -> None:
    record.version = (record.version or 0) + 1


def keep_beside(record: Versioned, written: dict, made_at: datetime, **extra) -> None:
    record.waiting = {record.WAITING_KEY: written, **extra, "made_at": made_at.isoformat()}


def edit(record: Versioned, written: dict, now: dict, base_version: int | None,
         made_at: datetime, resolves: bool, write: Callable[[dict], None], **extra) -> Saved:
    """Decide an edit of an existing record: `written` is what the edit says, `now` the
    record's content in the same shape; `write` writes `written` onto the record.

    The same content as now changes nothing (UNCHANGED). From the current version it is
    written as the next version. From an older (or unknown) version it is kept beside the
    record, replacing an earlier waiting edit only in the sense that the newest arrival is
    the one to choose (`extra` is kept with it). An edit that `resolves` the waiting one,
    made from the current version, clears it. Callers lock the row while this decides.
    """
    current = base_version == record.version
    if written == now:
        result = Saved.UNCHANGED
    elif not current:
        keep_beside(record, written, made_at, **extra)
        return Saved.KEPT_BESIDE
    else:
        write(written)
        bump(record)
        result = Saved.UPDATED
    if resolves and current:
        record.waiting = None
    return result


def choose(record: Versioned, keep: str, write: Callable[[dict], None]) -> bool:
    """The person chose between the record ("record") and the edit waiting beside it
    ("waiting"). False when `keep` is neither (nothing changes)."""
    if keep not in ("record", "waiting"):
        return False
    if keep == "waiting" and record.waiting:
        write(record.waiting_written)
        bump(record)
    record.waiting = None
    return True


def portable_waiting(fields: dict, stored: Callable[[dict], dict]):
    """The import check for a record's `waiting` edit, so an export carries everything the
    person has not yet decided on: null, or {"written": the edit's content checked with the
    record's own `fields` checks, "made_at": time}. `stored` turns the checked content back
    into the JSON shape the record keeps (ids and times as text)."""
    def check(value):
        if value is None:
            return None
        if not isinstance(value, dict):
            raise Problem("should be an object with the edit's “written” and “made_at”")
        kept = check_record(value, {"written": lambda w: check_record(w, fields),
                                    "made_at": moment()})
        return {Versioned.WAITING_KEY: stored(kept["written"]),
                "made_at": kept["made_at"].isoformat()}
    return check


def exported_waiting(record: Versioned, at) -> dict | None:
    """The edit waiting beside a record, as the export writes it (see portable_waiting)."""
    if not record.waiting:
        return None
    return {"written": record.waiting_written, "made_at": at(record.waiting_made_at)}
