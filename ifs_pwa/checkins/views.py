"""Check-in routes: create (offline-safe), look back, edit, delete, and gentle insights."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from .. import deleting, htmx, versions
from ..clock import from_local, local_day_key, local_time, to_local, today, utcnow
from ..core.views import landing
from ..extensions import db
from ..pagecache import cached_page
from ..parts.models import Part
from ..records import find_by_client_id, owned_or_404, save_once
from ..versions import Saved
from . import calendar, insight_cache, insights, markup, queries, vocab
from .forms import CheckInEditForm, CheckInForm
from .models import CheckIn
from .timezones import local_input_value
from .today import SAVED_KEY, befriend_url, bind, blank_form, form_response, today_page
from .writing import content_of, fill, load_into, write, written_from

bp = Blueprint("checkins", __name__)


@bp.context_processor
def checkin_helpers() -> dict:
    """What the check-in templates (Today's form and confirmation included) draw with; only
    this blueprint's pages use them, so they are not offered app-wide."""
    return {"checkin_vocab": vocab.TEMPLATE_WORDS, "checkin_chips": markup.chips,
            "checkin_scale": markup.scale_points, "befriend_url": befriend_url,
            "asks_gently": vocab.asks_gently, "checkin_clock": clock_time}


def clock_time(moment) -> str:
    """A stored moment as "21:30" on the person's clock (Today and a day list times only)."""
    return to_local(moment, current_user.timezone).strftime("%H:%M")


@bp.get("/", endpoint="today")
@cached_page(local_day_key)
def today_route():
    """Today at "/": the check-in form for a signed-in person; visitors get the landing page,
    which core keeps."""
    if not current_user.is_authenticated:
        return landing()
    return today_page()


PER_PAGE = 20
# A check-in's page names its parts: loaded with it, in one more query.
WITH_PARTS = selectinload(CheckIn.parts)
MAX_PAGE = 10_000  # beyond any real history; keeps OFFSET within every database's integers


@bp.post("/checkins")
@login_required
def create():
    """Save a check-in once per client_id: a repeat (the outbox replaying, a double tap) answers
    200 with the first one, even if the form would no longer pass (say, a part since deleted).
    The person's parts are read only when some are chosen (or the form must be shown again):
    most check-ins are a mood and nothing else."""
    chosen = bool(request.form.getlist("parts"))
    parts = queries.user_parts(db.session, current_user.id) if chosen else []
    form = bind(CheckInForm(), parts)
    client_id = form.client_id.uuid  # read before validating, which replaces a damaged one
    if not form.validate():
        existing = client_id and find_by_client_id(db.session, CheckIn, current_user.id,
                                                   client_id)
        if existing:
            return saved(existing, created=False)
        if not chosen:
            parts = queries.user_parts(db.session, current_user.id)
        return form_response(form, parts, for_day=sent_from_day())
    record = CheckIn(user_id=current_user.id, client_id=client_id)
    checkin, created = save_once(db.session, fill(record, form, parts, current_user))
    return saved(checkin, created)


def sent_from_day() -> date | None:
    """The day whose page the form was sent from (checkins.day), if it is one that can open."""
    return calendar.parse_day(request.form.get("day"), today(current_user.timezone))


def saved(checkin: CheckIn, created: bool):
    """htmx gets the confirmation in place of the form; a plain POST is sent back to Today, or
    to the day's own page when it came from there and the check-in landed on that day."""
    if htmx.is_fragment():
        return render_template("checkins/_confirmation.html", checkin=checkin), (
            201 if created else 200)
    back = sent_from_day()
    if back is not None and back == checkin.local_date:
        flash("Saved on this day. Thank you for checking in.", "success")
        return redirect(url_for("checkins.day", day=back.isoformat()), 303)
    session[SAVED_KEY] = checkin.id
    return redirect(url_for("checkins.today"), 303)


@bp.get("/checkins/support")
@login_required
def support():
    """The answer to the plain question after a very low check-in, for a phone without
    JavaScript (support.js answers it in the page); it is never stored."""
    answer = "yes" if request.args.get("answer") == "yes" else "no"
    return htmx.render("checkins/support.html", "checkins/_support.html", answer=answer)


@bp.get("/checkins/")
@login_required
@cached_page(local_day_key)
def history():
    local_today = today(current_user.timezone)
    year = calendar.parse_year(request.args.get("year"))
    month = calendar.parse_month(request.args.get("month")) or (local_today.year,
                                                                local_today.month)
    first, last = (date(year, 1, 1), date(year, 12, 31)) if year else calendar.month_bounds(*month)
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)
    days = queries.daily(db.session, current_user.id, first, last)
    entries, more = queries.entries(db.session, current_user.id, first, last, page, PER_PAGE)
    if year:
        grid, points = calendar.year_rows(year, days), calendar.year_points(year, days)
        chart = calendar.year_chart(points)
    else:
        grid, points = calendar.month_weeks(*month, days), calendar.month_points(*month, days)
        chart = calendar.month_chart(*month, points)
    return render_template(
        "checkins/history.html", year=year, month=month, grid=grid, points=points, chart=chart,
        entries=entries, page=page, more=more, days=days, cal=calendar, today=local_today,
    )


