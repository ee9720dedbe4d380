"""The safety plan edited in two places: an edit queued on the phone never silently overwrites a
newer one saved elsewhere (409, both versions kept and shown, the person's choice saved), and two
queued edits of the plan go in the order they were made, even when the first one fails."""

from __future__ import annotations

import pytest

from tests.browser.fixtures import axe_serious, sign_up
from tests.browser.test_offline import ready_offline
from tests.web.test_safety_plan_versions import the_plan

pytestmark = pytest.mark.browser

PHONE_WORDS = "Cold water, then the breathing, then text Jo."
LAPTOP_WORDS = "Jo is awake until midnight."


def save_plan(page, field: str, words: str) -> None:
    page.goto("/safety-plan/edit")
    page.fill(f"#{field}", words)
    page.click("#safety-plan-form button[type=submit]")


def phone_with_a_plan(context_factory):
    """Sam's phone: a first plan saved, its edit page kept by the worker, then offline."""
    context = context_factory()
    page = context.new_page()
    sign_up(page)
    save_plan(page, "reasons", "The sea.")
    page.wait_for_selector("#safety-plan-form .flash:has-text('is saved')")
    ready_offline(page)
    page.goto("/safety-plan/edit")  # kept on the phone, opened from version 1
    context.set_offline(True)
    return context, page


def queue_offline(page, field: str, words: str) -> None:
    save_plan(page, field, words)
    page.wait_for_selector(".outbox-queued:has-text('Saved on this phone')")


def test_an_offline_edit_meets_a_newer_one_and_the_person_chooses(context_factory, app):
    context, phone = phone_with_a_plan(context_factory)
    queue_offline(phone, "on_my_own", PHONE_WORDS)

    laptop = context_factory().new_page()
    laptop.goto("/login")
    laptop.fill("#username", "sam")
    laptop.fill("#password", "correct horse battery")
    laptop.click("button[type=submit]")
    laptop.wait_for_url("**/")
    save_plan(laptop, "helpers_note", LAPTOP_WORDS)
    laptop.wait_for_selector("#safety-plan-form .flash:has-text('is saved')")

    context.set_offline(False)
    news = phone.locator("[data-outbox-news]")
    news.get_by_text("both versions are kept").wait_for(timeout=20_000)
    plan = the_plan(app)
    assert plan.helpers_note == LAPTOP_WORDS and plan.on_my_own != PHONE_WORDS
    assert plan.waiting["plan"]["on_my_own"] == PHONE_WORDS

    news.get_by_role("link", name="see both and choose").click()
    phone.wait_for_url("**/safety-plan/versions")
    both = phone.inner_text("#safety-plan-versions")
    assert PHONE_WORDS in both and LAPTOP_WORDS in both
    assert axe_serious(phone) == []
    with phone.expect_navigation():
        phone.click("button:has-text('Keep the edited version')")
    plan = the_plan(app)
    assert plan.on_my_own == PHONE_WORDS and plan.waiting is None
    assert "is waiting beside it" not in phone.inner_text("main")


def test_two_queued_edits_go_in_order_even_when_the_first_fails(context_factory, app):
    context, phone = phone_with_a_plan(context_factory)
    queue_offline(phone, "reasons", "The sea, and Jo.")
    queue_offline(phone, "reasons", "The sea, Jo, and the dog.")  # made on top of the first
    sent: list[str] = []
    refusals = {"left": 1}

    def first_fails(route):
        body = route.request.post_data or ""
        sent.append("dog" if "dog" in body else "jo")
        if refusals["left"]:
            refusals["left"] -= 1
            route.fulfill(status=500, body="Something went wrong on our side")
        else:
            route.continue_()
    # On the context: the worker's background sync sends too, and only the context sees it.
    context.route("**/safety-plan", lambda route: first_fails(route)
                  if route.request.method == "POST" else route.continue_())

    context.set_offline(False)
    phone.wait_for_function("() => document.querySelector('[data-outbox-news]') && "
                            "!document.querySelector('[data-outbox-news]').hidden",
                            timeout=40_000)
    plan = the_plan(app)
    # The first edit failed and went again; only then did the edit made on top of it go.
    assert sent == ["jo", "jo", "dog"], sent
    assert plan.reasons == "The sea, Jo, and the dog."
    assert plan.waiting is None and plan.version == 3
