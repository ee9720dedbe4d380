"""Reminder settings, the devices that receive them, and the `flask reminders` commands."""

from __future__ import annotations

import time as wall_clock

import click
from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from .. import htmx
from ..clock import utcnow
from ..extensions import db
from . import subscriptions
from .forms import ReminderForm, parse_time
from .models import PushSubscription
from .offer import settings_for, settings_of, should_offer
from .sending import send_due
from .vapid import public_key

bp = Blueprint("reminders", __name__, cli_group="reminders")


def stored_form() -> ReminderForm:
    form = ReminderForm(formdata=None)
    settings = settings_of(current_user.id)
    if settings is not None:
        form.fill_from(settings)
    return form


def devices() -> int:
    return db.session.query(PushSubscription).filter_by(user_id=current_user.id).count()


@bp.app_context_processor
def reminder_helpers() -> dict:
    """For the account page and Today, which show this room's pieces without importing it."""
    return {"reminder_form": stored_form, "reminder_key": public_key,
            "reminder_devices": devices,
            "reminder_offer": lambda: current_user.is_authenticated and should_offer(current_user)}


@bp.get("/reminders")
@login_required
def settings():
    return render_template("reminders/settings.html", form=stored_form())


@bp.post("/reminders/settings")
@login_required
def save_settings():
    form = ReminderForm()
    if not form.validate():
        return render_template("reminders/settings.html", form=form), 422
    settings = settings_for(current_user.id)
    settings.enabled = form.enabled.data
    settings.remind_at = parse_time(form.remind_at.data)
    settings.days = form.mask()
    settings.skip_if_checked_in = form.skip_if_checked_in.data
    settings.evening_at = parse_time(form.evening_at.data)
    settings.offer_answered = True
    db.session.commit()
    flash("Reminder settings saved." if settings.enabled else "Reminders are off.", "success")
    return redirect(url_for("account.show", _anchor="reminders"), 303)


@bp.post("/reminders/offer/not-now")
@login_required
def not_now():
    settings_for(current_user.id).offer_answered = True
    db.session.commit()
    if htmx.is_fragment():
        return ""
    return redirect(url_for("checkins.today"), 303)


@bp.post("/reminders/subscription")
@login_required
def subscribe():
    try:
        fields = subscriptions.parse(subscriptions.posted(request))
    except subscriptions.BadSubscription as problem:
        return jsonify(ok=False, message=str(problem)), 400
    try:
        created = subscriptions.keep(current_user.id, fields)
        db.session.commit()
    except IntegrityError:  # the same device sent it twice at once: the other copy stands
        db.session.rollback()
        created = subscriptions.keep(current_user.id, fields)
        db.session.commit()
    return jsonify(ok=True, devices=devices()), 201 if created else 200


@bp.post("/reminders/subscription/delete")
@login_required
def unsubscribe():
    document = request.get_json(silent=True)
    endpoint = document.get("endpoint") if isinstance(document, dict) else request.form.get(
        "endpoint")
    if not isinstance(endpoint, str) or not endpoint:
        return jsonify(ok=False, message="Please say which device to forget."), 400
    removed = subscriptions.forget(current_user.id, endpoint)
    db.session.commit()
    return jsonify(ok=True, removed=removed, devices=devices())


@bp.cli.command("send-due")
def send_due_command() -> None:
    """Send the reminders due this minute (safe to run from several hosts at once)."""
    report = send_due()
    click.echo(f"sent {report.sent}, skipped {report.skipped}, removed {report.removed}, "
               f"failed {report.failed}")


@bp.cli.command("run")
def run_command() -> None:
    """Send due reminders every minute, for a single host without cron or a timer."""
    while True:
        try:
            send_due()
        except Exception:  # one bad minute (the database restarting) must not end the loop
            db.session.rollback()
            click.echo("reminders: this minute failed; trying again next minute", err=True)
        db.session.remove()
        wall_clock.sleep(60 - utcnow().second + 0.5)
