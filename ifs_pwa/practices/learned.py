"""What a practice taught about a part, and what the person chose to keep of it on the part's page.

At the end of a practice done with a part, each field the practice wrote to ("What it fears",
"Where you feel it") is shown as it was beside what was just written, with a choice per field:
replace what was there, add the new words below it (dated, so two practices never leave two
unlabelled paragraphs), or leave the page as it was. Nothing is written to the part until the
person says so, and only what they chose. No Flask here: plain rules, tested on their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..parts.models import STATUSES, Part
from .loader import Practice
from .sessions import on_path

REPLACE, ADD, SKIP = "replace", "add", "skip"
CHOICES = (REPLACE, ADD, SKIP)
# The part's fields a practice may write to, in the words of the part's own page.
LABELS = {
    "status": "Where you are with it", "fears": "What it fears", "needs": "What it needs",
    "job": "Its job", "burdens": "Burdens it carries", "description": "How it shows up",
    "body_location": "Where you feel it",
}

# The part's own form refuses longer values (parts/forms.py); what the review writes must still
# open in that form, so a choice that would go past them is not offered.
LIMITS = {"body_location": 200}
LONG_TEXT = 2000


def added(was: str, new: str, day: date) -> str:
    """The old words, then the new ones under the day they were written."""
    return f"{was}\n\n{day.strftime('%-d %b %Y')}: {new}" if was else new


@dataclass(frozen=True)
class Proposal:
    """One field of the part: what it says now and what this practice would put there."""

    field: str
    was: str
    new: str
    day: date

    @property
    def label(self) -> str:
        return LABELS[self.field]

    @property
    def limit(self) -> int:
        return LIMITS.get(self.field, LONG_TEXT)

    @property
    def choices(self) -> tuple[str, ...]:
        """A status is one value (nothing to add to); an empty field has nothing to keep; a
        choice whose result would not fit the part's page is left out."""
        if self.field == "status":
            return (REPLACE, SKIP)
        offered = []
        if len(self.new) <= self.limit:
            offered.append(REPLACE)
        if self.was and len(added(self.was, self.new, self.day)) <= self.limit:
            offered.append(ADD)
        return (*offered, SKIP)

    @property
    def suggested(self) -> str:
        """What the review screen starts with: keep the old words and add the new ones."""
        return ADD if ADD in self.choices else self.choices[0]


def proposals(practice: Practice, answers: dict[str, str], part: Part,
              day: date) -> list[Proposal]:
    """The fields this session's answers would change, in the practice's order (`day` is the
    session's, on the person's clock: the date an added answer is kept under)."""
    written: dict[str, list[str]] = {}
    for step in practice.all_steps:
        answer = (answers.get(step.id) or "").strip()
        if step.updates and answer and answer not in written.get(step.updates, []):
            written.setdefault(step.updates, []).append(answer)
    found = []
    for name, words in written.items():
        was = (getattr(part, name) or "").strip()
        new = "\n\n".join(words)
        if new and new != was:
            found.append(Proposal(name, was, new, day))
    target = practice.status_after
    # After a protector's "no" the young part's status stays where it was: nothing happened yet.
    if practice.gated and not any(practice.step(i).exile for i in on_path(practice, answers)):
        target = ""
    if target and STATUSES.index(target) > STATUSES.index(part.status):
        found.append(Proposal("status", part.status, target, day))
    return found


def choices_from(form, found: list[Proposal]) -> tuple[dict[str, str], list[str]]:
    """The person's choice for each field (`keep-<field>`), and the fields whose choice is
    missing or not one offered there."""
    chosen, problems = {}, []
    for proposal in found:
        value = form.get(f"keep-{proposal.field}", "")
        if value in proposal.choices:
            chosen[proposal.field] = value
        else:
            problems.append(proposal.field)
    return chosen, problems


def keep(part: Part, found: list[Proposal], chosen: dict[str, str]) -> list[str]:
    """Write what was chosen to the part; returns the fields that changed."""
    changed = []
    for proposal in found:
        choice = chosen.get(proposal.field, SKIP)
        if choice == SKIP:
            continue
        value = added(proposal.was, proposal.new, proposal.day) if choice == ADD else proposal.new
        setattr(part, proposal.field, value)
        changed.append(proposal.field)
    return changed
