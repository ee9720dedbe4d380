"""Each worker keeps the last rendering of a person's busiest pages until their data changes.

Today, history and insights are read far more often than anything is written, and rendering
them is most of their cost. Every write to a person's rows bumps `users.data_version` in the
same transaction (`bump_versions` for the unit of work, `bump_for_statement` for bulk, Core and
text() statements run through the session), and Flask-Login loads that row on every request
anyway, so a stored page is found again without a single extra query and is never served after
the data under it has changed, whichever worker made the change. That version is the one
staleness signal of every per-person cache: the insight sums (checkins/insight_cache.py) key on
it too, and both keep their entries in the one `LRU` below.

A statement run on a connection directly (`session.connection().execute`, `engine.begin()`)
bypasses the session's events and is not counted: the app's writes go through `db.session`.

What differs between two renderings of the same data is marked as volatile while the page is
rendered (the CSRF token, a fresh client_id, "now" in the check-in form) and made anew on
every hit. Pages carrying a one-time message (a flash, a "saved" confirmation) are never stored.
"""

from __future__ import annotations

import functools
import re
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from threading import Lock
from typing import Generic, NamedTuple, Protocol, TypeVar

from flask import (
    Flask,
    Response,
    current_app,
    g,
    has_app_context,
    has_request_context,
    make_response,
    request,
    session,
)
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import TextClause, event, update
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BinaryExpression, BindParameter, BooleanClauseList

from . import records
from .htmx import HX_HEADERS

# Session keys that a page consumes when it shows them; modules add theirs.
ONE_SHOT_KEYS: set[str] = {"_flashes"}
# The per-person caches of this worker, by their name in app.extensions (see `lru_for`).
REGISTRY = "befriend_person_caches"


class PersonKey(Protocol):
    """What every per-person cache key says: whose it is. Keys also carry the person's
    data_version, so a change to their data is never answered from what was kept before it."""

    @property
    def owner(self) -> int: ...


K = TypeVar("K", bound=PersonKey)
V = TypeVar("V")


class LRU(Generic[K, V]):
    """A small least-recently-used store for every per-person cache (pages, insight sums).

    Nothing is ever invalidated: a key holds the owner's data_version, a write moves it, and the
    old entry is simply never asked for again and ages out. `forget` drops a deleted person's
    entries at once."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[K, V] = OrderedDict()
        self.lock = Lock()

    def get(self, key: K) -> V | None:
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found

    def put(self, key: K, value: V) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()

    def forget(self, owner: int) -> None:
        """Drop every entry kept for one person: their account is gone, so is what it showed."""
        with self.lock:
            for key in [key for key in self.entries if key.owner == owner]:
                del self.entries[key]


def lru_for(app: Flask, name: str, size: int) -> LRU:
    """This worker's per-person cache called `name`, made on first use and forgotten with the
    rest when a person is deleted (`forget_person`)."""
    cache = app.extensions.get(name)
    if cache is None:
        cache = app.extensions.setdefault(name, LRU(size))
        app.extensions.setdefault(REGISTRY, set()).add(name)
    return cache


def forget_person(app: Flask, user_id: int) -> None:
    """This worker's pages and sums of a deleted person go at once (other workers' copies can
    never be reached again, since ids are never reused, and age out of their LRU)."""
    for name in app.extensions.get(REGISTRY, ()):
        app.extensions[name].forget(user_id)


class PageKey(NamedTuple):
    """Whose page, at which data version, for which local day and release of the static files."""

    endpoint: str | None
    path: str
    htmx: tuple[str | None, ...]
    owner: int
    created_at: datetime  # with owner: never another account's page, whatever its id
    version: int
    day: str
    static: str | None


def volatile(value: str, remake: Callable[[], str]) -> str:
    """Use `value` in this rendering; a stored copy of the page gets `remake()` instead."""
    pending = g.get("volatile_values") if has_app_context() else None
    if pending is not None:
        pending.append((value, remake))
    return value


def fresh_client_id() -> str:
    return str(uuid.uuid4())


def client_id_is_volatile(sender, value: str) -> None:
    """Every client_id a page hands out is made anew when a stored copy is served: two forms
    sharing one id would save as one record (records.py answers a repeat with the first)."""
    volatile(value, fresh_client_id)


def cache_for(app: Flask) -> LRU | None:
    size = app.config.get("PAGE_CACHE_SIZE", 0)
    if not size:
        return None
    return lru_for(app, "befriend_pages", size)


def page_key(day_key: str) -> PageKey | None:
    """The key a signed-in GET is stored under; None when it must not be stored."""
    if request.method != "GET" or any(key in session for key in ONE_SHOT_KEYS):
        return None
    user = current_user._get_current_object()
    return PageKey(
        endpoint=request.endpoint, path=request.full_path,
        htmx=tuple(request.headers.get(h) for h in HX_HEADERS),
        owner=user.id, created_at=user.created_at, version=user.data_version, day=day_key,
        static=current_app.config.get("STATIC_VERSION"),
    )


def cached_page(day_key: Callable[[], str]):
    """Decorator for a signed-in GET view whose page depends only on the person's data and day."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            cache = cache_for(current_app)
            if cache is None or not current_user.is_authenticated:
                return view(*args, **kwargs)
            key = page_key(day_key())
            if key is None:
                return view(*args, **kwargs)
            found = cache.get(key)
            if found is not None:
                return replay(found)
            g.volatile_values = [(generate_csrf(), generate_csrf)]
            response = make_response(view(*args, **kwargs))
            if response.status_code == 200 and not response.direct_passthrough:
                cache.put(key, stored(response, g.pop("volatile_values")))
            return response

        return wrapper

    return decorate


