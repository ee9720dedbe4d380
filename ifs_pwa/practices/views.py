"""Guided practices: a catalogue, one page per practice, and the sessions people save."""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import deleting, htmx
from ..auth.models import CAUTION_KEY, utcnow
from ..extensions import db
from ..parts.models import Part
from ..records import insert_once, new_client_id, owned, owned_or_404, parse_client_id
from .history import library, readable_answers
from .loader import load_library
from .models import PracticeSession
from .sessions import proposed_updates, read_submission

bp = Blueprint("practices", __name__, url_prefix="/practices")


@bp.record_once
def load_practices(state) -> None:
    """Read and check every practice file at start-up; a broken one stops the boot."""
    folder = state.app.config.get("PRACTICE_LIBRARY")
    state.app.extensions["practices"] = load_library(folder) if folder else load_library()


@bp.before_request
@login_required
def require_login():
    """Answers are personal; the catalogue only makes sense with an account."""


@bp.app_template_filter("local_time")
def local_time(moment) -> str:
    """A stored UTC time as the person reads it, in their own time zone."""
    if moment is None:
        return ""
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=UTC)
    try:
        zone = ZoneInfo(current_user.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return moment.astimezone(zone).strftime("%a %-d %b %Y, %H:%M")


def acknowledged_caution() -> bool:
    return bool((current_user.settings or {}).get(CAUTION_KEY))


def practice_or_404(slug: str):
    practice = library().get(slug)
    if practice is None:
        abort(404)
    return practice


def active_parts() -> list[Part]:
    return list(db.session.scalars(owned(Part).where(Part.archived.is_(False)).order_by(Part.name)))


@bp.get("/")
def index():
    practices = list(library().values())
    return render_template(
        "practices/index.html", acknowledged=acknowledged_caution(),
        alone=[p for p in practices if p.setting == "alone"],
        therapist=[p for p in practices if p.setting == "therapist"],
    )


def practice_page(practice, values, errors, status=200, client_id=None):
    return htmx.render(
        "practices/show.html", "practices/_form.html", practice=practice, parts=active_parts(),
        values=values, errors=errors, client_id=client_id or new_client_id(),
    ), status


@bp.get("/<slug>")
def show(slug: str):
    practice = practice_or_404(slug)
    if practice.gated and not acknowledged_caution():
        return render_template("practices/caution.html", practice=practice)
    return practice_page(practice, {"part_id": request.args.get("part", "")}, {})


@bp.post("/caution")
def acknowledge():
    practice = practice_or_404(request.form.get("slug", ""))
    if request.form.get("understood") != "yes":
        return render_template("practices/caution.html", practice=practice, missing=True), 422
    current_user.settings = {**(current_user.settings or {}), CAUTION_KEY: utcnow().isoformat()}
    db.session.commit()
    return redirect(url_for("practices.show", slug=practice.slug), 303)


@bp.post("/<slug>")
def save(slug: str):
    practice = practice_or_404(slug)
    if practice.gated and not acknowledged_caution():
        abort(403)
    own_ids = set(db.session.scalars(owned(Part).with_only_columns(Part.id)))
    submission = read_submission(practice, request.form, own_ids, utcnow())
    client_id = parse_client_id(request.form.get("client_id"))
    if client_id is None:
        submission.errors["client_id"] = "This form was damaged on the way. Please reload the page."
    if submission.errors:
        return practice_page(practice, request.form, submission.errors, 422,
                             client_id=request.form.get("client_id"))
    record = PracticeSession(
        user_id=current_user.id, client_id=client_id, practice_slug=practice.slug,
        part_id=submission.part_id, answers=submission.answers,
        started_at=submission.started_at, finished_at=submission.finished_at,
        finished=submission.finished, self_energy_before=submission.self_energy_before,
        self_energy_after=submission.self_energy_after,
    )
    record, created = insert_once(db.session, record)
    db.session.commit()
    if htmx.is_fragment():
        return render_template("practices/_saved.html", **session_context(record)), (
            201 if created else 200)
    return redirect(url_for("practices.session", session_id=record.id), 303)


def session_context(record: PracticeSession) -> dict:
    practice = library().get(record.practice_slug)
    part = db.session.get(Part, record.part_id) if record.part_id else None
    if part is not None and part.user_id != record.user_id:
        part = None
    proposals = {}
    if practice and part and record.finished and not record.part_updated:
        proposals = proposed_updates(practice, record.answers or {}, part)
    return {"record": record, "practice": practice, "part": part, "proposals": proposals,
            "entries": readable_answers(practice, record.answers or {})}


@bp.get("/sessions/<int:session_id>")
def session(session_id: int):
    record = owned_or_404(PracticeSession, session_id)
    return render_template("practices/session.html", **session_context(record))


@bp.post("/sessions/<int:session_id>/update-part")
def update_part(session_id: int):
    record = owned_or_404(PracticeSession, session_id)
    context = session_context(record)
    part = context["part"]
    if part is None:
        abort(404)
    for name, value in context["proposals"].items():
        setattr(part, name, value)
    record.part_updated = True
    db.session.commit()
    flash("The part's page now holds what you learned today.", "success")
    return redirect(url_for("parts.show", part_id=part.id), 303)


@bp.route("/sessions/<int:session_id>/delete", methods=["GET", "POST"])
def delete_session(session_id: int):
    record = owned_or_404(PracticeSession, session_id)
    practice = library().get(record.practice_slug)
    title = practice.title if practice else record.practice_slug
    if request.method == "GET":
        return deleting.confirm(
            "Delete this practice", f"Delete this {title} session and your answers in it?",
            url_for("practices.delete_session", session_id=record.id),
            url_for("practices.session", session_id=record.id),
        )
    db.session.delete(record)
    db.session.commit()
    return deleting.done("That practice session is deleted.", url_for("practices.index"))
