"""Reading a practice (finished or paused) from its form, and what it could teach a part.

No Flask here: the same rules serve a form posted live and one replayed from the offline outbox.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..clock import phone_time
from .graph import ANSWER_PREFIX, END, after_step, form_answers
from .loader import Practice

MAX_ANSWER = 10_000


@dataclass
class Submission:
    answers: dict[str, str] = field(default_factory=dict)
    part_id: int | None = None
    self_energy_before: int | None = None
    self_energy_after: int | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    finished: bool = False
    errors: dict[str, str] = field(default_factory=dict)


def energy(raw: str | None) -> tuple[int | None, bool]:
    """A 0–10 Self-energy rating or nothing; the flag says whether it was readable."""
    text = (raw or "").strip()
    if not text:
        return None, True
    if text.isdecimal() and 0 <= int(text) <= 10:  # not isdigit: int("²") fails
        return int(text), True
    return None, False


def on_path(practice: Practice, answers: dict[str, str]) -> list[str]:
    """The step ids these answers walk through, from the first step to the end or a choice
    not (or not validly) made; the graph decides, never the order of the file."""
    path, step_id = [], practice.start
    while step_id not in (None, END) and step_id not in path:
        path.append(step_id)
        step_id = after_step(practice, step_id, answers.get(step_id))
    return path


def check_answer(step, raw: str) -> str | None:
    if step.kind == "choose" and raw not in {o.value for o in step.options}:
        return "Please choose one of the answers offered."
    if len(raw) > MAX_ANSWER:
        return (f"That's a lot to hold in one answer: please keep it under {MAX_ANSWER:,} "
                f"characters (it is {len(raw):,} now).")
    return None


def read_answers(practice: Practice, form, errors: dict[str, str]) -> dict[str, str]:
    """The answers on the path actually taken. An answer left behind on a branch someone
    went back from is dropped: it belongs to a route they didn't take."""
    raw = form_answers(practice, form)
    answers = {}
    for step_id in on_path(practice, raw):
        step = practice.step(step_id)
        if not raw[step_id] or step.kind not in ("reflect", "choose"):
            continue
        problem = check_answer(step, raw[step_id])
        if problem:
            errors[ANSWER_PREFIX + step_id] = problem
        answers[step_id] = raw[step_id]
    return answers


def read_submission(practice: Practice, form, own_part_ids: set[int], now: datetime,
                    tz_name: str | None = None) -> Submission:
    """Everything the practice form sent, checked; problems are keyed by the field's name.

    practice.js stamps when the practice began and ended on the phone; a session replayed from
    the outbox keeps those times, within the bounds every phone time has (clock.phone_time)."""
    sub = Submission()
    sub.answers = read_answers(practice, form, sub.errors)
    raw_part = (form.get("part_id") or "").strip()
    if raw_part:
        if raw_part.isdecimal() and int(raw_part) in own_part_ids:
            sub.part_id = int(raw_part)
        else:
            sub.errors["part_id"] = "Please choose one of your own parts, or none."
    for name in ("self_energy_before", "self_energy_after"):
        value, ok = energy(form.get(name))
        setattr(sub, name, value)
        if not ok:
            sub.errors[name] = "Please choose a number from 0 to 10, or leave it empty."
    sub.finished = "1" in form.getlist("finished")
    sub.started_at = phone_time(form.get("started_at"), tz_name, now)
    sub.finished_at = phone_time(form.get("finished_at"), tz_name, now) if sub.finished else None
    return sub