@dataclass(frozen=True)
class Stored:
    """A page cut at its volatile values: pieces[0], value, pieces[1], value, ... pieces[-1]."""

    pieces: tuple[bytes, ...]
    slots: tuple[int, ...]  # for each gap between pieces, which remake fills it
    remakes: tuple[Callable[[], str], ...]
    status: int
    headers: tuple[tuple[str, str], ...]


def stored(response: Response, values: list[tuple[str, Callable[[], str]]]) -> Stored:
    """The response cut at every occurrence of each volatile value, ready to be filled anew."""
    body = response.get_data(as_text=True)
    index = {value: number for number, (value, _) in reversed(list(enumerate(values)))}
    pattern = "|".join(re.escape(value) for value in sorted(index, key=len, reverse=True))
    parts = re.split(f"({pattern})", body) if pattern else [body]
    headers = tuple((k, v) for k, v in response.headers.items()
                    if k.lower() not in ("set-cookie", "content-length"))
    return Stored(
        pieces=tuple(part.encode() for part in parts[0::2]),
        slots=tuple(index[value] for value in parts[1::2]),
        remakes=tuple(remake for _, remake in values),
        status=response.status_code, headers=headers,
    )


def replay(page: Stored) -> Response:
    """The stored page with fresh volatile values: one value per kind, wherever it appears."""
    fresh = [remake().encode() for remake in page.remakes]
    body = [page.pieces[0]]
    for slot, piece in zip(page.slots, page.pieces[1:], strict=True):
        body += (fresh[slot], piece)
    return Response(b"".join(body), status=page.status, headers=page.headers)


def changed_owners(session: Session) -> set[int]:
    """The people whose rows this flush adds, changes or removes (their own row included)."""
    from .auth.models import User

    owners = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, User):
            if obj.id is not None and obj not in session.new and session.is_modified(obj):
                owners.add(obj.id)
        elif isinstance(getattr(obj, "user_id", None), int):
            owners.add(obj.user_id)
    return owners


def bump(session: Session, owners: set[int] | None) -> None:
    """Move the owners' versions (everyone's for None) in the session's own transaction."""
    from .auth.models import User

    statement = update(User).values(data_version=User.data_version + 1)
    if owners is not None:
        # Nearly always one person: a plain equality skips the expanding IN parameter's work.
        statement = statement.where(
            User.id == next(iter(owners)) if len(owners) == 1 else User.id.in_(sorted(owners)))
    # On the connection, not session.execute: this write must not be counted as another one.
    session.connection().execute(statement.execution_options(synchronize_session=False))


