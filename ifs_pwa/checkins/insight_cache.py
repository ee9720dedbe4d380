"""Insights add up years of check-ins, so each worker keeps the sums per person until their data
(or the date) changes: a page then costs one small fingerprint query instead of two full scans.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from threading import Lock

from flask import Flask, current_app
from sqlalchemy.orm import Session

from . import queries
from .insights import PartDays, Period, QualityStats

MAX_PEOPLE = 1024  # a bounded memory cost per worker; the least recently seen go first


@dataclass(frozen=True)
class Numbers:
    periods: list[Period]
    qualities: list[QualityStats]
    parts: list[PartDays]
    total_days: int
    total_mood: float


class Cache:
    def __init__(self, size: int = MAX_PEOPLE) -> None:
        self.size = size
        self.entries: OrderedDict[int, tuple[tuple, Numbers]] = OrderedDict()
        self.lock = Lock()

    def get(self, user_id: int, key: tuple) -> Numbers | None:
        with self.lock:
            entry = self.entries.get(user_id)
            if entry is None or entry[0] != key:
                return None
            self.entries.move_to_end(user_id)
            return entry[1]

    def forget(self, user_id: int) -> None:
        with self.lock:
            self.entries.pop(user_id, None)

    def put(self, user_id: int, key: tuple, numbers: Numbers) -> None:
        with self.lock:
            self.entries[user_id] = (key, numbers)
            self.entries.move_to_end(user_id)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


def forget_person(app: Flask, user_id: int) -> None:
    """A deleted person's sums leave this worker's memory with their account."""
    cache = app.extensions.get("befriend_insights")
    if cache is not None:
        cache.forget(user_id)


def numbers(session: Session, user_id: int, today: date) -> Numbers:
    """The sums behind the insights page, computed again only when the fingerprint moves."""
    cache = current_app.extensions.setdefault("befriend_insights", Cache())
    # Read the fingerprint first: sums computed afterwards are never older than their key.
    key = (today, *queries.fingerprint(session, user_id))
    found = cache.get(user_id, key)
    if found is None:
        periods, qualities = queries.summary(session, user_id, today)
        parts, total_days, total_mood = queries.part_days(session, user_id)
        found = Numbers(periods, qualities, parts, total_days, total_mood)
        cache.put(user_id, key, found)
    return found
