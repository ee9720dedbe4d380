"""What every personal record shares: an owner, and a client_id and a time made on the phone.

The phone makes the client_id before it sends anything, so a request replayed from the offline
outbox (or sent twice by a shaky connection) finds the row it already created instead of adding
a second one. It stamps the moment the person pressed save (`made_at`) the same way, so an entry
replayed the next morning still counts for the evening it was made. Every query for a person's
data goes through `owned` so nobody sees another's rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import TypeVar

from blinker import Namespace
from flask import abort
from flask_login import current_user
from sqlalchemy import ForeignKey, Uuid, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, scoped_session
from sqlalchemy.orm.util import identity_key
from wtforms import HiddenField, ValidationError

from .auth.models import User
from .clock import phone_time
from .extensions import db, login_manager

T = TypeVar("T")
# Ids are 32-bit integer columns; a bigger number in a URL can't name a row, and handing it to
# the database fails (PostgreSQL: integer out of range; SQLite: above 2**63, an OverflowError).
MAX_ID = 2**31 - 1
# Sent with every client_id made for a page; the page cache (pagecache.py) listens, so a stored
# copy of the page gets a fresh one, without this module knowing that pages are stored.
client_id_made = Namespace().signal("client-id-made")


class Owned:
    """Mixin: the row belongs to one person and goes when their account goes."""

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class ClientCreated(Owned):
    """Mixin for rows created from the phone; add UniqueConstraint("user_id", "client_id")."""

    client_id: Mapped[uuid.UUID] = mapped_column(Uuid)


def new_client_id() -> str:
    """For forms rendered by the server (no JavaScript): the id travels with the form."""
    value = str(uuid.uuid4())
    client_id_made.send(value=value)
    return value


def parse_client_id(raw: str | None) -> uuid.UUID | None:
    """Accept only a well-formed UUID; anything else is bad input (None)."""
    try:
        return uuid.UUID(str(raw).strip()) if raw else None
    except ValueError:
        return None


# The one thing a person is told when a form's client_id is missing or damaged (an old cached
# page, a hand-made request). The form comes back with everything typed and a fresh id, so
# saving again simply works.
CLIENT_ID_PROBLEM = ("This form lost its label on the way; please save it again. Everything "
                     "you wrote is still here.")


def read_client_id(raw: str | None) -> tuple[uuid.UUID | None, str | None]:
    """For views that read their form by hand: (the id, None), or (None, CLIENT_ID_PROBLEM)."""
    client_id = parse_client_id(raw)
    return (client_id, None) if client_id is not None else (None, CLIENT_ID_PROBLEM)


class ClientIdField(HiddenField):
    """The client_id of every form that creates a record, checked one way with one message.

    A damaged id is replaced by a fresh one as the error is raised, so the form shown again
    saves next time. `blank_is_new` is for forms that may come without one at all (a part
    named on a page that predates ids): a missing id is then simply made here.
    """

    def __init__(self, *args, blank_is_new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.blank_is_new = blank_is_new

    def pre_validate(self, form) -> None:
        if not self.data and self.blank_is_new:
            self.data = str(uuid.uuid4())
        if parse_client_id(self.data) is None:
            self.data = str(uuid.uuid4())
            raise ValidationError(CLIENT_ID_PROBLEM)

    @property
    def uuid(self) -> uuid.UUID | None:
        return parse_client_id(self.data)


# The hidden field every form made on the phone carries (the `made_at_input` macro of
# _partials/forms.html draws it empty; outbox-ui.js fills it as the person presses save).
MADE_AT = "made_at"


def made_at(formdata: Mapping[str, str], tz_name: str | None) -> datetime:
    """When the person made what this form sends, in UTC: the phone's stamp within the bounds
    of `clock.phone_time`, else now (a form posted without JavaScript is sent as it is made)."""
    return phone_time(formdata.get(MADE_AT), tz_name)


def find_by_client_id(session: Session, model: type[T], user_id: int, client_id) -> T | None:
    return session.scalar(
        select(model).where(model.user_id == user_id, model.client_id == client_id)
    )


def insert_once(session: Session, record: T) -> tuple[T, bool]:
    """Insert a client-created record unless it exists; returns (row, created).

    Two copies of the same request may race; the unique constraint decides, and the loser
    answers with the winner's row instead of an error. The savepoint keeps whatever else the
    caller's transaction holds; a caller with nothing else to keep can use `save_once`.
    """
    existing = find_by_client_id(session, type(record), record.user_id, record.client_id)
    if existing is not None:
        return existing, False
    try:
        with session.begin_nested():
            session.add(record)
    except IntegrityError as error:
        return repeated(session, record, error), False
    return record, True


def save_once(session: Session, record: T) -> tuple[T, bool]:
    """Insert and commit a client-created record, or answer with the row it repeats.

    For the busiest write (a check-in) the usual case is a new client_id, so it costs only the
    INSERT: no look-up first and no savepoint. A repeat, or the loser of a race, trips the unique
    constraint; the whole transaction (it holds nothing but this record and what hangs off it,
    such as a part named on the spot) is rolled back and the existing row is returned.
    """
    session.add(record)
    try:
        commit_keeping_state(session)
    except IntegrityError as error:
        session.rollback()
        return repeated(session, record, error), False
    return record, True


def repeated(session: Session, record: T, error: IntegrityError) -> T:
    """After a unique-constraint error: the row `record` repeats. When there is none, the error
    was about something else, and it is raised again as it was."""
    existing = find_by_client_id(session, type(record), record.user_id, record.client_id)
    if existing is None:
        answer_signed_out_if_owner_gone(session, record.user_id)
        raise error
    return existing


def answer_signed_out_if_owner_gone(session: Session, user_id: int) -> None:
    """The account was deleted (from another tab or phone) while this request was on its way:
    the row's foreign key points at nobody. Answer as to anyone signed out, not with a 500."""
    if session.scalar(select(User.id).where(User.id == user_id)) is None:
        session.rollback()
        abort(login_manager.unauthorized())


def commit_keeping_state(session: Session) -> None:
    """Commit without expiring what was loaded: the answer is drawn from the rows just written,
    and reading them back would cost a round trip (and a decryption) per table for nothing."""
    current = session() if isinstance(session, scoped_session) else session
    keep = current.expire_on_commit
    current.expire_on_commit = False
    try:
        current.commit()
    finally:
        current.expire_on_commit = keep


def owned_or_404(model: type[T], record_id: int, *options) -> T:
    """Fetch one of the current person's rows; someone else's answers 404, never 403.

    The one ownership check every view uses. `options` are loader options (say, a check-in's
    parts loaded with it). A row this request already loaded (a page that read the person's
    whole list first) is taken from the session instead of being asked for again.
    """
    if not 0 < record_id <= MAX_ID:
        abort(404)
    record = db.session.identity_map.get(identity_key(model, record_id))
    if record is None:
        record = db.session.scalar(
            select(model).where(model.id == record_id, model.user_id == current_user.id)
            .options(*options)
        )
    if record is None or record.user_id != current_user.id:
        abort(404)
    return record


def owned(model: type[T]):
    """A select of the current person's rows of `model`, for views to refine."""
    return select(model).where(model.user_id == current_user.id)
