"""Input no database can store is refused up front, before any view sees it.

PostgreSQL text cannot hold a NUL (0x00) character: a note or a username carrying one raised
DataError deep inside the view, a 500. No keyboard types it, so a request with one is broken
or hostile; it gets the calm 400 page, and SQLite and PostgreSQL answer alike.
"""

from __future__ import annotations

from itertools import chain

from flask import Flask, request

from .errors import render_error

UNREADABLE = "We couldn't read what was sent. Please go back, check the text and try again."


def has_nul(fields) -> bool:
    """Every value of every field, repeated fields included."""
    return any("\x00" in value for value in chain.from_iterable(fields.listvalues()))


def refuse_nul_bytes():
    """Runs after the CSRF check, so a forged request still answers as forged."""
    if has_nul(request.args) or (request.method != "GET" and has_nul(request.form)):
        return render_error(400, UNREADABLE)
    return None


def init_app(app: Flask) -> None:
    app.before_request(refuse_nul_bytes)
