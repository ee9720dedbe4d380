"""Reminders in the export file: the settings, and each device by its push service's host.

An endpoint is a capability (anyone holding it, with the keys, can push to that browser), so
the file names only the host, enough to recognise "my phone's Chrome". Nothing here is restored
on import: a subscription belongs to one browser and is made again there by a tap.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..shapes import At
from .forms import DAY_NAMES
from .models import PushSubscription, ReminderSettings


def hhmm(moment) -> str | None:
    return moment.strftime("%H:%M") if moment is not None else None


def exported(settings: ReminderSettings | None, devices: list[PushSubscription],
             at: At) -> dict | None:
    if settings is None and not devices:
        return None
    return {
        "enabled": bool(settings and settings.enabled),
        "remind_at": hhmm(settings.remind_at) if settings else None,
        "days": [name for n, name in enumerate(DAY_NAMES) if settings and settings.on(n)],
        "skip_if_checked_in": bool(settings and settings.skip_if_checked_in),
        "evening_at": hhmm(settings.evening_at) if settings else None,
        "devices": [{"host": urlsplit(d.endpoint).hostname, "added_at": at(d.created_at)}
                    for d in devices],
    }
