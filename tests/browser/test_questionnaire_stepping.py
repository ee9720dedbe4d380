"""Questionnaires on a phone in real Chromium: a tap answers and moves on, "Question n of 9"
counts the scored items only, Back from the second question on, and a PHQ-9 is nine taps and a
submit (tests/browser/test_swapped_forms.py has the nine taps and the history)."""

from __future__ import annotations

import pytest

from tests.browser.fixtures import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.screen]


def visible_question(page) -> str:
    """The name of the radio group on screen (q1 ... q9, or difficulty)."""
    return page.locator("#measure-form fieldset:visible input[type=radio]").first.get_attribute(
        "name")


def test_back_keeps_the_answer_and_next_returns_without_changing_it(page):
    sign_up(page)
    page.goto("/measures/who5")
    page.locator("#measure-form fieldset:visible label").first.click()
    page.wait_for_function("() => document.querySelector('[data-progress]').textContent"
                           " === 'Question 2 of 5'")
    page.click("button[data-back]")
    assert visible_question(page) == "q1"
    assert page.locator("button[data-back]").is_hidden()
    assert page.locator("#measure-form fieldset:visible input:checked").count() == 1
    page.click("button[data-next]")  # answered already: Next is there to go on
    assert page.inner_text("[data-progress]") == "Question 2 of 5"


def test_arrow_keys_choose_without_jumping_away(page):
    sign_up(page)
    page.goto("/measures/gad7")
    page.locator("#measure-form fieldset:visible input[type=radio]").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(600)
    assert visible_question(page) == "q1"  # still here: the keyboard decides when to go on
    assert page.locator("button[data-next]").is_visible()
    page.click("button[data-next]")
    assert page.inner_text("[data-progress]") == "Question 2 of 7"
