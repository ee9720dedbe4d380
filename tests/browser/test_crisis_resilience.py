"""Crisis help that never fails, in real Chromium: the phone's copy when the server answers 5xx,
logging out offline, and support cards that are in the page (no request) online and offline."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from ifs_pwa.auth import views as auth_views
from tests.browser.fixtures import sign_up, watch
from tests.browser.test_offline import ready_offline

pytestmark = pytest.mark.browser

PLAN = "My sister, and the sea."
SAVED_COPY = "You're seeing the copy kept on this phone"


def answer_503(route) -> None:
    route.fulfill(status=503, content_type="text/html",
                  body="<!doctype html><html><body><h1>Down for maintenance</h1></body></html>")


def a_person_with_a_plan_ready_offline(context):
    page = context.new_page()
    errors: list[str] = []
    watch(page, errors)
    sign_up(page)
    page.goto("/safety-plan")
    page.fill("#reasons", PLAN)
    page.click("text=Save my plan")
    page.get_by_text("Your safety plan is saved.").wait_for()
    page.goto("/safety-plan")  # one visit online keeps it on the phone
    ready_offline(page)
    page.goto("/crisis")  # and the crisis page as this person sees it, with the plan
    assert PLAN in page.inner_text("main")
    return page, errors


def test_while_the_server_answers_503_crisis_and_plan_come_from_the_phone(context_factory):
    context = context_factory()
    page, _ = a_person_with_a_plan_ready_offline(context)
    assert page.locator("[data-saved-copy-note]").is_hidden()

    context.route("**/crisis", answer_503)
    context.route("**/safety-plan", answer_503)
    for path in ("/crisis", "/safety-plan"):
        response = page.goto(path)
        assert response.status == 200, path
        assert "Down for maintenance" not in page.content(), path
        assert PLAN in page.inner_text("main"), path
        assert page.locator("[data-saved-copy-note]").is_visible(), path
        assert SAVED_COPY in page.inner_text("main")
        assert page.locator('main a[href^="tel:"]').count() >= 1, path
    context.unroute("**/crisis")
    context.unroute("**/safety-plan")

    page.goto("/crisis")  # the server is back: its own page again, and no note
    assert page.locator("[data-saved-copy-note]").is_hidden()


def test_a_crisis_page_drawn_without_the_database_gives_way_to_the_phones_copy(
        context_factory, monkeypatch):
    """A real outage: the server's crisis page has numbers but no plan (and says it must not be
    kept); the phone's copy, with the plan, is shown instead and is not overwritten."""
    context = context_factory()
    page, _ = a_person_with_a_plan_ready_offline(context)

    def refuse(*_args, **_kwargs):
        raise OperationalError("SELECT users", {}, Exception("connection refused"))

    with monkeypatch.context() as outage:
        outage.setattr(auth_views, "load_user", refuse)
        page.goto("/crisis")
        assert PLAN in page.inner_text("main")
        assert page.locator("[data-saved-copy-note]").is_visible()
        response = page.goto("/safety-plan")  # the server's own answer is a 503
        assert response.status == 200 and PLAN in page.inner_text("main")
    page.goto("/crisis")
    assert PLAN in page.inner_text("main")
    assert page.locator("[data-saved-copy-note]").is_hidden()
    context.set_offline(True)
    page.goto("/crisis")  # what the phone kept is still the copy with the plan
    assert PLAN in page.inner_text("main")
    context.set_offline(False)


STILL_SIGNED_IN = "Signing out needs a connection, so you're still signed in on this phone."


def test_logging_out_offline_keeps_the_safety_net_and_says_why(context_factory):
    context = context_factory()
    page, errors = a_person_with_a_plan_ready_offline(context)
    page.goto("/breathe")
    page.goto("/more")

    context.set_offline(True)
    page.click("button:has-text('Log out')")
    note = page.locator("[data-logout-note]")
    note.wait_for(state="visible")
    assert STILL_SIGNED_IN in note.inner_text()
    assert "your entries stay here" in note.inner_text()
    assert page.url.endswith("/more")

    page.goto("/crisis")
    assert page.inner_text("h1") == "You don't have to carry this alone"
    assert page.locator('main a[href="tel:112"]').count() >= 1
    assert PLAN in page.inner_text("main")  # still this person's copy: nothing was forgotten
    page.goto("/breathe")
    assert page.locator(".pacer-actions button:has-text('Start')").is_visible()
    page.goto("/safety-plan")
    assert PLAN in page.inner_text("main")
    page.goto("/offline")
    assert page.inner_text("h1") == "You're offline just now"

    context.set_offline(False)
    page.goto("/more")  # still signed in, as the note said
    assert page.locator("button:has-text('Log out')").is_visible()
    assert [e for e in errors if "net::ERR_INTERNET_DISCONNECTED" not in e] == []


def test_a_confirmed_logout_keeps_the_public_pages_at_once(context_factory):
    context = context_factory()
    page, _ = a_person_with_a_plan_ready_offline(context)
    page.goto("/more")
    page.click("button:has-text('Log out')")
    page.wait_for_url("**/")
    assert "You're logged out" in page.inner_text("main")

    context.set_offline(True)  # straight away: no second visit to keep the pages again
    page.goto("/crisis")
    assert page.inner_text("h1") == "You don't have to carry this alone"
    assert PLAN not in page.content()  # the person's own copy is gone from the phone
    page.goto("/when-it-gets-dark")
    assert page.inner_text("h1") == "When it gets dark"
    page.goto("/breathe")
    assert page.locator(".pacer-actions button:has-text('Start')").is_visible()
    page.goto("/safety-plan")
    assert PLAN not in page.content()
    assert page.inner_text("h1") == "You're offline just now"
    context.set_offline(False)
