"""The questionnaires and their scoring, exactly as published: changed wording breaks the scores.

No Flask here, so every band boundary can be unit-tested on fixed answer sets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TWO_WEEKS = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)
# The GAD-7's own stem has no "any of".
GAD7_STEM = "Over the last 2 weeks, how often have you been bothered by the following problems?"
# The WHO-5 instruction without the paper form's sentence about ticking boxes, which does not
# apply on a screen: an adaptation, marked as one wherever it is shown.
WHO5_INSTRUCTION = (
    "Please indicate for each of the five statements which is closest to how you have been "
    "feeling over the last two weeks. Notice that higher numbers mean better well-being."
)
WHO5_LEAD = "Over the last two weeks"
FREQUENCY = (
    ("Not at all", 0), ("Several days", 1), ("More than half the days", 2),
    ("Nearly every day", 3),
)
WHO5_ANSWERS = (
    ("All of the time", 5), ("Most of the time", 4), ("More than half of the time", 3),
    ("Less than half of the time", 2), ("Some of the time", 1), ("At no time", 0),
)
DIFFICULTY_QUESTION = (
    "If you checked off any problems, how difficult have these problems made it for you to do "
    "your work, take care of things at home, or get along with other people?"
)
DIFFICULTY = ("Not difficult at all", "Somewhat difficult", "Very difficult",
              "Extremely difficult")


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    low: int
    high: int


@dataclass(frozen=True)
class Instrument:
    slug: str
    name: str
    stem: str
    items: tuple[str, ...]
    answers: tuple[tuple[str, int], ...]
    bands: tuple[Band, ...]
    notice: str
    follow_up: bool = False
    # Each item is read after this (WHO-5); the answers show their numbers when the
    # instruction refers to them; an adapted instruction says so on screen.
    lead: str | None = None
    numbered_answers: bool = False
    adapted_instruction: bool = False
    valid_values: frozenset[int] = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "valid_values", frozenset(v for _, v in self.answers))

    def band_label(self, key: str) -> str:
        return next((b.label for b in self.bands if b.key == key), key)

    @property
    def max_score(self) -> int:
        return len(self.items) * max(self.valid_values)


PHQ9 = Instrument(
    slug="phq9",
    name="PHQ-9",
    stem=TWO_WEEKS,
    items=(
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your "
        "family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
        "being so fidgety or restless that you have been moving around a lot more than usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ),
    answers=FREQUENCY,
    bands=(
        Band("minimal", "minimal", 0, 4), Band("mild", "mild", 5, 9),
        Band("moderate", "moderate", 10, 14),
        Band("moderately_severe", "moderately severe", 15, 19),
        Band("severe", "severe", 20, 27),
    ),
    notice="PHQ-9 © Pfizer Inc. No permission is required to reproduce, translate, display "
           "or distribute.",
    follow_up=True,
)
GAD7 = Instrument(
    slug="gad7",
    name="GAD-7",
    stem=GAD7_STEM,
    items=(
        "Feeling nervous, anxious, or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid, as if something awful might happen",
    ),
    answers=FREQUENCY,
    bands=(
        Band("minimal", "minimal", 0, 4), Band("mild", "mild", 5, 9),
        Band("moderate", "moderate", 10, 14), Band("severe", "severe", 15, 21),
    ),
    notice="GAD-7 © Pfizer Inc. No permission is required to reproduce, translate, display "
           "or distribute.",
    follow_up=True,
)
WHO5 = Instrument(
    slug="who5",
    name="WHO-5 Well-Being Index",
    stem=WHO5_INSTRUCTION,
    items=(
        "I have felt cheerful and in good spirits",
        "I have felt calm and relaxed",
        "I have felt active and vigorous",
        "I woke up feeling fresh and rested",
        "My daily life has been filled with things that interest me",
    ),
    answers=WHO5_ANSWERS,
    # Raw score bands: ≤ 7 raw is ≤ 28 %, the level that often goes with depression.
    bands=(
        Band("very_low", "very low well-being", 0, 7),
        Band("low", "low well-being", 8, 12),
        Band("good", "fair to good well-being", 13, 25),
    ),
    notice="WHO-5 Well-Being Index © Psychiatric Research Unit, Mental Health Centre North "
           "Zealand. Free to use. The instruction is adapted for the screen (the paper form's "
           "sentence about ticking boxes is left out); the statements and answers are unchanged.",
    lead=WHO5_LEAD,
    numbered_answers=True,
    adapted_instruction=True,
)
INSTRUMENTS = {i.slug: i for i in (PHQ9, GAD7, WHO5)}

# What a PHQ-9 total suggests doing next, by band: standard clinical use, said gently and
# without diagnosis. Item 9 above zero always brings crisis support first, whatever the total.
PHQ9_NEXT_STEPS = {
    "minimal": "Keep an eye on how you feel, and come back to this in a couple of weeks.",
    "mild": "Keep an eye on it: take this again in a couple of weeks, and be kind to yourself "
            "in between. If it creeps up, talk to a doctor.",
    "moderate": "It's worth talking this over with a doctor or therapist. You could show them "
                "these answers.",
    "moderately_severe": "Please make an appointment with a doctor soon, and take these "
                         "answers with you.",
    "severe": "Please contact a doctor or a mental-health service this week. You don't have "
              "to wait until it gets worse, and you don't have to explain it perfectly.",
}


def next_step(instrument: Instrument, band_key: str) -> str | None:
    """What to do next for a result, where the questionnaire's standard use says so."""
    return PHQ9_NEXT_STEPS.get(band_key) if instrument is PHQ9 else None


@dataclass(frozen=True)
class Score:
    total: int
    band: Band
    item9_flag: bool = False
    phq2: int | None = None
    percentage: int | None = None

    @property
    def phq2_positive(self) -> bool:
        return self.phq2 is not None and self.phq2 >= 3


def get(slug: str) -> Instrument | None:
    return INSTRUMENTS.get(slug)


def band_for(instrument: Instrument, total: int) -> Band:
    for band in instrument.bands:
        if band.low <= total <= band.high:
            return band
    raise ValueError(f"{instrument.slug}: total {total} outside 0–{instrument.max_score}")


def parse_answers(instrument: Instrument, form) -> tuple[list[int | None], list[int]]:
    """Read q1..qN from a form mapping; returns (answers, numbers of unanswered/invalid items)."""
    answers: list[int | None] = []
    missing: list[int] = []
    for number in range(1, len(instrument.items) + 1):
        raw = (form.get(f"q{number}") or "").strip()
        # isdecimal, not isdigit: "²" is a digit that int() cannot read.
        value = int(raw) if raw.isdecimal() and int(raw) in instrument.valid_values else None
        answers.append(value)
        if value is None:
            missing.append(number)
    return answers, missing


def score(instrument: Instrument, answers: list[int]) -> Score:
    """Total, band and the extras each questionnaire defines (PHQ-2, item 9, WHO-5 ×4)."""
    if len(answers) != len(instrument.items) or any(
        a not in instrument.valid_values for a in answers
    ):
        raise ValueError(f"{instrument.slug}: needs {len(instrument.items)} valid answers")
    total = sum(answers)
    result = Score(total=total, band=band_for(instrument, total))
    if instrument is PHQ9:
        return Score(total, result.band, item9_flag=answers[8] > 0, phq2=answers[0] + answers[1])
    if instrument is WHO5:
        return Score(total, result.band, percentage=total * 4)
    return result
