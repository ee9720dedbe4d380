"""Sign up, log in and log out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db, login_manager
from . import devices, session_csrf
from .accounts import authenticate, create_user, username_taken
from .forms import LoginForm, RecoverForm, SignupForm, timezone_choices
from .limits import counted
from .recovery import issue, recover, show_once

bp = Blueprint("auth", __name__)
# Every zone, for the <datalist> of the time zone fields (sign-up and settings).
bp.add_app_template_global(timezone_choices, "timezone_choices")

login_manager.login_view = "auth.login"
login_manager.login_message = "Please log in to see that page."
login_manager.login_message_category = "info"


@login_manager.user_loader
def user_loader(user_id: str):
    """From the session or the remember cookie; either way the device's CSRF secret is settled
    before the page draws a token (see session_csrf)."""
    user = devices.load(db.session, user_id)
    if user is not None:
        session_csrf.settle(user)
    return user


def renew_session() -> None:
    """Nothing from before signing in or out is carried over, the CSRF secret included, so a
    token or cookie picked up earlier opens nothing afterwards."""
    session.clear()
    g.pop("csrf_token", None)


def sign_in(user, remember: bool, code: str | None = None) -> None:
    """Start this device's server-side session (holding a recovery code to show, if any)."""
    device = devices.start(db.session, user, request.headers.get("User-Agent"))
    if code:
        show_once(device, code)
    db.session.commit()
    renew_session()
    login_user(user, remember=remember)
    session_csrf.settle(user)  # in the cookie this answer sets, before any other page asks


def safe_next(target: str | None) -> str:
    """Only follow `next` to a path on this site; anything else goes to Today."""
    if target:
        parts = urlsplit(target)
        if (not parts.scheme and not parts.netloc and target.startswith("/")
                and not target.startswith(("//", "/\\"))):
            return target
    return url_for("checkins.today")


@bp.route("/signup", methods=["GET", "POST"])
@counted("signup", only_failures=False)
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("checkins.today"))
    form = SignupForm()
    if form.validate_on_submit():
        if username_taken(db.session, form.username.data):
            form.username.errors.append("That username is taken. Please choose another.")
        else:
            user = create_user(db.session, form.username.data, form.password.data,
                               timezone=form.timezone.data)
            code = issue(user)
            db.session.flush()
            sign_in(user, remember=True, code=code)
            return redirect(url_for("safety.welcome"))
    status = 422 if request.method == "POST" else 200
    return render_template("auth/signup.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
@counted("login")
def login():
    if current_user.is_authenticated:
        return redirect(url_for("checkins.today"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = authenticate(db.session, form.username.data, form.password.data)
        if user is not None:
            sign_in(user, remember=form.remember.data)
            return redirect(safe_next(form.next.data))
        form.form_errors.append("That username and password don't match. Please try again.")
    status = 422 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/recover", methods=["GET", "POST"])
@counted("recover")
def recover_account():
    """Forgot the password: username + recovery code + a new password, no email involved."""
    if current_user.is_authenticated:
        return redirect(url_for("account.show"))
    form = RecoverForm()
    if form.validate_on_submit():
        recovered = recover(db.session, form.username.data, form.code.data, form.password.data)
        if recovered is not None:
            user, code = recovered
            sign_in(user, remember=False, code=code)
            flash("Your password is changed, and any other device has been signed out.",
                  "success")
            return redirect(url_for("account.show"))
        form.form_errors.append(
            "That username and recovery code don't match. Please check them and try again."
        )
    status = 422 if request.method == "POST" else 200
    return render_template("auth/recover.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    """Ends this device's session on the server: a copy of its cookies opens nothing after."""
    if current_user.device is not None:
        devices.end(db.session, current_user.id, current_user.device.id)
        db.session.commit()
    return signed_out("You're logged out. Take care.")


def signed_out(message: str):
    """The answer once this device's session is gone: a fresh session and no remember cookie."""
    renew_session()
    logout_user()  # after the renewal, so its "forget the remember cookie" mark is kept
    flash(message, "info")
    response = redirect(url_for("checkins.today"))
    # A shared phone keeps no copy of the pages this person saw.
    response.headers["Clear-Site-Data"] = '"cache"'
    return response
