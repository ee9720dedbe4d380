"""Forms the outbox does not keep (a new part, a part's edit), sent without a connection: the
person is told nothing was sent, and what they typed stays where it was. When the phone thinks
it is online but the network carries nothing, the worker answers with the offline page saying
so, never the browser's own error."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ifs_pwa.extensions import db
from ifs_pwa.parts.models import Part
from tests.browser.fixtures import axe_serious, sign_up, watch
from tests.browser.test_offline import ready_offline
from tests.factories import insert_part, part_named

pytestmark = pytest.mark.browser

NOT_SENT = "You're offline, so this wasn't sent and nothing changed."


def parts_named(app, name: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Part).where(Part.name == name))


def test_a_new_part_typed_offline_stays_on_the_page_with_a_note(context_factory, app, page_errors):
    context = context_factory()
    page = context.new_page()
    watch(page, page_errors)
    sign_up(page)
    page.goto("/parts/new")
    ready_offline(page)
    context.set_offline(True)
    page.fill("#name", "The one who waits by the door")
    page.click("text=Save this part")
    page.wait_for_selector(f"[data-not-sent]:has-text(\"{NOT_SENT}\")")
    assert page.url.endswith("/parts/new")
    assert page.input_value("#name") == "The one who waits by the door"
    assert axe_serious(page) == []
    context.set_offline(False)
    page.click("text=Save this part")  # once online, the same words go
    page.wait_for_url("**/parts/*")
    assert parts_named(app, "The one who waits by the door") == 1


def test_two_edits_of_a_part_made_offline_land_in_order_and_none_is_lost(context_factory, app):
    """A part's edit is an outbox form: offline it is kept on the phone. A second edit made on
    the phone's copy of the page (from the same version) follows the first once both are sent,
    instead of being taken for an edit from somewhere else."""
    context = context_factory()
    page = context.new_page()
    sign_up(page)
    part_id = insert_part(app, "sam", "The Heavy One")
    page.goto(f"/parts/{part_id}/edit")
    ready_offline(page)
    page.reload()  # the phone's copy now has the part in it
    context.set_offline(True)
    for words in ("Sits on my chest in the mornings", "Sits on my chest, lighter by noon"):
        page.goto(f"/parts/{part_id}/edit")  # the copy kept on the phone
        page.fill("#description", words)
        page.click("#profile button[type=submit]")
        page.wait_for_selector(".outbox-queued:has-text('Saved on this phone')")
    assert (part_named(app, "The Heavy One").description or "") == ""
    context.set_offline(False)
    page.evaluate("Befriend.flush(true)")
    page.wait_for_function("""() => Befriend.outbox().then((o) => o.all())
        .then((all) => all.length === 0)""")
    part = part_named(app, "The Heavy One")
    assert part.description == "Sits on my chest, lighter by noon"
    assert not part.waiting  # the second followed the first: nothing to choose between


def test_an_htmx_form_sent_offline_says_it_was_not_sent(context_factory, app):
    """The reminder offer's "Not now" is an htmx form; offline it stays, saying why."""
    from datetime import timedelta

    from ifs_pwa.clock import today
    from tests.factories import insert_checkin, person

    context = context_factory()
    page = context.new_page()
    sign_up(page)
    with app.app_context():  # enough days of use for Today to offer a reminder
        owner = person("sam")
        for days_ago in range(1, 6):
            insert_checkin(owner, today(owner.timezone) - timedelta(days=days_ago), 5)
        db.session.commit()
    page.goto("/")
    ready_offline(page)
    context.set_offline(True)
    offer = page.locator("#reminder-offer")
    offer.get_by_role("button", name="Not now").click()
    page.wait_for_selector(f"#reminder-offer [data-not-sent]:has-text(\"{NOT_SENT}\")")
    assert offer.is_visible()


def test_a_form_whose_network_fails_gets_the_offline_page_saying_it_was_not_sent(
        context_factory, app, page_errors):
    context = context_factory()
    page = context.new_page()
    sign_up(page)
    page.goto("/parts/new")
    ready_offline(page)
    watch(page, page_errors)
    # The phone believes it is online, but nothing gets through (the worker's own fetch fails).
    context.route("**/parts/", lambda route: route.abort()
                  if route.request.method == "POST" else route.continue_())
    page.fill("#name", "The Lookout")
    page.click("text=Save this part")
    page.wait_for_selector("text=That wasn't sent.")
    assert page.locator(".offline-page-note").is_hidden()
    assert page.locator("[data-offline-post-note]").is_visible()
    assert axe_serious(page) == []
    page.click("text=Go back to what you typed")
    page.wait_for_url("**/parts/new")
    assert parts_named(app, "The Lookout") == 0
