"""The layout faults a review found at 320 and 390 px, each checked by what Chromium draws:
questions inside their cards, radios inside their option boxes, energy's five points on one
row, Archive and Delete apart, the app's own tick colour, full-size targets on the
questionnaires, and the exile caution's refusal brought into view and focused."""

from __future__ import annotations

import pytest

from .fixtures import axe_serious, sign_up, watch
from .test_lookback import LONG_NAMES, TAPPABLE

pytestmark = [pytest.mark.browser, pytest.mark.screen]


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("width", [320, 390])
def test_questions_sit_inside_their_cards_and_radios_inside_their_boxes(
        context_factory, page_errors, width):
    page = context_factory(viewport={"width": width, "height": 800}).new_page()
    watch(page, page_errors)
    sign_up(page)
    page.goto("/measures/phq9")
    card, legend = box(page, "fieldset.question"), box(page, "fieldset.question legend")
    assert legend["y"] >= card["y"] + 8  # below the card's top border, not across it
    assert legend["x"] >= card["x"] + 8
    for option in page.locator("fieldset.question").first.locator("label.choice").all():
        outer, radio = option.bounding_box(), option.locator("input").bounding_box()
        assert radio["x"] >= outer["x"] + 6, "the radio sits on its box's left border"
    targets = page.evaluate(TAPPABLE)
    small = [t for t in targets if t["w"] < 44 - 0.5 or t["h"] < 44 - 0.5]
    assert small == []
    assert page_errors == []


@pytest.mark.parametrize("width", [320, 390])
def test_energy_points_share_one_row_and_ticks_are_the_apps_green(
        context_factory, page_errors, width):
    page = context_factory(viewport={"width": width, "height": 800}).new_page()
    watch(page, page_errors)
    sign_up(page)
    page.click("summary:has-text('Add more')")
    tops = {round(box(page, f"label[for=energy-{n}]")["y"]) for n in range(1, 6)}
    assert len(tops) == 1, "one of energy's points wrapped onto a line of its own"
    for n in range(1, 6):
        size = box(page, f"label[for=energy-{n}]")
        assert size["width"] >= 44 - 0.5 and size["height"] >= 44 - 0.5
    page.goto("/account/summary")
    accent = page.evaluate("getComputedStyle(document.documentElement)"
                           ".getPropertyValue('--accent').trim()")
    tick = page.locator("input[type=checkbox]").first
    assert tick.evaluate("el => getComputedStyle(el).accentColor") == rgb(accent)
    assert page_errors == []


def rgb(hex_colour: str) -> str:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r}, {g}, {b})"


def test_archive_and_delete_never_touch_even_with_a_long_name(app, auth_page):
    page, part_id = auth_page
    page.goto(f"/parts/{part_id}")
    archive = box(page, "form.archive-form button")
    delete = box(page, "a:has-text('Delete')")
    assert delete["y"] - (archive["y"] + archive["height"]) >= 16


@pytest.fixture
def auth_page(app, context_factory, page_errors):
    """A signed-in phone page and the id of a long-named part of theirs."""
    page = context_factory(viewport={"width": 320, "height": 800}).new_page()
    watch(page, page_errors)
    sign_up(page)
    page.goto("/parts/new")
    page.fill("#name", LONG_NAMES[1])
    page.click("text=Save this part")
    page.wait_for_url("**/parts/*")
    part_id = int(page.url.rstrip("/").split("/")[-1])
    yield page, part_id
    assert page_errors == []


def test_the_cautions_refusal_is_brought_into_view_and_focused(context_factory, page_errors):
    page = context_factory(viewport={"width": 390, "height": 844}).new_page()
    watch(page, page_errors)
    sign_up(page)
    page.goto("/practices/witnessing-an-exile")
    page.click("text=Show me the practice")  # nothing ticked or chosen
    page.locator("#understood-error").wait_for()
    assert page.evaluate("document.activeElement.id") == "understood"
    assert page.locator("#understood").is_visible()
    in_view = page.eval_on_selector(
        "#understood", "el => { const r = el.getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight; }")
    assert in_view
    assert axe_serious(page) == []

    page.check("#understood")
    page.click("text=Show me the practice")  # ticked, but no Self check answer
    page.locator("#self_here-error").wait_for()
    assert page.evaluate("document.activeElement.id") == "self_here-yes"
    assert page.is_checked("#understood")  # what was ticked is kept
    assert page_errors == []

