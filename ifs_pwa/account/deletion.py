"""Deleting a whole account: every row of the person, in one transaction, on any database.

Foreign keys cascade on PostgreSQL and on SQLite (foreign_keys pragma), but deletion does not
rely on that alone: every table with a user_id is emptied of the person's rows explicitly, and
association rows (which carry no user_id) go first. Tables are walked from the metadata, so a
new domain's table is covered the day it is added (tests/web/test_delete_account.py checks).
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from .. import pagecache
from ..auth.models import User
from ..checkins.models import CheckIn, checkin_parts
from ..extensions import db
from ..parts.models import Part

# Tables that belong to a person without a user_id column, and how to find their rows.
ASSOCIATION_TABLES = ("checkin_parts",)


def delete_account(session: Session, user_id: int) -> None:
    """Remove the person and everything they wrote; the caller commits."""
    session.execute(delete(checkin_parts).where(or_(
        checkin_parts.c.checkin_id.in_(select(CheckIn.id).where(CheckIn.user_id == user_id)),
        checkin_parts.c.part_id.in_(select(Part.id).where(Part.user_id == user_id)),
    )))
    for table in reversed(db.metadata.sorted_tables):
        if "user_id" in table.c:
            session.execute(delete(table).where(table.c.user_id == user_id))
    session.execute(delete(User).where(User.id == user_id))
    session.expunge_all()


def forget_in_memory(app: Flask, user_id: int) -> None:
    """Pages and insight sums this worker rendered for the person leave its memory too."""
    pagecache.forget_person(app, user_id)


def username_matches(user: User, typed: str) -> bool:
    """The confirmation is the person's username, whatever the case they type it in."""
    return (typed or "").strip().casefold() == user.username_key
