"""Insights add up years of check-ins, so each worker keeps the sums per person until their data
(or the date) changes. The key is the page cache's one staleness signal, `users.data_version`,
which every write to a person's rows moves (pagecache.py): a page costs no query at all to find
out whether the sums it kept are still right.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from flask import current_app
from sqlalchemy.orm import Session

from ..pagecache import lru_for
from . import queries
from .insights import PartDays, Period, QualityStats

MAX_ENTRIES = 1024  # a bounded memory cost per worker; the least recently seen go first


@dataclass(frozen=True)
class Numbers:
    periods: list[Period]
    qualities: list[QualityStats]
    parts: list[PartDays]
    total_days: int
    total_mood: float


class InsightKey(NamedTuple):
    owner: int
    created_at: datetime  # with owner: never another account's sums, whatever its id
    version: int
    day: date


def numbers(session: Session, user, today: date) -> Numbers:
    """The sums behind the insights page, computed again only when the person's data_version
    (read with their row when the request began, so before any sum below) or the day moves."""
    cache = lru_for(current_app, "befriend_insights", MAX_ENTRIES)
    key = InsightKey(owner=user.id, created_at=user.created_at, version=user.data_version,
                     day=today)
    found = cache.get(key)
    if found is None:
        periods, qualities = queries.summary(session, user.id, today)
        parts, total_days, total_mood = queries.part_days(session, user.id)
        found = Numbers(periods, qualities, parts, total_days, total_mood)
        cache.put(key, found)
    return found