# The most check-ins a day's page lists; nobody checks in this often, and it bounds the page.
DAY_LIMIT = 200


@bp.get("/checkins/day/<day>")
@login_required
def day(day: str):
    """One day of the person's own calendar: its check-ins, and a form that saves on that day
    (noon on their clock for a past day, which exists on every day, DST or not; now for today).
    A malformed, impossible, far-off or future date is a calm 404."""
    local_today = today(current_user.timezone)
    chosen = calendar.parse_day(day, local_today)
    if chosen is None:
        abort(404)
    entries, _ = queries.entries(db.session, current_user.id, chosen, chosen, 1, DAY_LIMIT)
    form = blank_form()
    if chosen != local_today:
        noon = from_local(datetime.combine(chosen, time(12)), current_user.timezone)
        form.occurred_at.data = local_input_value(noon, current_user.timezone)
    parts = queries.user_parts(db.session, current_user.id)
    before, after = chosen - timedelta(days=1), chosen + timedelta(days=1)
    return render_template(
        "checkins/day.html", day=chosen, entries=list(reversed(entries)), form=form, parts=parts,
        earlier=before if calendar.in_range(before.year) else None,
        later=after if after <= local_today else None, is_today=chosen == local_today,
    )


@bp.get("/checkins/insights")
@login_required
@cached_page(local_day_key)
def insights_page():
    local_today = today(current_user.timezone)
    found = insight_cache.numbers(db.session, current_user, local_today)
    part_moods = [moods for part in found.parts
                  if (moods := insights.part_mood(part, found.total_days, found.total_mood))]
    periods, total_days = found.periods, found.total_days
    return render_template(
        "checkins/insights.html", insights=insights, total_days=total_days,
        week=insights.mood_change(7, periods[0], periods[1]),
        month=insights.mood_change(30, periods[2], periods[3]),
        frequent=insights.frequent_parts(found.parts), part_moods=part_moods,
        qualities=insights.better_day_qualities(found.qualities),
    )


@bp.get("/checkins/<int:checkin_id>")
@login_required
def show(checkin_id: int):
    checkin = owned_or_404(CheckIn, checkin_id, WITH_PARTS)
    return render_template("checkins/show.html", checkin=checkin)


@bp.get("/checkins/with-part/<int:part_id>")
@login_required
def for_part(part_id: int):
    """A part's check-in timeline, fetched by its page after load so that page stays cheap."""
    part = owned_or_404(Part, part_id)
    checkins = queries.with_part(db.session, current_user.id, part.id)
    return htmx.render("checkins/part_timeline.html", "checkins/_part_timeline.html",
                       part=part, checkins=checkins)


def edit_form(checkin: CheckIn, parts, combine: bool = False) -> CheckInEditForm:
    """The edit form from the check-in's current version, or filled from the edit waiting
    beside it (`combine`), so the person can merge the two."""
    written = checkin.waiting_written if combine else None
    form = load_into(CheckInEditForm(formdata=None), checkin, current_user.timezone, parts,
                     written)
    return versions.open_form(form, checkin, combine)


