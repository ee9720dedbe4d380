"""Recovery codes: a way back in without giving us an email address.

A code is shown once (at sign-up, after regenerating, after using one) and only its Argon2 hash
is kept, like a password. Using it resets the password, ends every other session and replaces
the code, so each code works once.
"""

from __future__ import annotations

import secrets

from flask import Response, make_response
from flask_login import current_user
from sqlalchemy.orm import Session

from ..extensions import db
from ..records import commit_keeping_state
from .accounts import change_password, find_user
from .models import DeviceSession, User
from .passwords import hash_password, verify_password

# No 0/O, 1/I/L: a code copied by hand from paper must read back the same.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
GROUPS, GROUP_LENGTH = 4, 5  # 20 symbols from 31: about 99 bits


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
    change_password(db_session, user, new_password)  # every device: this one signs in anew
    return user, issue(user)


def show_once(device: DeviceSession, code: str) -> None:
    """Keep the code for the next page of this device only, on the server (encrypted), never in
    the cookie; the caller commits."""
    device.code_to_show = code


def take_code_to_show() -> str | None:
    """The code waiting for this device, forgotten as it is read."""
    device = getattr(current_user, "device", None)
    if device is None or not device.code_to_show:
        return None
    code, device.code_to_show = device.code_to_show, None
    commit_keeping_state(db.session)
    return code


def page_with_code(html: str, code: str | None, status: int = 200) -> Response:
    """A page showing a code is kept nowhere: not in the browser's cache, not offline (sw.js)."""
    response = make_response(html, status)
    if code:
        response.cache_control.no_store = True
    return response
