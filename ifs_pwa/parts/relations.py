"""Rules for relationships between parts, kept free of Flask so they are easy to test."""

from __future__ import annotations

from collections.abc import Iterable

from .models import RELATION_KINDS, SYMMETRIC_KINDS


def same_relation(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    """Two relations are the same if they match, or mirror each other for two-way kinds."""
    if a[2] != b[2]:
        return False
    if a[:2] == b[:2]:
        return True
    return a[2] in SYMMETRIC_KINDS and (a[0], a[1]) == (b[1], b[0])


def relation_problem(
    from_id: int, to_id: int | None, kind: str, own_ids: set[int],
    existing: Iterable[tuple[int, int, str]],
) -> str | None:
    """Why this relationship can't be added (a message for the person), or None if it can."""
    if kind not in RELATION_KINDS:
        return "Please choose how these parts relate."
    if to_id is None or to_id not in own_ids or from_id not in own_ids:
        return "Please choose one of your own parts."
    if to_id == from_id:
        return "A part can't have a relationship with itself here; please choose another part."
    if any(same_relation((from_id, to_id, kind), other) for other in existing):
        return "You have already noted this relationship."
    return None


def parse_part_id(raw: str | None) -> int | None:
    """A part id from a form, or None when it isn't a whole number."""
    try:
        return int(str(raw).strip())
    except (TypeError, ValueError):
        return None
