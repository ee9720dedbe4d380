"""The daily loop in Chromium: three taps to a saved check-in at phone width; axe on the pages."""

from __future__ import annotations

import pytest

from .fixtures import DESKTOP, axe_serious, sign_up, watch

pytestmark = pytest.mark.browser

CONFIRMATION = "Saved. Thank you for checking in."


def test_three_tap_checkin_and_accessible_pages(page, page_errors, context_factory):
    sign_up(page)
    page.click("label[for=mood-6]")  # tap 1: the mood
    page.click("button.save")  # tap 2: save (plain POST now, an outbox fragment later)
    page.get_by_text(CONFIRMATION).wait_for()
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
