"""Offline across domains: check-ins, breathing, a practice, the crisis page and the safety plan.

Each entry made without a network must reach the server exactly once after reconnecting; what
a person needs in a hard moment (crisis lines, their own plan) must open with no network, and
logging out must leave none of it on a shared phone.
"""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from ifs_pwa.breathing.models import BreathingSession
from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.extensions import db
from ifs_pwa.practices.models import PracticeSession
from tests.browser.fixtures import sign_up
from tests.browser.test_offline import COUNT, quick_custom_session, ready_offline

pytestmark = pytest.mark.browser


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def online_again(context, page) -> None:
    # The waiting count is drawn a moment after the "saved on this phone" note (IndexedDB is
    # asynchronous); going online before it shows would make the wait below pass at once.
    page.wait_for_selector("[data-outbox-status]", state="visible")
    context.set_offline(False)
    page.wait_for_selector("[data-outbox-status]", state="hidden", timeout=15_000)


def test_three_checkins_and_a_breath_made_offline_arrive_exactly_once(context_factory, app):
    context = context_factory()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_up(page)
    ready_offline(page)

    context.set_offline(True)
    for mood in (3, 5, 7):
        page.goto("/")
        page.click(f"label[for=mood-{mood}]")
        page.click("button.save")
        page.wait_for_selector(".outbox-queued:has-text('Saved on this phone')")
    page.goto("/breathe")
    quick_custom_session(page)
    page.wait_for_selector(f"{COUNT}:has-text('4 entries waiting to sync')")
    assert (count(app, CheckIn), count(app, BreathingSession)) == (0, 0)

    online_again(context, page)
    assert (count(app, CheckIn), count(app, BreathingSession)) == (3, 1)
    with app.app_context():
        assert sorted(db.session.scalars(select(CheckIn.mood))) == [3, 5, 7]
    page.reload()  # flushing again on load sends nothing twice
    page.wait_for_load_state("networkidle")
    assert (count(app, CheckIn), count(app, BreathingSession)) == (3, 1)
    assert page.inner_text(COUNT) == ""
    assert errors == []


def test_a_send_that_fails_as_the_network_returns_is_tried_again_within_seconds(
        context_factory, app):
    """The "online" event can come a moment before requests get through (CI once saw the outbox
    stall for good: the failed try had pushed every entry's backoff past the page's retry)."""
    context = context_factory()
    page = context.new_page()
    sign_up(page)
    ready_offline(page)
    context.set_offline(True)
    page.goto("/")  # a load while offline counts nothing against the entry
    page.click("label[for=mood-4]")
    page.click("button.save")
    page.wait_for_selector(".outbox-queued:has-text('Saved on this phone')")
    page.reload()
    page.wait_for_selector(f"{COUNT}:has-text('1 entry waiting to sync')")

    # For the first 1.5 s back online (and at least once) nothing gets through, for the page or
    # its worker.
    refused: list[str] = []
    back_online = time.monotonic()

    def slow_network(route):
        if not refused or time.monotonic() - back_online < 1.5:
            refused.append(route.request.url)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    context.route("**/session-token", slow_network)
    context.set_offline(False)
    page.wait_for_selector("[data-outbox-status]", state="hidden", timeout=10_000)
    assert count(app, CheckIn) == 1


def test_a_practice_done_offline_is_saved_once_after_reconnecting(context_factory, app):
    context = context_factory()
    page = context.new_page()
    sign_up(page)
    page.goto("/practices/appreciation-minute")
    ready_offline(page)

    context.set_offline(True)
    page.reload()  # from the copy on the phone
    # speak.js comes from the worker's cache too: reading aloud and the countdown work offline.
    page.wait_for_selector("form[data-practice] [data-speak-pause]", state="attached")
    assert page.locator(".speak-settings").count() == 1
    while not page.locator("[data-step=effort]").is_visible():
        page.click("[data-next]")
    page.fill("#answer-effort", "Keeping me safe from being let down")
    while page.locator("[data-next]").is_visible():
        if page.locator("[data-step=response]").is_visible():
            assert page.locator("[data-step=response] [role=timer]").is_visible()
        page.click("[data-next]")
    page.click("text=Save this practice")
    page.wait_for_selector(".outbox-queued:has-text('Saved on this phone')")
    assert count(app, PracticeSession) == 0

    online_again(context, page)
    assert count(app, PracticeSession) == 1
    with app.app_context():
        saved = db.session.scalars(select(PracticeSession)).one()
        assert saved.practice_slug == "appreciation-minute"
        assert saved.answers["effort"] == "Keeping me safe from being let down"


def test_crisis_and_safety_plan_open_offline_and_leave_with_logout(context_factory):
    context = context_factory()
    page = context.new_page()
    sign_up(page)
    page.goto("/safety-plan")
    page.fill("#reasons", "My sister, and the sea.")
    page.click("text=Save my plan")
    page.get_by_text("Your safety plan is saved.").wait_for()
    page.goto("/safety-plan")  # one visit online keeps it on the phone
    assert "My sister, and the sea." in page.inner_text("main")
    ready_offline(page)

    context.set_offline(True)
    page.goto("/crisis")
    assert page.inner_text("h1") == "You don't have to carry this alone"
    assert page.get_by_role("link", name="Call 988").count() >= 1
    page.goto("/safety-plan")
    assert "My sister, and the sea." in page.inner_text("main")

    context.set_offline(False)
    page.goto("/more")
    page.click("button:has-text('Log out')")
    page.wait_for_url("**/")
    ready_offline(page)  # the phone now keeps the signed-out pages only
    context.set_offline(True)
    page.goto("/safety-plan")
    assert "My sister, and the sea." not in page.content()
    assert page.inner_text("h1") == "You're offline just now"


def test_the_practice_list_and_a_practice_for_one_part_open_offline(context_factory, app):
    """The list of practices is kept on the phone, and a practice opened for a part (from the
    part's page, ?part=) opens from the copy kept without the query, with that part chosen;
    what is written there reaches the part once the phone is back online."""
    from tests.factories import insert_part

    context = context_factory()
    page = context.new_page()
    sign_up(page)
    ready_offline(page)  # the warm-up is done: no copy drawn before the part can land later
    part_id = insert_part(app, "sam", "The Heavy One")
    page.goto("/practices/appreciation-minute")  # kept again, now with the part in it
    page.wait_for_function("""() => caches.keys().then((names) => Promise.all(names.map((n) =>
        caches.open(n).then((c) => c.match(location.href))))).then((found) => Promise.all(
        found.filter(Boolean).map((r) => r.text()))).then((texts) =>
        texts.some((t) => t.includes("The Heavy One")))""", polling=100)

    context.set_offline(True)
    page.goto("/practices/")
    assert page.locator("html[data-saved-copy]").count() == 1
    assert "Appreciation" in page.inner_text("main")
    page.goto(f"/practices/appreciation-minute?part={part_id}")
    assert page.locator("html[data-saved-copy]").count() == 1
    assert page.input_value("select[name=part_id]") == str(part_id)
    while not page.locator("[data-step=effort]").is_visible():
        page.click("[data-next]")
    page.fill("#answer-effort", "Holding everything together")
    while page.locator("[data-next]").is_visible():
        page.click("[data-next]")
    page.click("text=Save this practice")
    page.wait_for_selector(".outbox-queued:has-text('Saved on this phone')")

    online_again(context, page)
    with app.app_context():
        saved = db.session.scalars(select(PracticeSession)).one()
        assert saved.part_id == part_id
        assert saved.answers["effort"] == "Holding everything together"
