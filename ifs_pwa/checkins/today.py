"""Today, for a signed-in person: the check-in form first, or the calm word after saving.

Routed at "/" by this blueprint (views.today_route); visitors there get core's landing page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app, render_template, session, url_for
from flask_login import current_user
from sqlalchemy import cast, func, literal, literal_column, null, select, union_all
from sqlalchemy.orm import Session, selectinload

from .. import htmx
from ..clock import today, utcnow
from ..extensions import db
from ..pagecache import ONE_SHOT_KEYS, volatile
from ..parts.models import Part
from ..records import new_client_id
from .forms import CheckInFields, CheckInForm
from .models import CheckIn
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


# Suggestions (a questionnaire, a practice) wait until the app has been used on this many
# different days: on the first day, checking in is enough, and a questionnaire there reads
# like an intake form.
SETTLED_DAYS = 3


@dataclass(frozen=True)
class Earlier:
    """One of today's check-ins, as Today lists it: when and how it was."""
    id: int
    mood: int
    occurred_at: datetime


@dataclass(frozen=True)
class SoFar:
    earlier: list[Earlier]
    days_used: int

    @property
    def settled(self) -> bool:
        return self.days_used >= SETTLED_DAYS


@dataclass(frozen=True)
class Chip:
    """A part as Today's form shows it among the chips: its id, name and emoji."""
    id: int
    name: str
    emoji: str


def _typed_null(column):
    return cast(null(), column.type)


def form_and_day(db_session: Session, user_id: int, day: date) -> tuple[list[Chip], SoFar]:
    """Everything Today reads of the person's own rows, in one query (the page keeps to four,
    with the account, the reminder offer and the questionnaire due): the parts for the chips,
    today's check-ins, and on how many days they have checked in. Rows are told apart by
    `kind`; sorting by it keeps each kind in its own order (check-ins by time, parts by name)."""
    kind = literal_column("kind")
    no_mood, no_time = _typed_null(CheckIn.mood), _typed_null(CheckIn.occurred_at)
    no_name, no_emoji = _typed_null(Part.name), _typed_null(Part.emoji)
    chips = select(literal("p").label("kind"), Part.id.label("id"), Part.name.label("name"),
                   Part.emoji.label("emoji"), no_mood.label("mood"), no_time.label("at")
                   ).where(Part.user_id == user_id, Part.archived.is_(False))
    earlier = select(literal("c"), CheckIn.id, no_name, no_emoji, CheckIn.mood,
                     CheckIn.occurred_at).where(CheckIn.user_id == user_id,
                                                CheckIn.local_date == day)
    used = select(literal("n"), func.count(func.distinct(CheckIn.local_date)), no_name,
                  no_emoji, no_mood, no_time).where(CheckIn.user_id == user_id)
    rows = db_session.execute(union_all(chips, earlier, used)
                              .order_by(kind, literal_column("name"), literal_column("at"),
                                        literal_column("id"))).all()
    parts = [Chip(r.id, r.name, r.emoji or "") for r in rows if r.kind == "p"]
    found = SoFar([Earlier(r.id, r.mood, r.at) for r in rows if r.kind == "c"],
                  next(int(r.id) for r in rows if r.kind == "n"))
    return parts, found


def today_page():
    saved_id = session.pop(SAVED_KEY, None)
    checkin = with_parts(saved_id) if isinstance(saved_id, int) else None
    if checkin is not None:
        return render_template("checkins/today.html", checkin=checkin)
    parts, found = form_and_day(db.session, current_user.id, today(current_user.timezone))
    return render_template("checkins/today.html", form=blank_form(), parts=parts,
                           so_far=found)


def form_response(form: CheckInForm, parts, status: int = 422, for_day: date | None = None):
    """The form again with its errors: a fragment for htmx, the whole Today page otherwise. A
    form sent from a day's page stays that day's form (its time is left alone, and a plain
    save goes back there)."""
    day = for_day.isoformat() if for_day else None
    return htmx.render("checkins/today.html", "checkins/_form.html", form=form, parts=parts,
                       for_day=day), status


# The practice the confirmation offers for a part that showed up (ifs_pwa/practices/library).
BEFRIEND_PRACTICE = "befriend-depressed-part"


def befriend_url(part) -> str | None:
    """The befriending practice with this part already chosen, as a part's own page links to it;
    None until the practices library (and that practice in it) is installed."""
    if BEFRIEND_PRACTICE not in current_app.extensions.get("practices", {}):
        return None
    return url_for("practices.show", slug=BEFRIEND_PRACTICE, part=part.id)
