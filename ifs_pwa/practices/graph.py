"""What comes next in a practice: the one place that answers it, for the server and the page.

A practice is a small directed graph. Every choice option names the step it leads to, every
other step names its successor (or, when nothing branches into it, the step after it in the
file), and ``end`` means "the practice is over: thank the part and save". The loader resolves
those rules once and checks the graph (loader.py); the views, the no-JavaScript form and the
data attributes practice.js follows are all computed from the functions here, so the stepper
and the server can never disagree about the path.

Around the practice's own steps the page adds three screens: ``intro`` (which part, Self-energy
before), the optional ``breathe_first`` and ``finish`` (Self-energy after, save).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .loader import Practice

END = "end"
INTRO = "intro"
FINISH = "finish"
BREATHE_FIRST = "breathe_first"
RESERVED = (END, INTRO, FINISH, BREATHE_FIRST)
ANSWER_PREFIX = "answer-"


def after_step(practice: Practice, step_id: str, answer: str | None) -> str | None:
    """The step id (or END) after one step given its answer; None while a choice is unmade."""
    step = practice.step(step_id)
    if step is None:
        return None
    if step.kind != "choose":
        return step.next
    option = next((o for o in step.options if o.value == answer), None)
    return option.goto if option else None


def following(practice: Practice, screen: str, answers: Mapping[str, str],
              breathe: bool) -> str | None:
    """The screen after this one: intro → (breathe first) → the steps → finish."""
    if screen == INTRO:
        return BREATHE_FIRST if practice.breathe_first and breathe else practice.start
    if screen == BREATHE_FIRST:
        return practice.start
    if screen == FINISH:
        return None
    target = after_step(practice, screen, answers.get(screen))
    return FINISH if target == END else target


def screens(practice: Practice) -> tuple[str, ...]:
    return (INTRO, *(s.id for s in practice.all_steps), FINISH)


def walk(practice: Practice, answers: Mapping[str, str], breathe: bool) -> list[str]:
    """The screens someone passes with these answers, up to the finish or an unmade choice."""
    path, screen = [], INTRO
    while screen is not None and screen not in path:
        path.append(screen)
        screen = following(practice, screen, answers, breathe)
    return path


def form_answers(practice: Practice, form) -> dict[str, str]:
    """The raw answer to every step, as a form (live, replayed or no-JS) sent them."""
    return {s.id: (form.get(ANSWER_PREFIX + s.id) or "").strip() for s in practice.steps}


def step_paths(practice: Practice) -> Iterator[list[tuple[str, str | None]]]:
    """Every route through the steps: (step id, the option chosen or None), start to end.

    The loader has refused cycles, so this is finite; the tests walk all of it.
    """
    def go(step_id: str, trail: list[tuple[str, str | None]]):
        step = practice.step(step_id)
        if step.kind == "choose":
            for option in step.options:
                here = [*trail, (step_id, option.value)]
                if option.goto == END:
                    yield here
                else:
                    yield from go(option.goto, here)
        else:
            here = [*trail, (step_id, None)]
            if step.next == END:
                yield here
            else:
                yield from go(step.next, here)

    yield from go(practice.start, [])


def edges(practice: Practice) -> set[tuple[str, str]]:
    """Every (from, to) link between steps, END included."""
    found = set()
    for step in practice.steps:
        targets = [o.goto for o in step.options] if step.kind == "choose" else [step.next]
        found.update((step.id, target) for target in targets)
    return found
