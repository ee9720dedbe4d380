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
