"""The check-in form's datetime-local field: the person's wall-clock time, minute by minute.

Zones, "today" and moving moments between clocks live in `ifs_pwa/clock.py`.
"""

from __future__ import annotations

from datetime import datetime

from ..clock import to_local

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def local_input_value(moment: datetime, tz_name: str | None) -> str:
    """The value a datetime-local input shows for this moment."""
    return to_local(moment, tz_name).strftime(LOCAL_FORMAT)