@bp.route("/checkins/<int:checkin_id>/edit", methods=["GET", "POST"])
@login_required
def edit(checkin_id: int):
    checkin = owned_or_404(CheckIn, checkin_id, WITH_PARTS)
    parts = queries.user_parts(db.session, current_user.id)
    if request.method == "GET":
        combine = request.args.get("combine") == "1" and bool(checkin.waiting)
        return render_template("checkins/edit.html", form=edit_form(checkin, parts, combine),
                               parts=parts, checkin=checkin)
    db.session.refresh(checkin, with_for_update=True)  # PostgreSQL: one edit decides at a time
    form = bind(CheckInEditForm(), parts)
    if not form.validate():
        return render_template("checkins/edit.html", form=form, parts=parts,
                               checkin=checkin), 422
    result = versions.edit(checkin, written_from(form, parts), content_of(checkin),
                           versions.version_number(form.base_version.data), utcnow(),
                           form.resolves.data == "1",
                           lambda new: write(checkin, new, parts, current_user))
    db.session.commit()
    if result is Saved.KEPT_BESIDE:
        return checkin_versions(checkin, parts, just_sent=True), 409
    flash("Your changes are saved.", "success")
    return redirect(url_for("checkins.show", checkin_id=checkin.id), 303)


def checkin_versions(checkin: CheckIn, parts, **extra):
    """Both versions; the waiting one names its parts by client_id, shown by their names."""
    written = checkin.waiting_written
    by_ref = {str(p.client_id): p for p in parts}
    named = [by_ref[r] for r in written["parts"] if r in by_ref]
    if written["new_part"]:
        named.append(SimpleNamespace(name=written["new_part"]))
    edited = SimpleNamespace(**{**written, "parts": named})
    return render_template("checkins/versions.html", checkin=checkin, edited=edited, **extra)


@bp.get("/checkins/<int:checkin_id>/versions")
@login_required
def versions_page(checkin_id: int):
    checkin = owned_or_404(CheckIn, checkin_id, WITH_PARTS)
    if not checkin.waiting:
        return back_to(checkin)
    return checkin_versions(checkin, queries.user_parts(db.session, current_user.id))


def back_to(checkin: CheckIn):
    """Nothing is waiting beside the check-in (chosen already, elsewhere): its own page."""
    return redirect(url_for("checkins.show", checkin_id=checkin.id), 303)


@bp.post("/checkins/<int:checkin_id>/versions")
@login_required
def choose_version(checkin_id: int):
    checkin = owned_or_404(CheckIn, checkin_id, WITH_PARTS)
    db.session.refresh(checkin, with_for_update=True)  # one choice decides at a time
    if not checkin.waiting:
        return back_to(checkin)
    parts = queries.user_parts(db.session, current_user.id)
    if not versions.choose(checkin, request.form.get("keep", ""),
                           lambda new: write(checkin, new, parts, current_user)):
        return checkin_versions(checkin, parts, problem="Please choose which version to keep."), 422
    db.session.commit()
    flash("Your changes are saved.", "success")
    return redirect(url_for("checkins.show", checkin_id=checkin.id), 303)


@bp.route("/checkins/<int:checkin_id>/delete", methods=["GET", "POST"])
@login_required
def delete(checkin_id: int):
    checkin = owned_or_404(CheckIn, checkin_id, WITH_PARTS)
    if request.method == "GET":
        return deleting.confirm(
            "Delete check-in", "Delete this check-in?",
            url_for("checkins.delete", checkin_id=checkin.id),
            url_for("checkins.show", checkin_id=checkin.id),
            summary=f"Your check-in from {local_time(checkin.occurred_at)}:",
            detail="checkins/_detail.html",
            checkin=checkin,
        )
    db.session.delete(checkin)
    db.session.commit()
    return deleting.done("That check-in is deleted.", url_for("checkins.history"))
