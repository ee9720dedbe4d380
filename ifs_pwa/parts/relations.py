"""Rules for relationships between parts, kept free of Flask so they are easy to test."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .models import RELATION_KINDS, SYMMETRIC_KINDS, Part, PartRelation


def canonical(from_id: int, to_id: int, kind: str) -> tuple[int, int, str]:
    """A two-way relation is stored once, smaller part id first, so "A allied with B" and
    "B allied with A" are the same row and the unique constraint can see the repeat."""
    if kind in SYMMETRIC_KINDS and from_id > to_id:
        return to_id, from_id, kind
    return from_id, to_id, kind


def add_relation(session: Session, user_id: int, from_id: int, to_id: int,
                 kind: str) -> tuple[PartRelation, bool]:
    """Store a relation, or answer with the one already there; returns (row, created).

    Two requests (a double tap, or each part's page at once) may both pass the check for an
    existing relation; the unique constraint decides, and the loser gets the winner's row.
    """
    from_id, to_id, kind = canonical(from_id, to_id, kind)
    relation = PartRelation(user_id=user_id, from_part_id=from_id, to_part_id=to_id, kind=kind)
    try:
        with session.begin_nested():
            session.add(relation)
    except IntegrityError:
        existing = session.scalar(select(PartRelation).where(
            PartRelation.from_part_id == from_id, PartRelation.to_part_id == to_id,
            PartRelation.kind == kind, PartRelation.user_id == user_id))
        if existing is None:
            raise
        return existing, False
    return relation, True


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


def related_pairs(session: Session, user_id: int, kind: str) -> list[tuple[Part, Part]]:
    """The person's pairs of active parts related this way, oldest noted first: a practice for
    two parts (practices' pair practices) offers the ones the person has already recorded."""
    rows = session.scalars(select(PartRelation).where(
        PartRelation.user_id == user_id, PartRelation.kind == kind)
        .order_by(PartRelation.created_at, PartRelation.id))
    pairs = []
    for relation in rows:
        one = session.get(Part, relation.from_part_id)
        two = session.get(Part, relation.to_part_id)
        if one and two and not one.archived and not two.archived and one.user_id == user_id \
                and two.user_id == user_id:
            pairs.append((one, two))
    return pairs
