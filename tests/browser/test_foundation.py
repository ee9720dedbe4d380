"""The foundation in real Chromium: htmx under the strict CSP, accessibility, accounts."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ifs_pwa.auth.models import User
from ifs_pwa.extensions import db
from tests.browser.fixtures import DESKTOP, PHONE, axe_serious, sign_up, watch

pytestmark = pytest.mark.browser

PUBLIC_PAGES = ["/", "/signup", "/login", "/crisis", "/about"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_htmx_loads_under_the_csp_without_console_errors(page, page_errors, path):
    page.goto(path)
    page.wait_for_function("window.htmx && window.htmx.version === '2.0.11'")
    assert page_errors == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_public_pages_pass_axe(context_factory, viewport):
    page = context_factory(viewport=viewport).new_page()
    for path in PUBLIC_PAGES:
        page.goto(path)
        assert axe_serious(page) == [], path


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_signed_in_pages_pass_axe(context_factory, viewport, scheme):
    page = context_factory(viewport=viewport, color_scheme=scheme).new_page()
    sign_up(page)
    for path in ["/", "/account", "/more", "/crisis", "/nothing-here"]:
        page.goto(path)
        assert axe_serious(page) == [], path


def test_form_errors_pass_axe_and_keep_what_was_typed(page):
    page.goto("/signup")
    page.fill("#username", "<b>me</b>")
    page.fill("#password", "short")
    page.click("button[type=submit]")
    assert page.input_value("#username") == "<b>me</b>"
    assert page.get_attribute("#username", "aria-invalid") == "true"
    assert "Use between 8 and 128 characters." in page.inner_text("#password-error")
    assert axe_serious(page) == []


def test_signup_logout_login_in_the_browser(page, app, page_errors):
    sign_up(page, "Robin")
    assert page.inner_text("h1") == "Hello, Robin"
    page.click("nav >> text=More")
    page.click("button:has-text('Log out')")
    page.wait_for_url("**/")
    assert "logged out" in page.inner_text(".flashes")

    page.goto("/login")
    page.fill("#username", "robin")
    page.fill("#password", "wrong password")
    page.click("button[type=submit]")
    assert "don't match" in page.inner_text(".form-error")
    page.fill("#password", "correct horse battery")
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    assert page.inner_text("h1") == "Hello, Robin"
    assert page_errors == []


def test_signup_records_the_phones_time_zone(context_factory, app):
    page = context_factory(timezone_id="Pacific/Auckland").new_page()
    sign_up(page)
    with app.app_context():
        assert db.session.scalar(select(User.timezone)) == "Pacific/Auckland"


def test_settings_offer_the_phones_time_zone(context_factory):
    page = context_factory(timezone_id="America/Toronto").new_page()
    sign_up(page)
    page.goto("/account")
    assert page.locator("[data-use-timezone]").is_hidden()  # already right: nothing to offer
    page.fill("#timezone", "UTC")
    page.click("text=Save settings")
    page.click("text=Use this phone's time zone (America/Toronto)")
    assert page.input_value("#timezone") == "America/Toronto"


def test_crisis_link_is_one_tap_from_every_page_on_a_phone(page, page_errors):
    for path in PUBLIC_PAGES + ["/missing"]:
        page.goto(path)
        link = page.get_by_role("link", name="Need help now")
        assert link.is_visible()
        box = link.bounding_box()
        assert box["height"] >= 44 and box["x"] + box["width"] <= PHONE["width"]
    page.get_by_role("link", name="Need help now").click()
    page.wait_for_url("**/crisis")
    assert page.get_by_role("link", name="Call 988").count() == 1


def test_keyboard_user_can_skip_to_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_htmx_requests_carry_the_csrf_header(page, live_server):
    sign_up(page)
    with page.expect_request(lambda request: request.url.endswith("/about")) as sent:
        page.evaluate("htmx.ajax('GET', '/about', {target: 'main', swap: 'innerHTML'})")
    token = page.get_attribute('meta[name="csrf-token"]', "content")
    assert token and sent.value.headers.get("x-csrftoken") == token


def test_no_request_leaves_for_a_third_party(context_factory):
    context = context_factory()
    hosts = set()
    context.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page = context.new_page()
    watch(page, [])
    sign_up(page)
    for path in ["/", "/account", "/crisis"]:
        page.goto(path)
    assert hosts <= {page.url.split("/")[2], "cdn.jsdelivr.net"}
