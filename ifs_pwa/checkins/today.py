"""Today, for a signed-in person: the check-in form first, or the calm word after saving.

Routed at "/" by this blueprint (views.today_route); visitors there get core's landing page.
"""

from __future__ import annotations

from flask import current_app, render_template, session, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import htmx
from ..clock import utcnow
from ..extensions import db
from ..pagecache import ONE_SHOT_KEYS, volatile
from ..records import new_client_id
from .forms import CheckInFields, CheckInForm
from .models import CheckIn
from .queries import user_parts
from .timezones import local_input_value

# Without JavaScript, the save redirects to "/", which shows the confirmation once.
SAVED_KEY = "checkin_saved"
ONE_SHOT_KEYS.add(SAVED_KEY)


def bind(form: CheckInFields, parts) -> CheckInFields:
    """Tell the form whose time zone and parts it is checking against."""
    form.tz_name = current_user.timezone  # clock.zone reads an empty or unknown one as UTC
    form.part_ids = {part.id for part in parts}
    return form


def local_now() -> str:
    return local_input_value(utcnow(), current_user.timezone)


def blank_form() -> CheckInForm:
    form = CheckInForm(formdata=None)
    form.client_id.data = new_client_id()
    form.occurred_at.data = volatile(local_now(), local_now)
    return form


def with_parts(checkin_id: int) -> CheckIn | None:
    return db.session.scalar(
        select(CheckIn).where(CheckIn.id == checkin_id, CheckIn.user_id == current_user.id)
        .options(selectinload(CheckIn.parts))
    )


def today_page():
    saved_id = session.pop(SAVED_KEY, None)
    checkin = with_parts(saved_id) if isinstance(saved_id, int) else None
    if checkin is not None:
        return render_template("checkins/today.html", checkin=checkin)
    parts = user_parts(db.session, current_user.id)
    return render_template("checkins/today.html", form=blank_form(), parts=parts)


def form_response(form: CheckInForm, parts, status: int = 422):
    """The form again with its errors: a fragment for htmx, the whole Today page otherwise."""
    return htmx.render("checkins/today.html", "checkins/_form.html", form=form, parts=parts), status


# The practice the confirmation offers for a part that showed up (ifs_pwa/practices/library).
BEFRIEND_PRACTICE = "befriend-depressed-part"


def befriend_url(part) -> str | None:
    """The befriending practice with this part already chosen, as a part's own page links to it;
    None until the practices library (and that practice in it) is installed."""
    if BEFRIEND_PRACTICE not in current_app.extensions.get("practices", {}):
        return None
    return url_for("practices.show", slug=BEFRIEND_PRACTICE, part=part.id)
