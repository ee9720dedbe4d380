"""Error pages in the app's own style: people in a hard moment should never see a stack trace."""

from __future__ import annotations

from flask import Flask, abort, g, make_response, render_template, request
from flask_login import current_user, user_unauthorized
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db, login_manager

MESSAGES = {
    400: ("Something in that request didn't make sense", "Please go back and try again."),
    403: ("That isn't available to you", "You don't have access to this page."),
    404: ("We couldn't find that page", "It may have moved, or it never existed."),
    405: ("That action isn't possible here", "Please go back and use the page's own buttons."),
    413: ("That was too large to receive", "Please try a smaller file or a shorter text."),
    429: (
        "Let's pause for a moment",
        "There were many attempts in a short time. Please wait a minute and try again.",
    ),
    500: (
        "Something went wrong on our side",
        "Nothing you did caused this. What you had already saved is safe; please try again.",
    ),
    503: ("We can't reach our storage just now", "Please try again in a little while."),
}


def as_nobody() -> None:
    """Treat this request as signed out, without asking the database who is signed in.

    The session cookie is left alone: the person is still signed in for the next request,
    once the database answers again."""
    g._login_user = login_manager.anonymous_user()  # Flask-Login's per-request user


def forget_failed_transaction() -> None:
    """Roll back after a database failure; a rollback on a dead connection may fail as well."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        pass


def signed_in_or_nobody() -> bool:
    """Whether someone is signed in, answered as "nobody" when the database can't say.

    Pages that must never fail (the crisis page, every error page) ask this instead of
    `current_user.is_authenticated`, which loads the person's row and raises when the
    database is down."""
    try:
        return bool(current_user.is_authenticated)
    except SQLAlchemyError:
        forget_failed_transaction()
        as_nobody()
        g.database_failed = True
        return False


def render_error(code: int, detail: str | None = None):
    """Render the shared error template with a calm title and a plain explanation.

    Server-side failures render without the signed-in navigation, because drawing it needs
    the database that may be the very thing that failed. For the same reason they render as
    nobody in particular: asking who is signed in (or refreshing that person after a rollback)
    is a query, and a second failure inside the error page would leave only a bare 500.
    """
    if code >= 500:
        as_nobody()
    else:
        signed_in_or_nobody()  # a 404 while the database is down still renders, signed out
    bare = code >= 500 or bool(g.get("database_failed"))
    title, message = MESSAGES.get(code, MESSAGES[500])
    html = render_template(
        "errors/error.html", code=code, title=title, message=detail or message, bare=bare,
    )
    return html, code


def handle_http(error: HTTPException):
    return render_error(error.code or 500)


def handle_csrf(error: CSRFError):
    detail = (
        "This form had expired or came from somewhere else, so we didn't act on it. "
        "Please reload the page and send it again."
    )
    if request.content_length and not request.form and not request.files:
        # Werkzeug drops a whole url-encoded body that is not valid UTF-8.
        detail = "We couldn't read what was sent. Please go back, check the text and try again."
    response = make_response(render_error(400, detail))
    # Said plainly for the page's script: it asks for this session's token and sends once more.
    response.headers["X-Befriend-Refused"] = "csrf"
    return response


def handle_server_error(error: InternalServerError):
    # A failed transaction must not poison the next request served by this worker.
    forget_failed_transaction()
    return render_error(500)


def handle_database_down(error: OperationalError):
    forget_failed_transaction()
    return render_error(503)


def outage_is_not_a_sign_out(_sender, **_extra) -> None:
    """A page that needs an account, asked while the database cannot say who is signed in,
    answers 503 (the phone then shows its own copy), never the login page: the person is still
    signed in, and "please log in" would be untrue and frightening."""
    if g.get("database_failed"):
        abort(503)


def init_app(app: Flask) -> None:
    user_unauthorized.connect(outage_is_not_a_sign_out, app)
    app.register_error_handler(OperationalError, handle_database_down)
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(InternalServerError, handle_server_error)
    app.register_error_handler(HTTPException, handle_http)
