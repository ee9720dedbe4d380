"""Practices are data: TOML files read once at start-up, refused loudly if anything is off.

A broken file must stop the app from booting (naming the file and the field), because a
practice that breaks half-way through for someone in a hard moment is far worse than a
deployment that never starts. The same goes for the practice's graph (graph.py): a choice that
leads nowhere, a step nothing reaches, a loop, or a protector's "no" that could still lead into
an exile step all stop the boot, with the step and the path named.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from . import wording
from .graph import BREATHE_FIRST, END, RESERVED

LIBRARY = Path(__file__).resolve().parent / "library"
STEP_KINDS = ("read", "reflect", "choose", "breathe", "pause")
TIMED_KINDS = ("breathe", "pause")
SETTINGS = ("alone", "therapist")
PART_FIELDS = ("job", "fears", "needs", "burdens", "description", "body_location")
# Never "unburdened": burdens often return, so one session only ever begins an unburdening.
STATUS_AFTER = ("", "getting_to_know", "befriended", "unburdening")
STEP_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
PATTERN = re.compile(r"^\d+(\.\d+)?(,\d+(\.\d+)?){3}$")
DEFAULT_PATTERN = "5.5,0,5.5,0"
# A pair practice is done with two parts the person noted as related this way (parts.models).
PAIRS = ("", "polarised")


class PracticeFileError(RuntimeError):
    """A practice file that can't be used, with the file and field to fix."""

    def __init__(self, filename: str, field: str, problem: str, step: str = "",
                 path: tuple[str, ...] = ()):
        where = f" (step '{step}')" if step else ""
        route = f"; path: {' → '.join(path)}" if path else ""
        super().__init__(f"practice file {filename}: field '{field}'{where}: {problem}{route}")
        self.filename, self.field, self.step, self.path = filename, field, step, path


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    goto: str
    refusal: bool = False  # a protector's "no" / "not yet", or parts that won't step back


@dataclass(frozen=True)
class Step:
    id: str
    kind: str
    title: str
    text: str = ""
    prompt: str = ""
    options: tuple[Option, ...] = ()
    pattern: str = DEFAULT_PATTERN
    seconds: int = 60
    updates: str = ""
    next: str = ""  # resolved by the loader for every step but a choice: a step id or END
    exile: bool = False  # a step in an exile's presence: never after a refusal, only when gated

    @property
    def stay_seconds(self) -> int:
        """How long the page holds this step in silence (its countdown, and what hands-free waits
        for); 0 for a step with no stay. Only a pause is a stay: a breathe step has its pacer."""
        return self.seconds if self.kind == "pause" else 0

    def option_label(self, value: str) -> str:
        return next((o.label for o in self.options if o.value == value), value)


@dataclass(frozen=True)
class Practice:
    slug: str
    title: str
    summary: str
    minutes: int
    setting: str
    offline: bool
    gated: bool
    with_part: bool
    breathe_first: bool
    status_after: str
    order: int
    steps: tuple[Step, ...]
    pair: str = ""  # "polarised": done with two parts, the second named {other} in the words
    safety: bool = False  # the crisis lines and the safety plan on every screen

    @property
    def named_parts(self) -> set[str]:
        """Which placeholders the practice's words use ("part", "other")."""
        return {key for step in self.steps for text in wording_of(step)
                for key in wording.used(text)}

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.all_steps if s.id == step_id), None)

    @property
    def start(self) -> str:
        return self.steps[0].id

    @property
    def all_steps(self) -> tuple[Step, ...]:
        """The steps as the page shows them, with "breathe first" in front when offered."""
        if not self.breathe_first:
            return self.steps
        first = Step(BREATHE_FIRST, "breathe", "Breathe first",
                     text="Before you turn inward, give your body a minute to settle. "
                          "You can skip this whenever you like.", next=self.start)
        return (first, *self.steps)


class Reader:
    """Pulls typed values out of one table, naming the exact field when one is wrong."""

    def __init__(self, filename: str, table: dict, where: str = ""):
        self.filename, self.table, self.where = filename, table, where

    def fail(self, key: str, problem: str):
        raise PracticeFileError(self.filename, f"{self.where}{key}", problem)

    def get(self, key: str, kind: type, default=None, required: bool = False):
        if key not in self.table:
            if required:
                self.fail(key, "is required")
            return default
        value = self.table[key]
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            self.fail(key, f"must be {kind.__name__}, not {type(value).__name__}")
        if kind is str and required and not value.strip():
            self.fail(key, "must not be empty")
        return value


def read_option(filename: str, raw, where: str) -> Option:
    if not isinstance(raw, dict):
        raise PracticeFileError(filename, where, "must be a table with value and label")
    r = Reader(filename, raw, f"{where}.")
    return Option(r.get("value", str, required=True), r.get("label", str, required=True),
                  r.get("goto", str, required=True), r.get("refusal", bool, False))


