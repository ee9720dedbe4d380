"""Each worker keeps the last rendering of a person's busiest pages until their data changes.

Today, history and insights are read far more often than anything is written, and rendering
them is most of their cost. Every write to a person's rows bumps `users.data_version` in the
same transaction (see `bump_versions`), and Flask-Login loads that row on every request anyway,
so a stored page is found again without a single extra query and is never served after the
data under it has changed, whichever worker made the change.

What differs between two renderings of the same data is marked as volatile while the page is
rendered (the CSRF token, a fresh client_id, "now" in the check-in form) and made anew on
every hit. Pages carrying a one-time message (a flash, a "saved" confirmation) are never stored.
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from threading import Lock

from flask import (
    Flask,
    Response,
    current_app,
    g,
    has_request_context,
    make_response,
    request,
    session,
)
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import event, update
from sqlalchemy.orm import Session

from .htmx import HX_HEADERS

# Session keys that a page consumes when it shows them; modules add theirs.
ONE_SHOT_KEYS: set[str] = {"_flashes"}
# Where page_key() puts the person's id.
OWNER = 3


class PageCache:
    """A small LRU of rendered pages; the key says whose, which data version and which day."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[tuple, Stored] = OrderedDict()
        self.lock = Lock()

    def get(self, key: tuple):
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()

    def forget(self, user_id: int) -> None:
        """Drop every page stored for one person: their account is gone, so is what it showed."""
        with self.lock:
            for key in [key for key in self.entries if key[OWNER] == user_id]:
                del self.entries[key]

    def put(self, key: tuple, value) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


def volatile(value: str, remake: Callable[[], str]) -> str:
    """Use `value` in this rendering; a stored copy of the page gets `remake()` instead."""
    pending = g.get("volatile_values")
    if pending is not None:
        pending.append((value, remake))
    return value


def cache_for(app: Flask) -> PageCache | None:
    size = app.config.get("PAGE_CACHE_SIZE", 0)
    if not size:
        return None
    return app.extensions.setdefault("befriend_pages", PageCache(size))


def forget_person(app: Flask, user_id: int) -> None:
    """This worker's stored pages of a deleted person go at once (other workers' copies can
    never be reached again, since ids are never reused, and age out of their LRU)."""
    cache = app.extensions.get("befriend_pages")
    if cache is not None:
        cache.forget(user_id)


def page_key(day_key: str) -> tuple | None:
    """Whose page, at which data version, for which local day and release of the static files;
    None when it must not be stored."""
    if request.method != "GET" or any(key in session for key in ONE_SHOT_KEYS):
        return None
    user = current_user._get_current_object()
    return (  # user.id sits at OWNER: forget() finds a person's pages by it
        request.endpoint, request.full_path, tuple(request.headers.get(h) for h in HX_HEADERS),
        user.id, user.created_at, user.data_version, day_key,
        current_app.config.get("STATIC_VERSION"),
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


def bump_versions(session: Session, flush_context, instances) -> None:
    """Any write to a person's data moves their version in the same transaction."""
    from .auth.models import User

    owners = changed_owners(session)
    if owners:
        # Nearly always one person: a plain equality skips the expanding IN parameter's work.
        who = User.id == next(iter(owners)) if len(owners) == 1 else User.id.in_(sorted(owners))
        session.connection().execute(
            update(User).where(who).values(data_version=User.data_version + 1)
            .execution_options(synchronize_session=False)
        )


def bump_after_bulk(state) -> None:
    """A bulk UPDATE or DELETE skips the flush: count it as a change by the signed-in person."""
    from .auth.models import User

    if not (state.is_update or state.is_delete) or not has_request_context():
        return
    mapper = state.bind_arguments.get("mapper")
    if mapper is None or mapper.class_ is User or not current_user.is_authenticated:
        return
    state.session.connection().execute(
        update(User).where(User.id == current_user.id)
        .values(data_version=User.data_version + 1)
        .execution_options(synchronize_session=False)
    )


def init_app(app: Flask) -> None:
    cache_for(app)
    for name, listener in (("before_flush", bump_versions), ("do_orm_execute", bump_after_bulk)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
