"""Practice files: every shipped one validates, and a broken one names its file and field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ifs_pwa.practices.loader import LIBRARY, PracticeFileError, load_library, load_practice

FILES = sorted(LIBRARY.glob("*.toml"))
GOOD = '''
title = "T"
summary = "S"
minutes = 5
setting = "alone"
[[steps]]
id = "one"
kind = "read"
title = "One"
text = "Hello"
next = "end"
'''


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_shipped_practice_validates(path):
    practice = load_practice(path)
    assert practice.slug == path.stem and practice.steps
    for step in practice.all_steps:
        for option in step.options:
            assert option.goto == "end" or practice.step(option.goto) is not None


def test_the_required_practices_are_there():
    library = load_library()
    assert {"befriend-depressed-part", "get-to-know-a-protector", "unblending",
            "appreciation-minute", "self-check", "what-are-you-afraid-of", "parts-dialogue",
            "grounding-5-4-3-2-1", "witnessing-an-exile", "unburdening",
            # issue 18
            "self-energy-meditation", "just-taken-over", "inner-critic", "polarised-parts",
            "follow-a-trailhead", "update-a-part", "self-compassion-setback",
            "a-part-that-wants-to-disappear", "check-in-with-a-part"} <= set(library)
    assert len(library) >= 19
    orders = [p.order for p in library.values()]
    assert len(orders) == len(set(orders))  # one place each in the catalogue
    gated = {slug for slug, p in library.items() if p.gated}
    assert gated == {"witnessing-an-exile", "unburdening"}
    assert all(library[slug].setting == "therapist" for slug in gated)
    # Short practices work offline; only exile work needs the server every session.
    assert all(p.offline for p in library.values() if p.minutes <= 10 and not p.gated)
    assert {slug for slug, p in library.items() if not p.offline} == gated


def write(tmp_path: Path, text: str, name="broken.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize(("change", "field"), [
    (lambda t: t.replace('minutes = 5', 'minutes = "five"'), "minutes"),
    (lambda t: t.replace('setting = "alone"', 'setting = "anywhere"'), "setting"),
    (lambda t: t.replace('kind = "read"', 'kind = "dance"'), "steps[0].kind"),
    (lambda t: t.replace('text = "Hello"', ''), "steps[0].text"),
    (lambda t: t.replace('title = "T"\n', ''), "title"),
    (lambda t: t + '[[steps]]\nid = "one"\nkind = "pause"\ntitle = "Again"\nseconds = 30\n',
     "steps[1].id"),
    (lambda t: t + '[[steps]]\nid = "c"\nkind = "choose"\ntitle = "C"\nprompt = "?"\n'
                   'options = [{value = "a", label = "A", goto = "nowhere"}, '
                   '{value = "b", label = "B", goto = "end"}]\n', "steps[1].options[0].goto"),
    (lambda t: t.replace('minutes = 5', 'minutes = 5\nsteps = "oops"').replace("[[steps]]", "[x]"),
     "steps"),
    (lambda t: t + "this is = not toml ]", "(file)"),
])
def test_a_broken_file_names_the_file_and_field(tmp_path, change, field):
    path = write(tmp_path, change(GOOD))
    with pytest.raises(PracticeFileError) as raised:
        load_library(tmp_path)
    assert raised.value.filename == "broken.toml" and raised.value.field == field
    assert "broken.toml" in str(raised.value) and field in str(raised.value)
    path.unlink()


def test_a_good_file_loads_with_breathe_first_in_front(tmp_path):
    write(tmp_path, GOOD, "tiny.toml")
    practice = load_library(tmp_path)["tiny"]
    assert [s.id for s in practice.all_steps] == ["breathe_first", "one"]


SECONDS_IN_WORDS = re.compile(r"(\d+)\s*seconds?\b")


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_stay_time_is_a_pause_of_that_length(path):
    """The countdown (and hands-free) read Step.stay_seconds: a pause's own seconds, written in
    the file; no other step holds one, and words that promise "N seconds" are a pause of N."""
    practice = load_practice(path)
    for step in practice.all_steps:
        if step.kind == "pause":
            assert 5 <= step.stay_seconds <= 900, step.id
        else:
            assert step.stay_seconds == 0, step.id
        for said in SECONDS_IN_WORDS.findall(" ".join((step.text, step.prompt or ""))):
            assert step.kind == "pause" and int(said) == step.stay_seconds, (step.id, said)


def test_the_befriending_practice_holds_its_stay_for_thirty_seconds():
    focus = load_library()["befriend-depressed-part"].step("focus")
    assert (focus.kind, focus.stay_seconds) == ("pause", 30)


@pytest.mark.parametrize(("change", "problem"), [
    (lambda t: t.replace('kind = "read"', 'kind = "pause"'), "is required"),
    (lambda t: t.replace('text = "Hello"', 'text = "Hello"\nseconds = 30'),
     "only breathe and pause steps take seconds"),
    (lambda t: t.replace('kind = "read"', 'kind = "pause"\nseconds = 2'), "between 5 and 900"),
])
def test_a_stay_time_is_written_down_and_only_on_a_pause(tmp_path, change, problem):
    write(tmp_path, change(GOOD))
    with pytest.raises(PracticeFileError) as raised:
        load_library(tmp_path)
    assert raised.value.field == "steps[0].seconds" and problem in str(raised.value)
