"""The browser's PushSubscription JSON, checked, and kept per device.

Only the standard shape is taken: an https endpoint (http only on this machine, for the test
push service), and the two keys as base64url. Anything else is a clear 400, never a 500.
"""

from __future__ import annotations

import base64
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from .models import PushSubscription


class BadSubscription(ValueError):
    pass


def key(value, name: str, length: int) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= 200:
        raise BadSubscription(f"The subscription's {name} key is missing.")
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except ValueError:
        raise BadSubscription(f"The subscription's {name} key can't be read.") from None
    if len(raw) != length:
        raise BadSubscription(f"The subscription's {name} key has the wrong length.")
    return value


def endpoint_of(value) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= 1024:
        raise BadSubscription("The subscription has no usable endpoint.")
    parts = urlsplit(value)
    local = parts.hostname in {"127.0.0.1", "localhost"} and current_app.config.get("TESTING")
    if not parts.hostname or not (parts.scheme == "https" or (parts.scheme == "http" and local)):
        raise BadSubscription("The subscription's endpoint must be an https address.")
    return value


def posted(request):
    """The JSON the page sends, or the same three values as form fields (a hand-made post)."""
    document = request.get_json(silent=True)
    if document is None and request.form:
        form = request.form
        document = {"endpoint": form.get("endpoint"),
                    "keys": {"p256dh": form.get("p256dh"), "auth": form.get("auth")}}
    return document


def parse(document) -> dict:
    """{endpoint, p256dh, auth} from PushSubscription.toJSON(), or BadSubscription."""
    if not isinstance(document, dict):
        raise BadSubscription("Please send the browser's subscription as JSON.")
    keys = document.get("keys")
    if not isinstance(keys, dict):
        raise BadSubscription("The subscription has no keys.")
    return {"endpoint": endpoint_of(document.get("endpoint")),
            "p256dh": key(keys.get("p256dh"), "p256dh", 65), "auth": key(keys.get("auth"),
                                                                          "auth", 16)}


def keep(user_id: int, fields: dict) -> bool:
    """Store this device for the person; True if it is new to them. A device another person
    had (a shared phone) moves to this one, so reminders never reach the wrong person."""
    row = db.session.scalar(select(PushSubscription)
                            .where(PushSubscription.endpoint == fields["endpoint"]))
    if row is None:
        db.session.add(PushSubscription(user_id=user_id, **fields))
        return True
    created = row.user_id != user_id
    row.user_id, row.p256dh, row.auth = user_id, fields["p256dh"], fields["auth"]
    return created


def forget(user_id: int, endpoint) -> bool:
    row = db.session.scalar(select(PushSubscription).where(
        PushSubscription.endpoint == endpoint, PushSubscription.user_id == user_id))
    if row is None:
        return False
    db.session.delete(row)
    return True
