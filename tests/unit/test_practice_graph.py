"""The practice graph: the loader refuses every way a path could go wrong, and every path of
every shipped practice, walked through the real graph, ends well and respects every "no"."""

from __future__ import annotations

import pytest

from ifs_pwa.practices.graph import END, FINISH, INTRO, edges, step_paths, walk
from ifs_pwa.practices.loader import PracticeFileError, load_library

HEAD = '''title = "T"
summary = "S"
minutes = 5
setting = "therapist"
gated = true
'''


def step(step_id, kind="read", **extra) -> str:
    lines = [f'[[steps]]\nid = "{step_id}"\nkind = "{kind}"\ntitle = "{step_id}"']
    if kind == "read":
        lines.append('text = "Some words"')
    if kind == "choose":
        lines.append('prompt = "Which?"')
    for key, value in extra.items():
        lines.append(f"{key} = {value}")
    return "\n".join(lines) + "\n\n"


def choose(step_id, *options, **extra) -> str:
    """options: (value, goto) or (value, goto, True) for a refusal."""
    rendered = ", ".join(
        f'{{ value = "{o[0]}", label = "{o[0]}", goto = "{o[1]}"'
        + (", refusal = true" if len(o) > 2 else "") + " }" for o in options)
    return step(step_id, "choose", options=f"[{rendered}]", **extra)


def refused(tmp_path, body: str) -> PracticeFileError:
    (tmp_path / "broken.toml").write_text(HEAD + body)
    with pytest.raises(PracticeFileError) as raised:
        load_library(tmp_path)
    assert raised.value.filename == "broken.toml" and "broken.toml" in str(raised.value)
    return raised.value


def test_a_dangling_branch_is_refused(tmp_path):
    # "no" leads to a step that says nothing about what follows it: it would fall through.
    error = refused(tmp_path, choose("ask", ("yes", "go_on"), ("no", "listen", True))
                    + step("listen") + step("go_on", next='"end"'))
    assert error.step == "listen" and error.field == "steps[1].next"
    assert "must say what follows it" in str(error) and "step 'listen'" in str(error)


def test_a_goto_to_nowhere_is_refused(tmp_path):
    error = refused(tmp_path, choose("ask", ("yes", "end"), ("no", "nowhere")))
    assert error.step == "ask" and error.field == "steps[0].options[1].goto"
    assert "no step has the id 'nowhere'" in str(error)


def test_a_next_to_nowhere_is_refused(tmp_path):
    error = refused(tmp_path, step("one", next='"two"'))
    assert error.field == "steps[0].next" and "no step has the id 'two'" in str(error)


def test_a_last_step_that_does_not_say_end_is_refused(tmp_path):
    error = refused(tmp_path, step("one") + step("two"))
    assert error.step == "two" and 'the last step must say next = "end"' in str(error)


def test_an_unreachable_step_is_refused(tmp_path):
    error = refused(tmp_path, step("one", next='"end"') + step("orphan", next='"end"'))
    assert error.step == "orphan" and "no path from the first step reaches it" in str(error)


def test_a_cycle_is_refused_with_its_path(tmp_path):
    error = refused(tmp_path, step("one", next='"two"')
                    + choose("two", ("again", "one"), ("done", "end")))
    assert "a loop" in str(error) and error.path == ("one", "two", "one")
    assert "path: one → two → one" in str(error)


def test_a_refusal_that_reaches_an_exile_step_is_refused_with_its_path(tmp_path):
    error = refused(tmp_path, choose("permission", ("yes", "exile_step"),
                                     ("no", "worry", True))
                    + step("worry", next='"exile_step"')
                    + step("exile_step", exile="true", next='"end"'))
    assert error.step == "permission" and error.field == "steps[0].options[1]"
    assert "reaches the exile step 'exile_step'" in str(error)
    assert error.path == ("permission", "(no) worry", "(next) exile_step")
    assert "path: permission → (no) worry → (next) exile_step" in str(error)


def test_exile_steps_only_in_a_gated_practice(tmp_path):
    body = HEAD.replace("gated = true\n", "") + step("one", exile="true", next='"end"')
    (tmp_path / "broken.toml").write_text(body)
    with pytest.raises(PracticeFileError, match="only in a gated practice"):
        load_library(tmp_path)


def test_every_option_must_say_where_it_leads(tmp_path):
    error = refused(tmp_path, step("ask", "choose",
                                   options='[{ value = "a", label = "A" }, '
                                           '{ value = "b", label = "B", goto = "end" }]'))
    assert error.field == "steps[0].options[0].goto" and "is required" in str(error)


LIBRARY = load_library()
ALL_PATHS = [(slug, path) for slug, practice in LIBRARY.items()
             for path in step_paths(practice)]