def read_step(filename: str, raw, index: int) -> Step:
    where = f"steps[{index}]"
    if not isinstance(raw, dict):
        raise PracticeFileError(filename, where, "must be a table")
    r = Reader(filename, raw, f"{where}.")
    step_id = r.get("id", str, required=True)
    if not STEP_ID.match(step_id) or step_id in RESERVED:
        r.fail("id", f"must be lower-case letters, digits or _ (and not {', '.join(RESERVED)})")
    kind = r.get("kind", str, required=True)
    if kind not in STEP_KINDS:
        r.fail("kind", f"must be one of {', '.join(STEP_KINDS)}")
    options = tuple(read_option(filename, o, f"{where}.options[{i}]")
                    for i, o in enumerate(r.get("options", list, [])))
    if kind == "choose" and len(options) < 2:
        r.fail("options", "a choose step needs at least two options")
    if kind != "choose" and options:
        r.fail("options", "only a choose step has options")
    next_id = r.get("next", str, "")
    if kind == "choose" and next_id:
        r.fail("next", "a choose step says where it leads in each option's goto, not in next")
    updates = r.get("updates", str, "")
    if updates and (kind != "reflect" or updates not in PART_FIELDS):
        r.fail("updates", f"only reflect steps may update one of {', '.join(PART_FIELDS)}")
    pattern = r.get("pattern", str, DEFAULT_PATTERN)
    if not PATTERN.match(pattern):
        r.fail("pattern", "must be four numbers: in, hold, out, hold (e.g. 5.5,0,5.5,0)")
    # A pause's length is its countdown: written down, never a silent default. Other steps
    # don't take one (a number there would promise a timer that never shows).
    if kind not in TIMED_KINDS and "seconds" in raw:
        r.fail("seconds", f"only {' and '.join(TIMED_KINDS)} steps take seconds")
    seconds = r.get("seconds", int, 60, required=kind == "pause")
    if not 5 <= seconds <= 900:
        r.fail("seconds", "must be between 5 and 900")
    step = Step(step_id, kind, r.get("title", str, required=True), r.get("text", str, ""),
                r.get("prompt", str, "", required=kind in ("reflect", "choose")), options, pattern,
                seconds, updates, next_id, r.get("exile", bool, False))
    if kind == "read" and not step.text.strip():
        r.fail("text", "a read step needs some text")
    return step


def wording_of(step: Step) -> list[str]:
    return [step.title, step.text, step.prompt, *(o.label for o in step.options)]


def check_wording(filename: str, steps: tuple[Step, ...], with_part: bool, pair: str) -> None:
    """Only known placeholders, and only those the practice can fill: {part} needs a practice
    done with a part, {other} a pair practice."""
    allowed = {"part"} if with_part else set()
    if pair:
        allowed.add("other")
    for index, step in enumerate(steps):
        fields = [("title", step.title), ("text", step.text), ("prompt", step.prompt)]
        fields += [(f"options[{i}].label", o.label) for i, o in enumerate(step.options)]
        for field, text in fields:
            where = f"steps[{index}].{field}"
            bad = wording.problems(text)
            if bad:
                raise PracticeFileError(
                    filename, where, f"'{bad[0]}' is not a placeholder this app knows: "
                    "write {part} or {Part} (the chosen part's name), {other} or {Other} "
                    "(a pair practice's second part), and no other braces", step.id)
            extra = wording.used(text) - allowed
            if extra:
                reason = ("{part} needs with_part = true" if "part" in extra
                          else '{other} needs pair = "polarised"')
                raise PracticeFileError(filename, where, f"uses a placeholder this practice "
                                        f"can't fill: {reason}", step.id)


def check_links(filename: str, steps: tuple[Step, ...]) -> tuple[Step, ...]:
    """Names that exist, and every step's successor made explicit (no falling through)."""
    ids = [s.id for s in steps]
    targets = {o.goto for s in steps for o in s.options}
    for index, step in enumerate(steps):
        if step.id in ids[:index]:
            raise PracticeFileError(filename, f"steps[{index}].id", f"'{step.id}' is used twice")
        for o_index, option in enumerate(step.options):
            if option.goto not in ids and option.goto != END:
                raise PracticeFileError(filename, f"steps[{index}].options[{o_index}].goto",
                                        f"no step has the id '{option.goto}'", step.id)
        if step.next and step.next not in ids and step.next != END:
            raise PracticeFileError(filename, f"steps[{index}].next",
                                    f"no step has the id '{step.next}'", step.id)
    resolved = []
    for index, step in enumerate(steps):
        if step.kind != "choose" and not step.next:
            if step.id in targets:
                raise PracticeFileError(
                    filename, f"steps[{index}].next",
                    "a step reached by a choice must say what follows it "
                    '(next = "<step id>" or next = "end")', step.id)
            if index + 1 == len(steps):
                raise PracticeFileError(filename, f"steps[{index}].next",
                                        'the last step must say next = "end"', step.id)
            step = replace(step, next=steps[index + 1].id)
        resolved.append(step)
    return tuple(resolved)


