"""The practices added with issue 18, in real Chromium: each walked from its first step to a
saved end with the part's name in its words, the names following the part picked in the form,
and axe clean (light and dark) on the first screens of each."""

from __future__ import annotations

import pytest

from ifs_pwa.practices.graph import FINISH, INTRO, step_paths
from ifs_pwa.practices.loader import load_library
from ifs_pwa.practices.wording import named
from tests.browser.fixtures import axe_serious, sign_up
from tests.browser.test_parts_practices import add_part

pytestmark = [pytest.mark.browser, pytest.mark.screen]
LIBRARY = load_library()
NEW = ["self-energy-meditation", "just-taken-over", "inner-critic", "polarised-parts",
       "follow-a-trailhead", "update-a-part", "self-compassion-setback",
       "a-part-that-wants-to-disappear", "check-in-with-a-part"]
VISIBLE = "document.querySelector('form[data-practice] [data-step]:not([hidden])').dataset.step"


def longest_yes_path(practice):
    """The longest route on which every choice is a "yes": no refusal anywhere on it."""
    def refuses(path):
        return any(value and any(o.refusal and o.value == value
                                 for o in practice.step(step_id).options)
                   for step_id, value in path)
    return max((p for p in step_paths(practice) if not refuses(p)), key=len)


def parts_for(page, slug: str) -> str:
    """A part to do the practice with (and, for the pair practice, its recorded opposite);
    returns the query string that opens the practice with it."""
    if not LIBRARY[slug].with_part:
        return ""
    url = add_part(page, "The Heavy One")
    part_id = url.rstrip("/").split("/")[-1]
    if LIBRARY[slug].pair:
        add_part(page, "Push on")
        page.goto(url)
        page.select_option("#kind", "polarised")
        page.select_option("#other", label="Push on")
        page.click("text=Add relationship")
        page.wait_for_selector("text=Remove")
    return f"?part={part_id}"


def test_every_new_practice_is_in_the_library():
    assert set(NEW) <= set(LIBRARY) and len(LIBRARY) >= 19
    assert not any(LIBRARY[slug].gated for slug in NEW)


@pytest.mark.parametrize("slug", NEW)
def test_a_new_practice_goes_from_its_first_step_to_a_saved_end(page, page_errors, slug):
    sign_up(page)
    practice = LIBRARY[slug]
    query = parts_for(page, slug)
    page.goto(f"/practices/{slug}{query}")
    page.wait_for_selector("form[data-practice].stepping")
    path = longest_yes_path(practice)
    choices = {step_id: value for step_id, value in path if value}
    seen, words = [], []
    while True:
        screen = page.evaluate(VISIBLE)
        seen.append(screen)
        assert len(seen) < 40, seen
        if screen == FINISH:
            break
        step = practice.step(screen)
        if screen != INTRO:
            words.append(page.inner_text(f"[data-step='{screen}']"))
        if step and step.kind == "choose":
            page.check(f"input[name='answer-{screen}'][value='{choices[screen]}']")
        elif step and step.kind == "reflect":
            page.fill(f"#answer-{screen}", f"Words for {screen}")
        page.click("[data-next]")
    assert [s for s in seen if practice.step(s) and s != "breathe_first"] == \
        [step_id for step_id, _ in path]
    everything = "\n".join(words)
    assert "{" not in everything
    if practice.with_part:
        assert "The Heavy One" in everything
        # Every named piece of the practice reads as the server would write it for this part.
        shown = page.evaluate("""Array.from(document.querySelectorAll('[data-part-text]'),
            el => [el.dataset.partText, el.textContent])""")
        assert shown and all(text == named(pattern, "The Heavy One", "Push on")
                             for pattern, text in shown), shown
    if practice.pair:
        assert "Push on" in everything
    if practice.safety:
        for screen in [s for s in seen if practice.step(s)]:
            assert page.locator(f"[data-step='{screen}'] a[href='/safety-plan']").count() == 1
    page.click("text=Save this practice")
    page.wait_for_selector("text=Saved. Thank you for doing this.")
    written = [step_id for step_id, _ in path if practice.step(step_id).kind == "reflect"]
    page.click("text=Read your answers")
    assert f"Words for {written[-1]}" in page.inner_text("main")
    assert page_errors == []


def test_picking_a_part_in_the_form_renames_the_words_without_a_reload(page, page_errors):
    sign_up(page)
    add_part(page, "The Heavy One")
    add_part(page, "Little <b>bold</b>")
    page.goto("/practices/inner-critic")
    page.wait_for_selector("form[data-practice].stepping")
    legend = page.locator("[data-step=feel_toward] legend")
    assert legend.text_content() == "How do you feel toward this part right now?"
    page.select_option("#part_id", label="The Heavy One")
    assert legend.text_content() == "How do you feel toward The Heavy One right now?"
    page.select_option("#part_id", label="Little <b>bold</b>")
    assert legend.text_content() == "How do you feel toward Little <b>bold</b> right now?"
    assert page.locator("[data-step=feel_toward] legend b").count() == 0  # text, never markup
    page.select_option("#part_id", "")
    assert legend.text_content() == "How do you feel toward this part right now?"
    page.select_option("#part_id", label="The Heavy One")
    page.click("[data-next]")  # intro → breathe first
    page.click("[data-next]")  # → is it okay with your system
    page.check("text=Yes, it feels okay")
    page.click("[data-next]")
    assert page.inner_text("[data-step=hear] label") == "What does The Heavy One say to you?"
    assert page_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_first_screens_of_the_new_practices_pass_axe(context_factory, scheme):
    page = context_factory(color_scheme=scheme).new_page()
    sign_up(page)
    rest = add_part(page, "The Heavy One")
    add_part(page, "Push on")
    page.goto(rest)
    page.select_option("#kind", "polarised")
    page.select_option("#other", label="Push on")
    page.click("text=Add relationship")
    page.wait_for_selector("text=Remove")
    found = []
    for slug in NEW:
        practice = LIBRARY[slug]
        page.goto(f"/practices/{slug}")
        page.wait_for_selector("form[data-practice].stepping")
        found += [(slug, "intro", v) for v in axe_serious(page)]
        if practice.breathe_first:
            page.uncheck("#breathe_first")
        page.click("[data-next]")
        assert page.evaluate(VISIBLE) == practice.start
        found += [(slug, practice.start, v) for v in axe_serious(page)]
    assert found == []
