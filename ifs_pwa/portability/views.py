"""Taking your data with you and bringing it back: export, import, a summary for a therapist."""

from __future__ import annotations

import json
from datetime import timedelta

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import RequestEntityTooLarge

from .. import htmx
from ..checkins import calendar
from ..checkins.models import CheckIn
from ..checkins.vocab import MOOD_WORDS
from ..clock import today
from ..errors import handle_http
from ..extensions import db
from . import daylio, export, restore, summary, uploads
from .forms import SECTIONS, SummaryForm, UploadForm
from .schema import Problem

bp = Blueprint("portability", __name__, url_prefix="/account")


def download(body: str, mimetype: str, extension: str) -> Response:
    """A dated attachment that no cache (the service worker's included) keeps a copy of."""
    name = f"befriend-{today(current_user.timezone).isoformat()}.{extension}"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.cache_control.no_store = True
    return response


@bp.get("/export.json")
@login_required
def export_json():
    document = export.gather(db.session, current_user)
    return download(json.dumps(document, ensure_ascii=False, indent=1), "application/json",
                    "json")


@bp.get("/export.csv")
@login_required
def export_csv():
    return download(export.checkins_csv(db.session, current_user), "text/csv", "csv")


def import_page(form: UploadForm, status: int = 200, problem: str | None = None):
    if problem:
        form.file.errors = [problem]
    return render_template("portability/import.html", form=form), status


def refused(form: UploadForm, status: int, problem: str | None = None):
    """Why a file can't come in. htmx shows it under the form, which keeps the chosen file;
    without JavaScript the import page comes back with the message at the file field."""
    if not htmx.is_fragment():
        return import_page(form, status, problem)
    message = problem or (form.file.errors or ["That file can't be brought in."])[0]
    return render_template("portability/_import_problem.html", message=message), status


def went_through(message: str, category: str = "success"):
    """Back to the import page with a message: htmx is told to go there, a form gets a 303."""
    flash(message, category)
    target = url_for("portability.import_form")
    if htmx.is_fragment():
        return Response("", 200, {"HX-Redirect": target})
    return redirect(target, 303)


IMPORTS = ("portability.import_file", "portability.import_daylio")


@bp.url_value_preprocessor
def imports_take_whole_exports(endpoint: str | None, values: dict | None) -> None:
    """The import routes accept bodies up to IMPORT_MAX_BYTES, set before anything (the CSRF
    check included) reads the form; this runs ahead of every before_request function."""
    if endpoint in IMPORTS:
        request.max_content_length = uploads.file_limit()


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):
    """A body over the server's limit (MAX_CONTENT_LENGTH) is refused before any view runs.
    Bringing a file in, the person gets the import page back saying why, as for any file
    that can't come in; everywhere else the generic 413 page stands."""
    if request.endpoint not in IMPORTS or not current_user.is_authenticated:
        return handle_http(error)
    return refused(UploadForm(formdata=None), 422, uploads.too_large())


@bp.get("/import")
@login_required
def import_form():
    return import_page(UploadForm(formdata=None))


@bp.post("/import")
@login_required
def import_file():
    """A Daylio file goes to its mapping preview. A Befriend export is checked and previewed
    (counts of what is new and what is already here); only a second post of the same file,
    with the preview's fingerprint as `confirm`, writes it, in one transaction."""
    form = UploadForm()
    if not form.validate():
        return refused(form, 422)
    try:
        text = uploads.read_upload(form.file.data)
        if daylio.looks_like_daylio(text):
            return daylio_preview(text, uploads.seal(text, current_user.id))
        if not text.lstrip().startswith("{"):
            raise Problem("That file isn't a Befriend export (.json) or a Daylio export (.csv), "
                          "so we couldn't bring anything in.")
        checked = restore.check(text)
        shown, fingerprint = request.form.get("confirm", ""), uploads.fingerprint(text)
        if shown != fingerprint:
            return restore_preview(form, restore.dry_run(db.session, current_user, checked),
                                   fingerprint, another_file=bool(shown))
        outcome = restore.restore(db.session, current_user, checked)
        db.session.commit()
    except Problem as problem:
        db.session.rollback()
        return refused(form, 422, str(problem))
    except IntegrityError:
        db.session.rollback()
        message = ("Something changed while the file was being brought in, so nothing was "
                   "added. Please try again.")
        if htmx.is_fragment():  # htmx swaps no 409 in: say it on the import page instead
            return went_through(message, "info")
        return import_page(form, 409, message)
    return went_through(restored_message(outcome))


