"""One CSRF secret per signed-in device, the same on every request that device makes.

Flask-WTF draws a random secret into the session the first time a request needs a token. With a
cookie session that is a race: a phone asks for several pages at once (the page on screen and the
service worker's warm-up), each answer carries the cookie as its own request saw it, and the last
answer to arrive wins. After the session cookie is restored from the remember cookie, or after a
late answer from before sign-in puts an older cookie back, each request would invent a different
secret, and the token on the page the person is looking at would no longer match: their next save
is refused. Deriving the secret from the device's own session token (kept on the server,
`auth.devices`) makes every request of the device agree, however they interleave, and makes a
page's token good for exactly as long as that device stays signed in. Signing in again starts a
new device session and so a new secret; a signed-out visitor keeps Flask-WTF's random one.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Flask, current_app, g, request, session
from flask_login import current_user

from ..errors import signed_in_or_nobody

FIELD = "csrf_token"  # where Flask-WTF keeps the secret, in the session and in g
SENT = ("POST", "PUT", "PATCH", "DELETE")  # what Flask-WTF checks unless configured otherwise


def secret_for(device_token: str) -> str:
    key = current_app.secret_key
    key = key.encode() if isinstance(key, str) else key
    return hmac.new(key, b"csrf:" + device_token.encode(), hashlib.sha256).hexdigest()


def settle(user) -> None:
    """Put this device's secret in the session (writing the cookie only when it changes)."""
    token = getattr(user, "device_token", None)
    if not token:
        return
    secret = secret_for(token)
    if session.get(FIELD) != secret:
        session[FIELD] = secret
        g.pop(FIELD, None)  # a token already made this request came from the old secret


def remember_cookie() -> str:
    return current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")


def someone_may_be_signed_in() -> bool:
    """What the request itself says, without loading anyone: a session naming a person, or the
    remember cookie that can bring one back."""
    return "_user_id" in session or remember_cookie() in request.cookies


def before_request() -> None:
    """Ahead of CSRFProtect's check of a form sent (which reads the secret): load who is signed
    in, only when the request says someone is, and settle their device's secret. Asked the way
    the crisis page asks: in a database outage the secret already in the cookie stays, so a form
    sent without its token is still refused plainly (400, with crisis numbers), and a save that
    passes answers 503 (`errors.outage_is_not_a_sign_out`), so the phone keeps it.

    Reading a page needs nothing here: loading the person settles the secret (`settle` in the
    user loader), and a page draws its token only after it has asked who is signed in, so a
    request that never needs the person (the service worker, the manifest) doesn't load them."""
    if request.method not in current_app.config.get("WTF_CSRF_METHODS", SENT):
        return
    if not someone_may_be_signed_in():
        return
    if signed_in_or_nobody():
        settle(current_user)


def init_app(app: Flask) -> None:
    """Call before `csrf.init_app`: before-request hooks run in the order they were added."""
    app.before_request(before_request)
