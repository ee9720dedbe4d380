"""The breathing page (public, works offline) and recording a finished session."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import deleting, htmx
from ..clock import local_date
from ..extensions import db
from ..records import insert_once, new_client_id, owned, owned_or_404
from .forms import BreathingSessionForm
from .models import BreathingSession
from .patterns import BY_SLUG, DEFAULT, MINUTES, PATTERNS, QUICK_BREATHS, local_path

bp = Blueprint("breathing", __name__)


def chosen_length(raw: str | None) -> str:
    """Minutes as asked for ("breaths" for a quick three, "open" for no end); one minute else."""
    allowed = {str(m) for m in MINUTES} | {"breaths", "open"}
    return raw if raw in allowed else "1"


def record_form(**kwargs) -> BreathingSessionForm:
    timezone = current_user.timezone if current_user.is_authenticated else "UTC"
    return BreathingSessionForm(timezone=timezone, **kwargs)


def page(form: BreathingSessionForm | None, status: int = 200):
    slug = request.args.get("pattern", DEFAULT)
    return render_template(
        "breathing/breathe.html",
        patterns=PATTERNS, pattern=BY_SLUG.get(slug, BY_SLUG[DEFAULT]), minutes=MINUTES,
        length=chosen_length(request.args.get("minutes")), quick_breaths=QUICK_BREATHS,
        then=local_path(request.args.get("then")), form=form,
    ), status


@bp.get("/breathe")
def breathe():
    form = record_form(formdata=None, client_id=new_client_id()) if (
        current_user.is_authenticated) else None
    return page(form)


@bp.post("/breathe/sessions")
@login_required
def record():
    form = record_form()
    if not form.validate():
        if htmx.is_fragment():
            return render_template("breathing/_record_form.html", form=form), 422
        return page(form, 422)
    moment = form.moment
    session = BreathingSession(
        user_id=current_user.id, client_id=form.client_id.uuid,
        pattern=form.pattern.data, spec=form.spec.data.strip(), seconds=form.seconds.data,
        finished_at=moment, local_date=local_date(moment, current_user.timezone),
    )
    row, created = insert_once(db.session, session)
    db.session.commit()
    if htmx.is_fragment():
        return render_template("breathing/_recorded.html", session=row), 201 if created else 200
    flash(f"Saved: {row.seconds // 60} min {row.seconds % 60} s of breathing.", "success")
    return redirect(url_for("breathing.breathe"), 303)


@bp.get("/breathe/sessions")
@login_required
def sessions():
    """The breathing the person has saved, newest first, each one deletable."""
    rows = db.session.scalars(owned(BreathingSession).order_by(
        BreathingSession.finished_at.desc(), BreathingSession.id.desc()).limit(100)).all()
    return render_template("breathing/sessions.html", sessions=rows,
                           names={p.slug: p.name for p in PATTERNS})


@bp.route("/breathe/sessions/<int:session_id>/delete", methods=["GET", "POST"])
@login_required
def delete(session_id: int):
    row = owned_or_404(BreathingSession, session_id)
    if request.method == "GET":
        return deleting.confirm(
            "Delete a breathing session",
            f"Delete the breathing session of {row.local_date.strftime('%d %B %Y')}?",
            url_for("breathing.delete", session_id=row.id), url_for("breathing.sessions"),
        )
    db.session.delete(row)
    db.session.commit()
    return deleting.done("That breathing session is deleted.", url_for("breathing.sessions"))
