"""Parts and practices in real Chromium at 360 px: the depressed-part walk, and axe."""

from __future__ import annotations

import pytest

from tests.browser.fixtures import DESKTOP, PHONE, axe_serious, sign_up

pytestmark = pytest.mark.browser


def add_part(page, name, role="manager") -> str:
    page.goto("/parts/new")
    page.fill("#name", name)
    page.select_option("#role", role)
    page.click("text=Save this part")
    page.wait_for_url("**/parts/*")
    return page.url


def test_befriend_your_depressed_part_end_to_end(page, page_errors):
    sign_up(page)
    part_url = add_part(page, "The heavy one")
    page.click("text=Befriend your depressed part")
    page.wait_for_url("**/practices/befriend-depressed-part?part=*")
    progress = page.locator("[data-progress]")
    assert progress.inner_text().startswith("Step 1 of ")
    assert page.locator(".ground summary").is_visible()
    page.select_option("#self_energy_before", "3")
    page.click("[data-next]")
    # Breathe first is on by default: the pacer is there (breathe.js, fetched after the page has
    # loaded, draws it), with a fallback.
    assert page.locator("[data-step=breathe_first] [data-pacer]").count() == 1
    page.wait_for_selector("[data-step=breathe_first] [data-pacer] button")
    assert "Breathe slowly in and out" in page.inner_text("[data-step=breathe_first]")
    assert page.locator("[data-back]").is_visible()
    page.click("[data-next]")
    # Is it okay with your system today? Only a yes goes on into the practice.
    assert "The heavy one" not in page.inner_text("[data-step=system_ok]")
    page.check("text=Yes, it feels okay")
    page.click("[data-next]")
    page.click("[data-next]")  # welcome
    page.fill("#answer-find", "A weight on my chest")
    page.click("[data-next]")
    page.click("[data-next]")  # stay with it
    page.click("[data-next]")  # flesh it out, left empty
    assert page.locator("[data-step=feel_toward]").is_visible()
    assert "How do you feel toward The heavy one right now?" in page.inner_text(
        "[data-step=feel_toward]")
    page.check("text=I want it gone")
    page.click("[data-next]")
    assert page.locator("[data-step=unblend]").is_visible()
    page.check("text=It stepped back, at least a little")
    page.click("[data-next]")
    assert page.locator("[data-step=befriend_job]").is_visible()
    page.click("[data-back]")
    assert page.is_checked("text=It stepped back, at least a little")
    page.click("[data-next]")
    page.fill("#answer-befriend_job", "Keeping me from trying so I can't fail")
    page.click("[data-next]")
    page.click("[data-next]")
    page.fill("#answer-fears", "That I'd be crushed by disappointment")
    while not page.locator("[data-step=finish]").is_visible():
        page.click("[data-next]")
    text = progress.inner_text()
    position, total = text.removeprefix("Step ").split(" of ")
    assert position == total
    page.select_option("#self_energy_after", "6")
    page.click("text=Save this practice")
    page.wait_for_selector("text=Saved. Thank you for doing this.")
    # One review screen: every field as it was and as just written, a choice for each.
    review = page.locator("form.update-part")
    assert "Keep this for The heavy one?" in review.inner_text()
    fears = review.locator("fieldset:has(legend:text-is('What it fears'))")
    assert "Nothing yet" in fears.inner_text()
    assert "That I'd be crushed by disappointment" in fears.inner_text()
    assert fears.locator("input:checked").get_attribute("value") == "replace"
    status = review.locator("fieldset:has(legend:text-is('Where you are with it'))")
    status.locator("label:has-text('Leave it as it is')").click()
    assert axe_serious(page) == []
    page.click("text=Save to The heavy one's page")
    page.wait_for_url(part_url)
    body = page.inner_text("main")
    assert "That I'd be crushed by disappointment" in body  # fears, now on the profile
    assert "Getting to know" not in page.inner_text("#profile")  # the status was left
    assert "Noticed" in page.inner_text("#profile")
    page.click("text=Befriend your depressed part ·")
    assert page.locator("text=It stepped back, at least a little").is_visible()
    assert page_errors == []


def test_a_practice_can_be_paused_and_saved_unfinished(page):
    sign_up(page)
    page.goto("/practices/grounding-5-4-3-2-1")
    page.click("[data-next]")
    page.click("[data-next]")
    page.fill("#answer-see", "A lamp, a cup")
    page.click("text=Pause and ground me")
    assert page.locator("a[href='/crisis']").first.is_visible()
    page.click("text=Save what I have and stop")
    page.wait_for_selector("text=Saved where you stopped.")


def test_inline_edit_with_htmx(page):
    sign_up(page)
    add_part(page, "Critic")
    page.click("#profile >> text=Edit")
    page.fill("#needs", "To be told it can rest")
    page.click("text=Save changes")
    page.wait_for_selector("#profile >> text=To be told it can rest")
    assert "/edit" not in page.url


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_parts_and_practice_pages_pass_axe(context_factory, viewport, scheme):
    page = context_factory(viewport=viewport, color_scheme=scheme).new_page()
    sign_up(page)
    protector = add_part(page, "Heavy & tired")
    exile = add_part(page, "Little one", role="exile")
    page.goto(protector)
    page.select_option("#other", label="Little one")
    page.click("text=Add relationship")
    paths = ["/parts/", protector, "/parts/map", "/practices/",
             "/practices/befriend-depressed-part", "/practices/witnessing-an-exile", exile]
    for path in paths:
        page.goto(path)
        assert axe_serious(page) == [], path
    page.goto("/parts/map")
    box = page.locator("svg.parts-map").bounding_box()
    assert box["width"] <= viewport["width"]
