"""Requests the service worker makes on its own, to keep copies of pages for offline use.

They are sent with `X-Befriend-Keep: 1` (static/sw.js, `fetchToKeep`) and may be answered late:
a warm-up sent while the person was signed in can come back after they logged out. The browser
applies every answer's Set-Cookie in the order the answers arrive, so a late answer that wrote
the session would put an older session back over the logout's: its "logged out" note replaced
by "please log in", or worse, the session it read before the logout. So these answers never
write the session cookie; only what the person does (a page they open, a form they send) does.
"""

from __future__ import annotations

from flask import Flask, Response, has_request_context, request
from flask.sessions import SecureCookieSessionInterface, SessionMixin

KEEP_HEADER = "X-Befriend-Keep"


def is_background() -> bool:
    """Whether this request is the worker keeping a copy, not the person asking."""
    return has_request_context() and request.headers.get(KEEP_HEADER) == "1"


class SessionLeftAlone(SecureCookieSessionInterface):
    """Flask's signed-cookie session, except that the worker's own requests leave it as the
    browser has it (see the module docstring)."""

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if is_background():
            if session.accessed:
                response.vary.add("Cookie")  # the answer still depended on who was signed in
            return
        super().save_session(app, session, response)


def init_app(app: Flask) -> None:
    app.session_interface = SessionLeftAlone()
    # base.html leaves any one-time message for the page the person actually sees.
    app.jinja_env.globals["kept_in_background"] = is_background
