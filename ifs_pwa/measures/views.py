"""Questionnaires: answer, see a plain-language result, and watch change over time."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import deleting, htmx
from ..clock import local_date, today
from ..extensions import db
from ..records import (
    insert_once,
    made_at,
    new_client_id,
    owned,
    owned_or_404,
    read_client_id,
)
from . import chart
from .instruments import (
    DIFFICULTY,
    DIFFICULTY_QUESTION,
    INSTRUMENTS,
    PHQ9,
    WHO5,
    Instrument,
    get,
    next_step,
    parse_answers,
)
from .instruments import score as score_answers
from .models import MeasureResult
from .suggest import due_measure

bp = Blueprint("measures", __name__, url_prefix="/measures")
bp.add_app_template_global(next_step)
HISTORY_LENGTH = 12


@bp.app_template_global()
def measure_due() -> Instrument | None:
    """For Today's gentle suggestion partial (templates/measures/_due.html)."""
    if not current_user.is_authenticated:
        return None
    return due_measure(db.session, current_user.id, today(current_user.timezone))


def instrument_or_404(slug: str) -> Instrument:
    instrument = get(slug)
    if instrument is None:
        abort(404)
    return instrument


def history(instrument: Instrument) -> list[MeasureResult]:
    """The latest results, oldest first, for the chart and its table."""
    rows = db.session.scalars(
        owned(MeasureResult).where(MeasureResult.instrument == instrument.slug)
        .order_by(MeasureResult.taken_at.desc()).limit(HISTORY_LENGTH)
    ).all()
    return list(reversed(rows))


def history_chart(instrument: Instrument, rows: list[MeasureResult]) -> chart.Chart | None:
    if not rows:
        return None
    scale = 4 if instrument is WHO5 else 1
    marks = [b.low * scale for b in instrument.bands[1:]]
    values = [(r.score * scale, r.item9_flag) for r in rows]
    return chart.build(values, instrument.max_score * scale, marks)


# A client_id names one record; the same id arriving for another questionnaire is not a repeat.
CLIENT_ID_TAKEN = ("These answers came with an id already used by another questionnaire, so they "
                   "weren't saved. Your answers are kept: please press the button again.")


def form_page(instrument: Instrument, answers, missing=(), difficulty=None, client_id=None,
              status=200, client_id_problem=None):
    rows = history(instrument)
    return htmx.render(
        "measures/measure.html", "measures/_form.html",
        instrument=instrument, answers=answers, missing=list(missing),
        difficulty=difficulty, difficulties=DIFFICULTY,
        difficulty_question=DIFFICULTY_QUESTION, client_id=client_id or new_client_id(),
        client_id_problem=client_id_problem,
        rows=rows, chart=history_chart(instrument, rows),
    ), status


@bp.get("/")
@login_required
def index():
    latest: dict[str, MeasureResult] = {}
    for row in db.session.scalars(owned(MeasureResult).order_by(MeasureResult.taken_at.desc())
                                  .limit(60)):
        latest.setdefault(row.instrument, row)
    return render_template("measures/index.html", instruments=INSTRUMENTS.values(), latest=latest)


@bp.get("/<slug>")
@login_required
def show(slug: str):
    instrument = instrument_or_404(slug)
    return form_page(instrument, [None] * len(instrument.items))


@bp.post("/<slug>")
@login_required
def save(slug: str):
    instrument = instrument_or_404(slug)
    answers, missing = parse_answers(instrument, request.form)
    difficulty = request.form.get("difficulty")
    difficulty = difficulty if instrument.follow_up and difficulty in DIFFICULTY else None
    client_id, problem = read_client_id(request.form.get("client_id"))
    if missing or problem:
        return form_page(instrument, answers, missing, difficulty,
                         client_id=str(client_id) if client_id else None, status=422,
                         client_id_problem=problem)
    result = score_answers(instrument, answers)
    # Taken perhaps offline at 23:50 and sent the next morning: it counts for the evening.
    taken_at = made_at(request.form, current_user.timezone)
    record, created = insert_once(db.session, MeasureResult(
        user_id=current_user.id, client_id=client_id, instrument=instrument.slug,
        answers={"items": answers, "difficulty": difficulty}, score=result.total,
        band=result.band.key, item9_flag=result.item9_flag,
        taken_at=taken_at, local_date=local_date(taken_at, current_user.timezone),
    ))
    if record.instrument != instrument.slug:
        db.session.rollback()
        return form_page(instrument, answers, (), difficulty, status=422,
                         client_id_problem=CLIENT_ID_TAKEN)
    db.session.commit()
    if not htmx.is_fragment():
        return redirect(url_for("measures.result", slug=slug, result_id=record.id), code=303)
    context = result_context(instrument, record)
    rows = history(instrument)
    # The result takes the form's place; the history under it is replaced too (hx-swap-oob),
    # so the new score is in the chart and table without a reload.
    markup = (render_template("measures/_result.html", show_history_link=True, **context)
              + render_template("measures/_history.html", oob=True, rows=rows,
                                chart=history_chart(instrument, rows), instrument=instrument))
    return markup, 201 if created else 200


def owned_result(slug: str, result_id: int):
    """One of the person's results, reached only under its own questionnaire's address."""
    instrument = instrument_or_404(slug)
    record = owned_or_404(MeasureResult, result_id)
    if record.instrument != instrument.slug:
        abort(404)
    return instrument, record


@bp.get("/<slug>/results/<int:result_id>")
@login_required
def result(slug: str, result_id: int):
    instrument, record = owned_result(slug, result_id)
    rows = history(instrument)
    return render_template("measures/result.html", rows=rows, chart=history_chart(instrument, rows),
                           **result_context(instrument, record))


@bp.route("/<slug>/results/<int:result_id>/delete", methods=["GET", "POST"])
@login_required
def delete_result(slug: str, result_id: int):
    instrument, record = owned_result(slug, result_id)
    if request.method == "GET":
        when = record.local_date.strftime("%d %B %Y")
        return deleting.confirm(
            f"Delete a {instrument.name} result", f"Delete your {instrument.name} from {when}?",
            url_for("measures.delete_result", slug=slug, result_id=record.id),
            url_for("measures.result", slug=slug, result_id=record.id),
        )
    db.session.delete(record)
    db.session.commit()
    return deleting.done("That result is deleted.", url_for("measures.show", slug=slug))


def result_context(instrument: Instrument, record: MeasureResult) -> dict:
    """Everything the result needs, including the change since the previous one."""
    previous = db.session.scalar(
        select(MeasureResult.score).where(
            MeasureResult.user_id == record.user_id, MeasureResult.instrument == record.instrument,
            MeasureResult.taken_at < record.taken_at,
        ).order_by(MeasureResult.taken_at.desc()).limit(1)
    )
    scored = score_answers(instrument, record.answers["items"])
    return {"instrument": instrument, "record": record, "scored": scored, "previous": previous,
            "is_phq9": instrument is PHQ9}
