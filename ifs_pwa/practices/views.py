"""Guided practices: a catalogue, one page per practice, and the sessions people save."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import deleting, htmx
from ..auth.models import CAUTION_KEY
from ..clock import local_date, utcnow
from ..extensions import db
from ..parts.models import Part
from ..parts.relations import related_pairs
from ..records import insert_once, new_client_id, owned, owned_or_404, read_client_id
from . import learned
from .graph import FINISH, INTRO, following, form_answers, screens
from .history import library, readable_answers, sessions_for_part
from .loader import load_library
from .models import PracticeSession
from .readiness import hard_day_reasons, ready_token, token_is_valid
from .sessions import check_answer, read_submission
from .wording import FALLBACKS, named

bp = Blueprint("practices", __name__, url_prefix="/practices")
# A part's page shows the practices to do with it and the sessions done with it; offered here
# as template globals so that parts, which practices builds on, never imports practices.
bp.add_app_template_global(library, "practice_library")
bp.add_app_template_global(sessions_for_part, "part_practice_sessions")
# Practice words name the chosen part; the filter returns plain text, which autoescape escapes.
bp.add_app_template_filter(named, "named")


@bp.record_once
def load_practices(state) -> None:
    """Read and check every practice file at start-up; a broken one stops the boot."""
    folder = state.app.config.get("PRACTICE_LIBRARY")
    state.app.extensions["practices"] = load_library(folder) if folder else load_library()


@bp.after_request
def exile_pages_are_never_stored(response):
    """Exile work is judged afresh each session on the server (today's state, the caution), so
    none of its pages may be kept by the service worker and shown again offline."""
    slug = (request.view_args or {}).get("slug") or (
        request.form.get("slug") if request.endpoint == "practices.acknowledge" else None)
    practice = library().get(slug or "")
    if practice is not None and practice.gated:
        response.headers["Cache-Control"] = "no-store"
    return response


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
@login_required
def index():
    practices = list(library().values())
    return render_template(
        "practices/index.html", acknowledged=acknowledged_caution(),
        alone=[p for p in practices if p.setting == "alone"],
        therapist=[p for p in practices if p.setting == "therapist"],
    )


def chosen_parts(practice, parts: list[Part], values, posted: bool):
    """(values, part, other, pairs): the part (and a pair practice's second part) the words
    name. A pair practice opened afresh offers a pair the person recorded: the chosen part's
    partner, or, with no part chosen, the first pair noted."""
    by_id = {str(p.id): p for p in parts}
    part = by_id.get(str(values.get("part_id") or "").strip())
    if not practice.pair:
        return values, part, None, []
    pairs = related_pairs(db.session, current_user.id, practice.pair)
    other = by_id.get(str(values.get("other_id") or "").strip())
    if other is part:
        other = None
    if not posted and other is None and pairs:
        if part is None:
            part, other = pairs[0]
        else:
            other = next((b if a is part else a for a, b in pairs if part in (a, b)), None)
        values = {**values, "part_id": str(part.id), "other_id": str(other.id) if other else ""}
    return values, part, other, pairs


def practice_page(practice, values, errors, status=200, client_id=None, at=INTRO, trail=(),
                  posted=False):
    """The practice as one form. ``at`` is the screen shown without JavaScript (the server
    steps through the graph one screen per request); practice.js takes over when it runs."""
    parts = active_parts()
    values, part, other, pairs = chosen_parts(practice, parts, values, posted)
    return htmx.render(
        "practices/show.html", "practices/_form.html", practice=practice, parts=parts,
        values=values, errors=errors, client_id=client_id or new_client_id(), at=at,
        trail=list(trail), posted=posted, part_name=part.name if part else "",
        other_name=other.name if other else "", pairs=pairs, fallbacks=FALLBACKS,
        ready=ready_token(current_user, practice.slug) if practice.gated else "",
    ), status


def hard_day_page(practice, reasons):
    return render_template("practices/not_today.html", practice=practice, reasons=reasons)


def caution_page(practice, status=200, **extra):
    return render_template("practices/caution.html", practice=practice,
                           first_time=not acknowledged_caution(),
                           part_id=request.values.get("part", ""), **extra), status


@bp.get("/<slug>")
@login_required
def show(slug: str):
    practice = practice_or_404(slug)
    if practice.gated:
        # Every session of exile work starts with the readiness check, never a stored "yes".
        reasons = hard_day_reasons(current_user)
        return hard_day_page(practice, reasons) if reasons else caution_page(practice)
    return practice_page(practice, {"part_id": request.args.get("part", ""),
                                    "other_id": request.args.get("other", "")}, {})


@bp.post("/caution")
@login_required
def acknowledge():
    """The readiness check answered: the practice itself is the response (no stored pass),
    so reloading or coming back later starts with the check again."""
    practice = practice_or_404(request.form.get("slug", ""))
    if not practice.gated:
        return redirect(url_for("practices.show", slug=practice.slug), 303)
    reasons = hard_day_reasons(current_user)
    if reasons:
        return hard_day_page(practice, reasons)
    understood = request.form.get("understood") == "yes"
    self_here = request.form.get("self_here")
    if not understood or self_here not in ("yes", "no"):
        return caution_page(practice, 422, missing_ack=not understood,
                            missing_self=self_here not in ("yes", "no"), self_here=self_here,
                            understood=understood)
    if self_here == "no":
        return render_template("practices/not_now.html", practice=practice)
    if not acknowledged_caution():
        current_user.settings = {**(current_user.settings or {}),
                                 CAUTION_KEY: utcnow().isoformat()}
        db.session.commit()
    return practice_page(practice, {"part_id": request.form.get("part", "")}, {})


def step_page(practice, form):
    """No JavaScript: Next and Back are posted, and the server moves along the same graph."""
    valid = screens(practice)
    at = form.get("at") if form.get("at") in valid else INTRO
    trail = [s for s in (form.get("trail") or "").split(",") if s in valid][:len(valid)]
    errors: dict[str, str] = {}
    answers = form_answers(practice, form)
    if form.get("go") == "back":
        at = trail.pop() if trail else INTRO
    elif at != FINISH:
        step = practice.step(at)
        raw = answers.get(at, "")
        if step and step.kind in ("reflect", "choose") and (raw or step.kind == "choose"):
            problem = check_answer(step, raw)
            if problem:
                errors["answer-" + at] = problem
        if not errors:
            trail.append(at)
            at = following(practice, at, answers, form.get("breathe_first") == "1")
    return practice_page(practice, form, errors, 422 if errors else 200,
                         client_id=form.get("client_id"), at=at, trail=trail, posted=True)


@bp.post("/<slug>")
@login_required
def save(slug: str):
    practice = practice_or_404(slug)
    if practice.gated and not token_is_valid(request.form.get("ready"), current_user, slug):
        abort(403)
    if request.form.get("go") in ("next", "back") and "1" not in request.form.getlist("finished"):
        return step_page(practice, request.form)
    own_ids = set(db.session.scalars(owned(Part).with_only_columns(Part.id)))
    submission = read_submission(practice, request.form, own_ids, utcnow(),
                                 current_user.timezone)
    client_id, problem = read_client_id(request.form.get("client_id"))
    if problem:
        submission.errors["client_id"] = problem
    if submission.errors:
        return practice_page(practice, request.form, submission.errors, 422,
                             client_id=str(client_id) if client_id else None,
                             at=first_problem(practice, submission.errors), posted=True)
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


def first_problem(practice, errors: dict[str, str]) -> str:
    """The screen to open on after a 422: the first one holding a field that needs a look."""
    for screen in screens(practice):
        if "answer-" + screen in errors:
            return screen
    return FINISH if "self_energy_after" in errors else INTRO


def session_context(record: PracticeSession) -> dict:
    practice = library().get(record.practice_slug)
    part = db.session.get(Part, record.part_id) if record.part_id else None
    if part is not None and part.user_id != record.user_id:
        part = None
    proposals = []
    if practice and part and record.finished and not record.part_updated:
        day = local_date(record.started_at, current_user.timezone)
        proposals = learned.proposals(practice, record.answers or {}, part, day)
    return {"record": record, "practice": practice, "part": part, "proposals": proposals,
            "entries": readable_answers(practice, record.answers or {},
                                        part.name if part else "")}


@bp.get("/sessions/<int:session_id>")
@login_required
def session(session_id: int):
    record = owned_or_404(PracticeSession, session_id)
    return render_template("practices/session.html", **session_context(record))


@bp.post("/sessions/<int:session_id>/update-part")
@login_required
def update_part(session_id: int):
    """Keep on the part's page what the person chose on the review screen, field by field."""
    record = owned_or_404(PracticeSession, session_id)
    context = session_context(record)
    part = context["part"]
    if part is None:
        abort(404)
    chosen, problems = learned.choices_from(request.form, context["proposals"])
    if problems:
        return render_template("practices/session.html", **context, chosen=request.form,
                               problems=problems), 422
    changed = learned.keep(part, context["proposals"], chosen)
    record.part_updated = True
    db.session.commit()
    flash(f"{part.name}'s page now holds what you chose to keep." if changed
          else f"Nothing was changed on {part.name}'s page.", "success")
    return redirect(url_for("parts.show", part_id=part.id), 303)


@bp.route("/sessions/<int:session_id>/delete", methods=["GET", "POST"])
@login_required
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
