"""Scoring exactly as the instruments are published (PHQ-9, GAD-7, WHO-5): every band boundary,
PHQ-2, item 9 and WHO-5 ×4."""

from __future__ import annotations

import pytest

from ifs_pwa.measures.instruments import GAD7, INSTRUMENTS, PHQ9, WHO5, parse_answers, score


def answers_totalling(instrument, total: int, first_heavy: bool = True) -> list[int]:
    """A fixed answer set adding up to `total`, filled from the first item on."""
    top = max(instrument.valid_values)
    answers = [0] * len(instrument.items)
    order = range(len(answers)) if first_heavy else reversed(range(len(answers)))
    for i in order:
        answers[i] = min(top, total)
        total -= answers[i]
    assert total == 0
    return answers


@pytest.mark.parametrize(("total", "band"), [
    (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
    (15, "moderately_severe"), (19, "moderately_severe"), (20, "severe"), (27, "severe"),
])
def test_phq9_bands(total, band):
    result = score(PHQ9, answers_totalling(PHQ9, total, first_heavy=False))
    assert (result.total, result.band.key) == (total, band)


@pytest.mark.parametrize(("total", "band"), [
    (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
    (15, "severe"), (21, "severe"),
])
def test_gad7_bands(total, band):
    result = score(GAD7, answers_totalling(GAD7, total))
    assert (result.total, result.band.key) == (total, band)
    assert result.item9_flag is False and result.phq2 is None


@pytest.mark.parametrize(("answers", "raw", "percentage", "band"), [
    ([0, 0, 0, 0, 0], 0, 0, "very_low"),
    ([2, 2, 1, 1, 1], 7, 28, "very_low"),
    ([2, 2, 2, 1, 1], 8, 32, "low"),
    ([3, 3, 2, 2, 2], 12, 48, "low"),
    ([3, 3, 3, 2, 2], 13, 52, "good"),
    ([5, 5, 5, 5, 5], 25, 100, "good"),
])
def test_who5_raw_and_percentage(answers, raw, percentage, band):
    result = score(WHO5, answers)
    assert (result.total, result.percentage, result.band.key) == (raw, percentage, band)


def test_item9_of_one_with_a_total_of_one_still_raises_the_flag():
    result = score(PHQ9, [0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert result.total == 1 and result.band.key == "minimal"
    assert result.item9_flag is True


def test_item9_of_zero_never_flags_even_when_severe():
    result = score(PHQ9, [3, 3, 3, 3, 3, 3, 3, 3, 0])
    assert result.total == 24 and result.band.key == "severe" and result.item9_flag is False


@pytest.mark.parametrize(("first_two", "phq2", "positive"), [
    ([0, 0], 0, False), ([1, 1], 2, False), ([2, 1], 3, True), ([3, 3], 6, True),
])
def test_phq2_is_the_first_two_items(first_two, phq2, positive):
    result = score(PHQ9, first_two + [1] * 7)
    assert (result.phq2, result.phq2_positive) == (phq2, positive)


@pytest.mark.parametrize("bad", [[0] * 8, [0] * 10, [0] * 8 + [4], [0] * 8 + [-1]])
def test_scoring_refuses_incomplete_or_out_of_range_answers(bad):
    with pytest.raises(ValueError):
        score(PHQ9, bad)


def test_parse_answers_names_missing_and_out_of_range_items():
    form = {"q1": "1", "q2": "3", "q3": "4", "q4": "", "q5": "x", "q6": "-1", "q7": "0"}
    answers, missing = parse_answers(GAD7, form)
    assert answers == [1, 3, None, None, None, None, 0]
    assert missing == [3, 4, 5, 6]
    assert parse_answers(WHO5, {f"q{n}": "5" for n in range(1, 6)}) == ([5] * 5, [])


def test_items_are_reproduced_exactly():
    assert PHQ9.stem == (
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    )
    assert PHQ9.items[8] == (
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    )
    assert PHQ9.items[5] == ("Feeling bad about yourself — or that you are a failure or have let "
                             "yourself or your family down")
    assert [label for label, _ in PHQ9.answers] == [
        "Not at all", "Several days", "More than half the days", "Nearly every day"]
    assert GAD7.items[6] == "Feeling afraid, as if something awful might happen"
    assert WHO5.stem.startswith("Please indicate for each of the five statements")
    assert WHO5.items[4] == "My daily life has been filled with things that interest me"
    assert [v for _, v in WHO5.answers] == [5, 4, 3, 2, 1, 0]
    assert {i.slug: (len(i.items), i.max_score) for i in INSTRUMENTS.values()} == {
        "phq9": (9, 27), "gad7": (7, 21), "who5": (5, 25)}


# Copied by hand from the team's clinical content (its measures section): the wording must
# match it exactly, or scores mean nothing.
GAD7_STEM = "Over the last 2 weeks, how often have you been bothered by the following problems?"
WHO5_INSTRUCTION = (
    "Please indicate for each of the five statements which is closest to how you have been "
    "feeling over the last two weeks. Notice that higher numbers mean better well-being.")
DIFFICULTY = ("If you checked off any problems, how difficult have these problems made it for "
              "you to do your work, take care of things at home, or get along with other people?")


def test_gad7_has_its_own_stem_without_any_of_and_the_difficulty_item():
    from ifs_pwa.measures.instruments import DIFFICULTY_QUESTION

    assert GAD7.stem == GAD7_STEM and "any of" not in GAD7.stem
    assert GAD7.follow_up is True and DIFFICULTY_QUESTION == DIFFICULTY
    assert GAD7.items[0] == "Feeling nervous, anxious, or on edge"
    assert GAD7.items[6] == "Feeling afraid, as if something awful might happen"


def test_who5_instruction_is_exact_and_marked_as_adapted():
    assert WHO5.stem == WHO5_INSTRUCTION
    assert WHO5.lead == "Over the last two weeks" and WHO5.adapted_instruction
    assert "adapted" in WHO5.notice and "without changes" not in WHO5.notice.split(";")[0]
    assert [label for label, _ in WHO5.answers] == [
        "All of the time", "Most of the time", "More than half of the time",
        "Less than half of the time", "Some of the time", "At no time"]
    assert [value for _, value in WHO5.answers] == [5, 4, 3, 2, 1, 0]


@pytest.mark.parametrize(("total", "words"), [
    (4, "Keep an eye on how you feel"),
    (9, "Keep an eye on it"),
    (12, "worth talking this over with a doctor or therapist"),
    (17, "make an appointment with a doctor soon"),
    (23, "contact a doctor or a mental-health service this week"),
], ids=["minimal", "mild", "moderate", "moderately-severe", "severe"])
def test_phq9_next_step_follows_the_band(total, words):
    from ifs_pwa.measures.instruments import PHQ9_NEXT_STEPS, next_step

    band = score(PHQ9, answers_totalling(PHQ9, total, first_heavy=True)).band
    step = next_step(PHQ9, band.key)
    assert words in step
    others = [text for key, text in PHQ9_NEXT_STEPS.items() if key != band.key]
    assert all(words not in text for text in others)  # each band says something of its own
    assert next_step(GAD7, band.key if band.key in {b.key for b in GAD7.bands} else "minimal") \
        is None