def restore_preview(form: UploadForm, outcome: restore.Outcome, fingerprint: str,
                    another_file: bool):
    """What the file would bring back. htmx puts it under the still-filled form, with a button
    that sends the form again; without JavaScript the page asks for the same file again."""
    rows = [(restore.SINGULAR[name], outcome.added[name], outcome.already[name])
            for name in restore.LISTS if outcome.added[name] or outcome.already[name]]
    return htmx.render(
        "portability/restore_preview.html", "portability/_restore_preview.html", form=form,
        rows=rows, outcome=outcome, fingerprint=fingerprint, another_file=another_file,
        new=sum(outcome.added.values()) + (outcome.plan == "added"),
    )


def restored_message(outcome: restore.Outcome) -> str:
    added = sum(outcome.added.values())
    if not added:
        message = "Everything in that file was already here, so nothing new was added."
    else:
        words = [f"{n} {restore.SINGULAR[name]}{'s' if n != 1 else ''}"
                 for name, n in outcome.added.items() if n]
        message = f"Brought back {', '.join(words)}."
    if outcome.plan == "kept":
        message += " Your current safety plan was kept as it is."
    return message


def known_checkins() -> set:
    """Every client_id of the person's check-ins (one query; an IN list of a long file's ids
    could pass the database's limit on parameters)."""
    return set(db.session.scalars(select(CheckIn.client_id)
                                  .where(CheckIn.user_id == current_user.id)))


def daylio_preview(text: str, sealed: str, errors: dict | None = None, chosen=None,
                   status: int = 200):
    rows = daylio.parse(text)
    names = daylio.labels(rows)
    ids = [row.client_id for row in rows]
    known = known_checkins().intersection(ids)
    moods = [(i, name, (chosen or {}).get(name) or daylio.suggested(name)) for i, name in
             enumerate(names)]
    return htmx.render(
        "portability/daylio_preview.html", "portability/_daylio_preview.html", rows=rows,
        first_rows=rows[:5], moods=moods,
        new=len([i for i in ids if i not in known]), known=len(known), sealed=sealed,
        errors=errors or {}, unknown_default=daylio.UNKNOWN_MOOD, mood_words=MOOD_WORDS,
        first=min(r.day for r in rows), last=max(r.day for r in rows),
    ), status


@bp.post("/import/daylio")
@login_required
def import_daylio():
    sealed = request.form.get("sealed", "")
    try:
        rows = daylio.parse(uploads.unseal(sealed, current_user.id))
    except Problem as problem:
        return refused(UploadForm(formdata=None), 422, str(problem))
    mapping, errors = daylio.read_mapping(request.form, daylio.labels(rows))
    if errors:
        return daylio_preview(uploads.unseal(sealed, current_user.id), sealed, errors, mapping,
                              422)
    known = known_checkins()
    added = [c for c in daylio.checkins(rows, mapping, current_user.id, current_user.timezone)
             if c.client_id not in known]
    db.session.add_all(added)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        message = ("Something changed while the file was being brought in, so nothing was "
                   "added. Please try again.")
        if htmx.is_fragment():
            return went_through(message, "info")
        return import_page(UploadForm(formdata=None), 409, message)
    return went_through(
        f"Brought in {len(added)} check-in{'s' if len(added) != 1 else ''} from Daylio"
        + (f"; {len(rows) - len(added)} were already here." if len(added) < len(rows)
           else "."))


@bp.get("/summary")
@login_required
def summary_page():
    choices = summary.practised(db.session, current_user.id)
    if "start" not in request.args:
        local_today = today(current_user.timezone)
        form = SummaryForm(formdata=None, start=local_today - timedelta(days=29),
                           end=local_today, include=[k for k, _ in SECTIONS],
                           practices=[slug for slug, _ in choices])
        form.practices.choices = choices
        return summary_form(form)
    form = SummaryForm(formdata=request.args)
    form.practices.choices = choices
    if not form.validate():
        return summary_form(form, 422)
    found = summary.build(db.session, current_user.id, current_user.timezone, form.start.data,
                          form.end.data, form.include.data, form.practices.data)
    response = Response(render_template("portability/summary.html", found=found, cal=calendar,
                                        today=today(current_user.timezone)))
    response.cache_control.no_store = True
    return response


def summary_form(form: SummaryForm, status: int = 200):
    return render_template("portability/summary_form.html", form=form), status
