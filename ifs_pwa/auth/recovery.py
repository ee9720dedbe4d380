"""Recovery codes: a way back in without giving us an email address.

A code is shown once (at sign-up, after regenerating, after using one) and only its Argon2 hash
is kept, like a password. Using it resets the password, ends every other session and replaces
the code, so each code works once.
"""

from __future__ import annotations

import secrets

from flask import Response, make_response, session
from sqlalchemy.orm import Session

from .accounts import change_password, find_user
from .models import User
from .passwords import hash_password, verify_password

# No 0/O, 1/I/L: a code copied by hand from paper must read back the same.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
GROUPS, GROUP_LENGTH = 4, 5  # 20 symbols from 31: about 99 bits
SHOW_ONCE_KEY = "recovery_code_to_show"


def normalise(code: str) -> str:
    """Forgive case, spaces and dashes in what the person types."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def new_code() -> str:
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    return "-".join(symbols[i:i + GROUP_LENGTH] for i in range(0, len(symbols), GROUP_LENGTH))


def issue(user: User) -> str:
    """Give the person a fresh code (the old one stops working); returns it in clear, once."""
    code = new_code()
    user.recovery_hash = hash_password(normalise(code))
    return code


def recover(db_session: Session, username: str, code: str,
            new_password: str) -> tuple[User, str] | None:
    """Reset the password when the code matches; returns (user, replacement code), else None.

    Unknown names cost as much time as known ones, so the answer reveals nothing.
    """
    user = find_user(db_session, username)
    if not verify_password(user.recovery_hash if user else None, normalise(code)):
        return None
    change_password(user, new_password)
    return user, issue(user)


def show_once(code: str) -> None:
    """Keep the code for the next page only (it reads, then forgets it)."""
    session[SHOW_ONCE_KEY] = code


def take_code_to_show() -> str | None:
    return session.pop(SHOW_ONCE_KEY, None)


def page_with_code(html: str, code: str | None, status: int = 200) -> Response:
    """A page showing a code is kept nowhere: not in the browser's cache, not offline (sw.js)."""
    response = make_response(html, status)
    if code:
        response.cache_control.no_store = True
    return response