def bump_versions(session: Session, flush_context, instances) -> None:
    """Any write to a person's data through the unit of work moves their version in the same
    transaction: the flush knows exactly whose rows it writes."""
    owners = changed_owners(session)
    if owners:
        bump(session, owners)


# Raw SQL counts as a write when it says one of these anywhere (a CTE may hide a DELETE in a
# SELECT); a false alarm ("FOR UPDATE") only costs a re-rendering, a miss would be stale pages.
TEXT_WRITE = re.compile(r"\b(insert|update|delete|merge|truncate)\b|^\s*replace\b",
                        re.IGNORECASE)


def personal_tables() -> frozenset[str]:
    """Tables holding a person's data: users, every table with a user_id, and the tables whose
    rows hang off those by a foreign key (checkin_parts carries no user_id)."""
    from .extensions import db

    tables = db.metadata.sorted_tables  # parents sort before children
    found = PERSONAL.get(len(tables))
    if found is None:
        names = {"users"} | {t.name for t in tables if "user_id" in t.c}
        for table in tables:
            if any(fk.column.table.name in names for fk in table.foreign_keys):
                names.add(table.name)
        found = PERSONAL[len(tables)] = frozenset(names)
    return found


PERSONAL: dict[int, frozenset[str]] = {}  # by how many tables the metadata holds


def is_personal_write(state: ORMExecuteState) -> bool:
    statement = state.statement
    if isinstance(statement, TextClause):
        return TEXT_WRITE.search(statement.text) is not None  # whose rows is unknown: count it
    if not (state.is_insert or state.is_update or state.is_delete):
        return False
    return getattr(statement.table, "name", None) in personal_tables()


def named_owners(state: ORMExecuteState) -> set[int] | None:
    """The people a Core or bulk statement names as the owners of every row it writes: the
    user_id of each inserted row, or a `user_id =` / `IN` (users: `id`) that the WHERE
    requires; None when it doesn't say."""
    statement = state.statement
    if isinstance(statement, TextClause):
        return None
    column = "id" if statement.table.name == "users" else "user_id"
    if state.is_insert:
        rows = state.parameters
        rows = [rows] if isinstance(rows, dict) else list(rows or ())
        values = {row.get(column) for row in rows if isinstance(row, dict)}
        return values if values and all(isinstance(v, int) for v in values) else None
    where = statement.whereclause
    conjuncts = (where.clauses if isinstance(where, BooleanClauseList)
                 and where.operator is operators.and_ else [where])
    for clause in conjuncts:
        if not (isinstance(clause, BinaryExpression) and getattr(clause.left, "name", None)
                == column and getattr(clause.left, "table", None) is not None
                and clause.left.table.name == statement.table.name
                and isinstance(clause.right, BindParameter)):
            continue
        value = clause.right.effective_value
        if clause.right.key in (state.parameters or {}):
            value = state.parameters[clause.right.key]
        values = (set(value) if clause.operator is operators.in_op and value is not None
                  else {value} if clause.operator is operators.eq else set())
        if values and all(isinstance(v, int) for v in values):
            return values
    return None


def bump_for_statement(state: ORMExecuteState) -> None:
    """A bulk, Core or text() write through the session skips the flush, so it is counted here:
    as a change for the people it names, else for the signed-in person (people only ever write
    their own rows, `records.owned`), else (a script, no request) for everyone. Once per
    person and transaction is enough: the new version and the new rows commit together."""
    if not is_personal_write(state):
        return
    owners = named_owners(state)
    if owners is None and has_request_context() and current_user.is_authenticated:
        owners = {current_user.id}
    session = state.session
    transaction = session.get_nested_transaction() or session.get_transaction()
    seen = session.info.get("befriend_bumped")
    if seen is None or seen[0] is not transaction:
        seen = session.info["befriend_bumped"] = (transaction, set())
    if None in seen[1] or (owners is not None and owners <= seen[1]):
        return
    bump(session, owners)
    seen[1].update(owners if owners is not None else {None})


def init_app(app: Flask) -> None:
    cache_for(app)
    for name, listener in (("before_flush", bump_versions),
                           ("do_orm_execute", bump_for_statement)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
    records.client_id_made.connect(client_id_is_volatile)
