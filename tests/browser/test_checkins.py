"""The daily loop in Chromium: three taps to a saved check-in at phone width; axe on the pages."""

from __future__ import annotations

import pytest

from .fixtures import DESKTOP, axe_serious, sign_up, watch

pytestmark = pytest.mark.browser

CONFIRMATION = "Saved. Thank you for checking in."


def is_checkin_save(response) -> bool:
    return response.request.method == "POST" and response.url.endswith("/checkins")


def save_in_place(page, mood: int):
    """Tap the mood and save (two taps), checking the confirmation is swapped into Today: the
    save is answered with the fragment (201), and the page neither navigates nor reloads."""
    start = page.url
    navigations = []
    page.on("framenavigated",
            lambda frame: navigations.append(frame.url) if frame is page.main_frame else None)
    page.evaluate("window.befriendTestMarker = 'still the same page'")
    page.click(f"label[for=mood-{mood}]")  # tap 1: the mood
    with page.expect_response(is_checkin_save) as saving:
        page.click("button.save")  # tap 2: save
    response = saving.value
    assert response.status == 201
    assert response.request.headers.get("hx-request") == "true"
    assert "<html" not in response.text() and CONFIRMATION in response.text()
    page.locator("#checkin-saved").get_by_text(CONFIRMATION).wait_for()
    assert page.locator("#checkin-form").count() == 0
    assert page.url == start and navigations == []
    assert page.evaluate("window.befriendTestMarker") == "still the same page"
    return response


def test_three_tap_checkin_and_accessible_pages(page, page_errors, context_factory):
    sign_up(page)
    save_in_place(page, 6)
    assert "6 out of 10" in page.inner_text("#checkin-saved")

    page.goto("/")
    page.click("summary")
    page.click("label[for=feeling-tired]")
    assert page.is_checked("#feeling-tired")
    assert axe_serious(page) == []
    page.goto("/checkins/")
    assert page.locator("td.m6").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_serious(page) == []

    desktop = context_factory(viewport=DESKTOP, color_scheme="dark").new_page()
    watch(desktop, page_errors)
    desktop.goto("/login")
    desktop.fill("#username", "sam")
    desktop.fill("#password", "correct horse battery")
    desktop.click("button[type=submit]")
    desktop.wait_for_url("**/")
    desktop.click("summary")
    assert axe_serious(desktop) == []
    for path in ("/checkins/", "/checkins/?year=2025", "/checkins/insights"):
        desktop.goto(path)
        assert axe_serious(desktop) == [], path
    assert page_errors == []


def test_lowest_mood_asks_plainly_and_yes_brings_the_crisis_card_in_place(context_factory,
                                                                        page_errors):
    """No country chosen: the card shows the lines guessed from the phone's language (en-GB)."""
    page = context_factory(locale="en-GB").new_page()
    watch(page, page_errors)
    sign_up(page)
    save_in_place(page, 1)
    question = page.locator("#checkin-saved [data-gentle-ask]")
    question.get_by_text("thoughts of ending your life, or of hurting yourself?").wait_for()
    start = page.url
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    question.get_by_role("button", name="Yes").click()  # answered in the page: no request
    card = page.locator("#checkin-saved .crisis-card")
    card.wait_for(state="visible")
    assert asked == [] and page.url == start
    assert card.get_by_role("heading", name="You deserve support right now").is_visible()
    assert card.locator('a[href="tel:116123"]').is_visible()  # Samaritans
    assert card.locator('a[href="tel:999"]').is_visible()
    assert "Going by your phone's language" in card.inner_text()
    assert card.locator('a[href="/safety-plan"]').is_visible()
    assert page.evaluate("window.befriendTestMarker") == "still the same page"
    assert axe_serious(page) == []
    assert page_errors == []
