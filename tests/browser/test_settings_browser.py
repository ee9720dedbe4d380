"""Settings and the recovery code in real Chromium (issue 19, items 6 and 8): the code in groups
that never break at 320 and 390 px, Copy, the way on behind "I've saved it", the phone's time
zone, the trust slider, and axe in light and dark."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from ifs_pwa.auth.models import User
from ifs_pwa.extensions import db
from ifs_pwa.parts.models import Part
from tests.browser.fixtures import axe_serious, sign_up, watch

pytestmark = [pytest.mark.browser, pytest.mark.screen]

WHOLE_CODE = re.compile(r"[2-9A-Z]{5}(-[2-9A-Z]{5}){3}")
NARROW = [{"width": 320, "height": 640}, {"width": 390, "height": 844}]

GROUP_LINES = """() => [...document.querySelectorAll('.recovery-code-value .code-group')].map(g => {
  const line = parseFloat(getComputedStyle(g).lineHeight);
  return {height: g.getBoundingClientRect().height, rects: g.getClientRects().length, line};
})"""
SIDEWAYS = "() => document.documentElement.scrollWidth - window.innerWidth"


def start_sign_up(page, username="sam", password="correct horse battery") -> None:
    """Sign up and stop at the welcome, where the new code is shown."""
    page.goto("/signup")
    page.fill("#username", username)
    page.fill("#password", password)
    page.fill("#confirm", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/welcome")


def shown_code(page) -> str:
    code = page.inner_text(".recovery-code-value code")
    assert WHOLE_CODE.fullmatch(code), code
    return code


def assert_groups_whole_and_nothing_sideways(page) -> None:
    groups = page.evaluate(GROUP_LINES)
    assert len(groups) == 4
    for group in groups:  # one line box each: never broken inside a group
        assert group["rects"] == 1 and group["height"] <= group["line"] * 1.2, groups
    assert page.evaluate(SIDEWAYS) <= 0


@pytest.mark.parametrize("viewport", NARROW, ids=["320", "390"])
def test_the_code_never_breaks_mid_group_nor_scrolls_sideways(context_factory, viewport):
    page = context_factory(viewport=viewport).new_page()
    start_sign_up(page)
    shown_code(page)
    assert_groups_whole_and_nothing_sideways(page)
    page.check("#code-saved")
    page.click("text=I understand, let's begin")
    page.wait_for_url("**/")
    page.goto("/account")
    page.fill("#recovery_current", "correct horse battery")
    page.click("text=Make a new recovery code")
    page.wait_for_url("**/account")
    shown_code(page)
    assert_groups_whole_and_nothing_sideways(page)
    assert page.evaluate(SIDEWAYS) <= 0


def test_copy_puts_the_code_on_the_clipboard_and_says_so(context_factory):
    context = context_factory(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list = []
    watch(page, errors)
    start_sign_up(page)
    code = shown_code(page)
    copy = page.get_by_role("button", name="Copy the code")
    assert copy.is_visible()
    copy.click()
    status = page.locator("[data-copy-status]")
    status.filter(has_text="Copied").wait_for()
    assert status.get_attribute("role") == "status"
    assert page.evaluate("navigator.clipboard.readText()") == code
    assert errors == []


def test_without_a_clipboard_copy_selects_the_code(context_factory):
    context = context_factory()
    context.add_init_script(
        "Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined})")
    page = context.new_page()
    start_sign_up(page)
    code = shown_code(page)
    page.click("text=Copy the code")
    page.locator("[data-copy-status]").filter(has_text=re.compile(r"\w")).wait_for()
    assert page.evaluate("window.getSelection().toString()") == code


def test_the_way_on_waits_for_ive_saved_it(context_factory, app):
    page = context_factory().new_page()
    start_sign_up(page)
    begin = page.get_by_role("button", name="I understand, let's begin")
    plan = page.get_by_role("button", name="Write my safety plan first")
    for button in (begin, plan):
        assert button.get_attribute("aria-disabled") == "true" and not button.is_enabled()
    begin.click(force=True)  # a tap anyway
    page.wait_for_timeout(300)
    assert page.url.endswith("/welcome")  # not usable yet
    assert page.evaluate("document.activeElement.id") == "code-saved"
    box = page.locator("#code-saved").bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24  # easy to tick on a phone
    assert "saved my recovery code" in page.inner_text(".saved-note")
    page.check("#code-saved")
    assert begin.get_attribute("aria-disabled") is None and begin.is_enabled()
    assert page.locator(".saved-note").is_hidden()
    begin.click()
    page.wait_for_url(re.compile(r"/$"))
    assert "Hello, sam" in page.inner_text("h1")


def test_without_javascript_the_browser_holds_the_way_on_back(context_factory):
    page = context_factory(java_script_enabled=False).new_page()
    start_sign_up(page)
    page.click("text=Write my safety plan first")
    page.wait_for_timeout(300)
    assert page.url.endswith("/welcome")  # the required box stops the form
    assert page.evaluate("document.querySelector('#code-saved').validity.valueMissing")
    page.check("#code-saved")
    page.click("text=Write my safety plan first")
    page.wait_for_url("**/safety-plan/edit*")


def test_a_new_code_in_the_account_is_confirmed_before_it_goes(context_factory):
    page = context_factory().new_page()
    sign_up(page)
    page.goto("/account")
    page.fill("#recovery_current", "correct horse battery")
    page.click("text=Make a new recovery code")
    page.wait_for_url("**/account")
    shown_code(page)
    done = page.get_by_role("button", name="Done: hide the code")
    assert done.get_attribute("aria-disabled") == "true" and not done.is_enabled()
    done.click(force=True)
    page.wait_for_timeout(300)
    assert page.locator(".recovery-code-value").is_visible()
    page.check("#code-saved")
    done.click()
    page.wait_for_url(re.compile(r"/account$"))
    assert page.locator(".recovery-code-value").count() == 0


def test_the_time_zone_comes_from_the_phone_and_unknown_ones_are_refused(context_factory, app):
    context = context_factory(timezone_id="America/Chicago")
    page = context.new_page()
    page.goto("/signup")
    assert page.input_value("#timezone") == "America/Chicago"
    assert page.get_attribute("#timezone", "list") == "timezone-choices"
    page.fill("#username", "sam")
    page.fill("#password", "correct horse battery")
    page.fill("#confirm", "correct horse battery")
    page.click("button[type=submit]")
    page.wait_for_url("**/welcome")
    with app.app_context():
        assert db.session.scalar(select(User.timezone)) == "America/Chicago"

    page.goto("/account")
    assert page.locator("[data-use-timezone]").is_hidden()  # the same: nothing to offer
    page.fill("#timezone", "Mars/Olympus")
    page.click("text=Save settings")
    assert "Mars/Olympus" in page.inner_text("#timezone-error")
    assert page.input_value("#timezone") == "Mars/Olympus"  # what was typed is kept
    page.fill("#timezone", "europe/berlin")
    page.click("text=Save settings")
    page.wait_for_url("**/account")
    assert page.input_value("#timezone") == "Europe/Berlin"
    offer = page.get_by_role("button", name="Use this phone's time zone (America/Chicago)")
    offer.click()
    assert page.input_value("#timezone") == "America/Chicago"
    page.click("text=Save settings")
    page.wait_for_url("**/account")
    with app.app_context():
        assert db.session.scalar(select(User.timezone)) == "America/Chicago"


def test_trust_in_self_is_a_slider_whose_value_is_shown_and_saved(context_factory, app):
    page = context_factory().new_page()
    sign_up(page)
    page.goto("/parts/new")
    page.fill("#name", "The critic")
    slider = page.get_by_role("slider", name="How much it trusts you")
    value = page.locator("output[for=trust_in_self]")
    assert value.inner_text() == "Not sure yet" and page.is_checked("#trust_unsure")
    assert "0, not at all" in page.inner_text("#trust-ends")
    assert "10, completely" in page.inner_text("#trust-ends")
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert value.inner_text() == "7" and not page.is_checked("#trust_unsure")
    assert slider.get_attribute("aria-valuetext") == "7 out of 10"
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/parts/\d+$"))
    assert "7 out of 10" in page.inner_text("main")
    with app.app_context():
        assert db.session.scalar(select(Part.trust_in_self)) == 7


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_sign_up_the_code_and_settings_pass_axe(context_factory, scheme):
    page = context_factory(color_scheme=scheme, timezone_id="Europe/Berlin").new_page()
    page.goto("/signup")
    assert axe_serious(page) == [], "/signup"
    page.fill("#username", "sam")
    page.fill("#password", "short")
    page.click("button[type=submit]")
    assert axe_serious(page) == [], "/signup with errors"
    page.fill("#password", "correct horse battery")
    page.fill("#confirm", "correct horse battery")
    page.click("button[type=submit]")
    page.wait_for_url("**/welcome")
    assert axe_serious(page) == [], "/welcome with the code"
    page.click("text=I understand, let's begin", force=True)  # the note saying why it waits
    assert axe_serious(page) == [], "/welcome asking for I've saved it"
    page.check("#code-saved")
    page.click("text=I understand, let's begin")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/account")
    page.fill("#timezone", "UTC")
    page.click("text=Save settings")
    page.wait_for_url("**/account")
    assert page.locator("[data-use-timezone]").is_visible()
    assert axe_serious(page) == [], "/account"
    page.fill("#timezone", "Nowhere/Special")
    page.click("text=Save settings")
    assert axe_serious(page) == [], "/account with a refused zone"
    page.fill("#recovery_current", "correct horse battery")
    page.click("text=Make a new recovery code")
    page.wait_for_url("**/account")
    page.click("text=Copy the code")
    assert axe_serious(page) == [], "/account with a new code"
    page.goto("/parts/new")
    assert axe_serious(page) == [], "/parts/new with the trust slider"
