"""Whom each answer was drawn for, told to the phone so that no kept page crosses people.

The service worker keeps pages on the phone for offline use, but it cannot see cookies or ask
who is signed in while offline. So every answer names its owner in `X-Befriend-User` (a user id,
"" for a visitor), and the same fact is mirrored into a small cookie the worker and the pages
can read (`befriend_owner`, not HttpOnly). The cookie goes wherever the session goes: set at
sign-in, removed by the first answer that finds nobody signed in (a logout, a session ended on
another device, an expired cookie) and gone when the browser's cookies are cleared. The worker
compares both with the owner of what it keeps, and forgets that person's pages at the first
difference. The server never trusts the cookie for anything: it only mirrors what the session
already says.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Response, current_app, g, request, session
from sqlalchemy.exc import SQLAlchemyError

from ..auth.session_csrf import remember_cookie, someone_may_be_signed_in

HEADER = "X-Befriend-User"
COOKIE = "befriend_owner"


def owner() -> str | None:
    """The id of the person this request was answered for, "" for nobody, or None when the
    answer cannot say (the database failed, so the page was drawn signed out while the person
    may well still be signed in: saying "nobody" then would make the phone forget their pages).
    Never loads anyone: only what this request already asked is reported."""
    if g.get("database_failed"):
        return None
    if "_login_user" in g:  # Flask-Login's per-request user, once anything asked for it
        user = g._login_user
        try:
            return str(user.id) if user.is_authenticated else ""
        except SQLAlchemyError:
            return None
    if someone_may_be_signed_in():
        return None  # someone may be signed in, but nothing in this request asked
    return ""


def remembered() -> bool:
    """Whether this sign-in outlives the browser session (the remember cookie is, or is about to
    be, set): the mirror then lasts as long, so a phone restarted offline still knows its owner."""
    return session.get("_remember") == "set" or remember_cookie() in request.cookies


def mirror(response: Response, who: str) -> None:
    """Keep the owner cookie equal to who this answer was for (written only when it differs)."""
    config = current_app.config
    has = request.cookies.get(COOKIE)
    if who and has != who:
        duration = config.get("REMEMBER_COOKIE_DURATION")
        if isinstance(duration, timedelta):
            duration = int(duration.total_seconds())
        response.set_cookie(COOKIE, who, max_age=duration if remembered() else None, path="/",
                            secure=config.get("SESSION_COOKIE_SECURE", False), httponly=False,
                            samesite="Lax")
    elif not who and has is not None:
        response.delete_cookie(COOKIE, path="/", secure=config.get("SESSION_COOKIE_SECURE", False),
                               httponly=False, samesite="Lax")


def tell_owner(response: Response) -> Response:
    """Name the owner of every answer but static files and server failures (a 5xx is drawn as
    nobody on purpose, and must not read as a sign-out)."""
    if request.endpoint == "static" or response.status_code >= 500:
        return response
    who = owner()
    if who is None:
        return response
    response.headers[HEADER] = who
    mirror(response, who)
    return response