def test_every_path_of_every_practice_ends_with_thanks_and_respects_every_no():
    assert len(ALL_PATHS) > 100  # all combinations of choices, not a sample
    assert {slug for slug, _ in ALL_PATHS} == set(LIBRARY) and len(LIBRARY) >= 19
    for slug, path in ALL_PATHS:
        practice = LIBRARY[slug]
        ids = [step_id for step_id, _ in path]
        assert len(ids) == len(set(ids)), (slug, ids)
        last = practice.step(ids[-1])
        # It ends: the last step leads to the end (a choice's chosen option, or next).
        assert (last.next if last.kind != "choose" else
                next(o.goto for o in last.options if o.value == path[-1][1])) == END
        words = f"{last.title} {last.text} {last.prompt}".lower()
        assert "thank" in words and "remember" in words, (slug, ids[-1])
        refusal_at = next((i for i, (step_id, value) in enumerate(path) if value and any(
            o.refusal and o.value == value for o in practice.step(step_id).options)), None)
        if refusal_at is not None:
            after = [practice.step(i) for i in ids[refusal_at + 1:]]
            assert not any(s.exile for s in after), (slug, ids)
        # The server's own screen walk with these answers is this path, framed.
        answers = {step_id: value for step_id, value in path if value}
        screens = walk(practice, answers, breathe=False)
        assert screens == [INTRO, *ids, FINISH]


def test_refusals_exist_where_the_method_needs_them():
    def refusal_steps(slug):
        return {s.id for s in LIBRARY[slug].steps if any(o.refusal for o in s.options)}
    assert {"permission", "unblend"} <= refusal_steps("witnessing-an-exile")
    assert {"ready", "unblend"} <= refusal_steps("unburdening")
    for slug in ("befriend-depressed-part", "get-to-know-a-protector", "what-are-you-afraid-of",
                 "parts-dialogue", "inner-critic", "polarised-parts", "follow-a-trailhead",
                 "update-a-part", "check-in-with-a-part", "a-part-that-wants-to-disappear"):
        assert "unblend" in refusal_steps(slug), slug


def test_exile_steps_only_after_a_yes_and_only_in_gated_practices():
    for slug, practice in LIBRARY.items():
        exile = {s.id for s in practice.steps if s.exile}
        assert bool(exile) == practice.gated, slug
        assert not practice.step(practice.start).exile  # never the first thing


def test_self_check_offers_grounding_only_when_every_quality_is_low():
    practice = LIBRARY["self-check"]
    grounding = [p for p in step_paths(practice) if "all_low" in [s for s, _ in p]]
    assert grounding
    for path in grounding:
        chosen = dict(path)
        assert [chosen[k] for k in ("calm", "curious_low", "confident_low", "creative_low")] \
            == ["little"] * 4
    assert {target for _, target in edges(practice) if _ == "all_low"} == {
        "ground", "ground_breathe", "blocking"}


def test_unburdening_checks_self_asks_not_to_flood_and_only_begins():
    practice = LIBRARY["unburdening"]
    ids = [s.id for s in practice.steps]
    assert ids.index("approach") < ids.index("feel_toward") < ids.index("retrieve")
    assert "flood" in practice.step("approach").title.lower()
    assert practice.status_after == "unburdening"


ASKS_FIRST = ("befriend-depressed-part", "get-to-know-a-protector", "parts-dialogue",
              "inner-critic", "polarised-parts", "follow-a-trailhead", "update-a-part")


@pytest.mark.parametrize("slug", ASKS_FIRST)
def test_a_longer_practice_asks_its_system_first_and_a_no_ends_it_gently(slug):
    practice = LIBRARY[slug]
    first = practice.steps[0]
    assert first.id == "system_ok" and "okay with your system" in first.prompt
    yes, *refusals = first.options
    assert not yes.refusal and refusals and all(o.refusal for o in refusals)
    # A "no" or "not sure" never reaches the practice itself: it is heard, thanked, and ends.
    practice_steps = {step_id for path in step_paths(practice)
                      if dict(path)["system_ok"] == yes.value for step_id, _ in path[1:]}
    for path in step_paths(practice):
        if dict(path)["system_ok"] != yes.value:
            assert len(path) <= 3 and not {s for s, _ in path[1:]} & practice_steps, path


def test_the_part_that_wants_to_disappear_asks_about_safety_first_and_never_goes_to_exiles():
    practice = LIBRARY["a-part-that-wants-to-disappear"]
    assert practice.safety and not practice.gated
    assert practice.start == "safe_now" and "safe" in practice.step("safe_now").prompt
    unsafe = [p for p in step_paths(practice) if dict(p)["safe_now"] == "not_sure"]
    assert [[s for s, _ in p] for p in unsafe] == [["safe_now", "reach_out"]]
    assert "system_ok" in [s for s, _ in next(p for p in step_paths(practice)
                                               if dict(p)["safe_now"] == "safe")]


def test_the_befriending_needs_step_offers_the_needs_people_recognise():
    text = LIBRARY["befriend-depressed-part"].step("needs").text
    for need in ("rest", "comfort", "joy", "love", "friendship", "creative expression",
                 "connection"):
        assert need in text