def successors(step: Step) -> list[tuple[str, str]]:
    """(how, where): the option's value (or "next") and the step it leads to."""
    if step.kind == "choose":
        return [(o.value, o.goto) for o in step.options]
    return [("next", step.next)]


def check_graph(filename: str, steps: tuple[Step, ...], gated: bool) -> None:
    """No loops, nothing unreachable, no refusal that can still lead into an exile step."""
    by_id = {s.id: s for s in steps}
    index = {s.id: i for i, s in enumerate(steps)}
    state: dict[str, str] = {}

    def visit(step_id: str, path: tuple[str, ...]) -> None:
        state[step_id] = "open"
        for _, target in successors(by_id[step_id]):
            if target == END:
                continue
            if state.get(target) == "open":
                raise PracticeFileError(filename, f"steps[{index[step_id]}]",
                                        f"leads back to '{target}', a loop", step_id,
                                        (*path, target))
            if target not in state:
                visit(target, (*path, target))
        state[step_id] = "done"

    visit(steps[0].id, (steps[0].id,))
    for step in steps:
        if step.id not in state:
            raise PracticeFileError(filename, f"steps[{index[step.id]}]",
                                    "no path from the first step reaches it", step.id)
        if step.exile and not gated:
            raise PracticeFileError(filename, f"steps[{index[step.id]}].exile",
                                    "exile steps belong only in a gated practice", step.id)

    def after_refusal(step_id: str, path: tuple[str, ...]) -> None:
        step = by_id[step_id]
        if step.exile:
            raise PracticeFileError(filename, f"steps[{index[step_id]}].exile",
                                    "a refusal must never lead into exile work", step_id, path)
        for how, target in successors(step):
            if target != END:
                after_refusal(target, (*path, f"({how}) {target}"))

    for step in steps:
        for o_index, option in enumerate(step.options):
            if option.refusal and option.goto != END:
                try:
                    after_refusal(option.goto, (step.id, f"({option.value}) {option.goto}"))
                except PracticeFileError as error:
                    raise PracticeFileError(
                        filename, f"steps[{index[step.id]}].options[{o_index}]",
                        f"this refusal reaches the exile step '{error.step}'", step.id,
                        error.path) from None


def load_practice(path: Path) -> Practice:
    filename = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise PracticeFileError(filename, "(file)", f"is not valid TOML: {error}") from error
    r = Reader(filename, data)
    setting = r.get("setting", str, required=True)
    if setting not in SETTINGS:
        r.fail("setting", f"must be one of {', '.join(SETTINGS)}")
    minutes = r.get("minutes", int, required=True)
    if not 1 <= minutes <= 120:
        r.fail("minutes", "must be between 1 and 120")
    status_after = r.get("status_after", str, "")
    if status_after not in STATUS_AFTER:
        r.fail("status_after", f"must be one of {', '.join(STATUS_AFTER[1:])}")
    raw_steps = r.get("steps", list, required=True)
    if not raw_steps:
        r.fail("steps", "needs at least one step")
    steps = tuple(read_step(filename, raw, i) for i, raw in enumerate(raw_steps))
    steps = check_links(filename, steps)
    gated = r.get("gated", bool, False)
    check_graph(filename, steps, gated)
    with_part = r.get("with_part", bool, True)
    pair = r.get("pair", str, "")
    if pair not in PAIRS or pair and not with_part:
        r.fail("pair", f"must be one of {', '.join(PAIRS[1:])}, in a practice with_part")
    check_wording(filename, steps, with_part, pair)
    title, summary = r.get("title", str, required=True), r.get("summary", str, required=True)
    for key, text in (("title", title), ("summary", summary)):
        if "{" in text or "}" in text:
            r.fail(key, "is shown before any part is chosen: no placeholders or braces here")
    return Practice(
        slug=path.stem, title=title, summary=summary, minutes=minutes, setting=setting,
        offline=r.get("offline", bool, True), gated=gated, with_part=with_part,
        breathe_first=r.get("breathe_first", bool, True), status_after=status_after,
        order=r.get("order", int, 50), steps=steps, pair=pair,
        safety=r.get("safety", bool, False),
    )


def load_library(folder: Path = LIBRARY) -> dict[str, Practice]:
    """Every practice in the folder by slug, in catalogue order; any bad file stops everything."""
    practices = [load_practice(path) for path in sorted(Path(folder).glob("*.toml"))]
    if not practices:
        raise PracticeFileError(str(folder), "(folder)", "has no practice files")
    return {p.slug: p for p in sorted(practices, key=lambda p: (p.order, p.title))}
