"""How sign-in attempts are counted, so guessing is slow and nobody can lock an owner out.

Three counts, each set in the configuration (config.py) and described on /privacy:
- one username from one network address (RATELIMIT_AUTH): the tight one, for a guesser at a
  single account from a single device;
- one address whatever the username (RATELIMIT_AUTH_ADDRESS): a guesser trying many accounts;
- one username from every address (RATELIMIT_AUTH_USERNAME): softer, so that guessing from many
  addresses is still slowed, while the owner, on their own address, can still get in after
  someone else has used up the tight count for that name elsewhere.

Login and recovery count only the attempts that fail; sign-up counts every attempt.
The address is the one the request came from; behind a reverse proxy that is the proxy's,
unless TRUSTED_PROXIES says how many proxies to believe (see create_app and the README).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, request
from flask_limiter.util import get_remote_address

from ..extensions import limiter
from .accounts import username_key

SUCCESS_REDIRECT = 302


def typed_username() -> str:
    return username_key(request.form.get("username", ""))[:40]


def per_username() -> str:
    return "user:" + typed_username()


def per_username_and_address() -> str:
    return f"pair:{typed_username()}@{get_remote_address()}"


def failed(response) -> bool:
    """A sign-in that worked redirects; anything else (422, 400) is a failed attempt."""
    return response.status_code != SUCCESS_REDIRECT


def setting(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def counted(form: str, only_failures: bool = True):
    """Decorate a sign-in form's view with the three counts; `form` names their scopes."""
    deduct = failed if only_failures else None

    def decorate(view):
        for limit, key, scope in (
            (setting("RATELIMIT_AUTH"), per_username_and_address, f"{form}-pair"),
            (setting("RATELIMIT_AUTH_ADDRESS"), get_remote_address, f"{form}-address"),
            (setting("RATELIMIT_AUTH_USERNAME"), per_username, f"{form}-name"),
        ):
            view = limiter.limit(limit, methods=["POST"], key_func=key, scope=scope,
                                 deduct_when=deduct)(view)
        return view

    return decorate
