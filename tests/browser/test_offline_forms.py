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


def test_a_part_edit_sent_by_htmx_offline_keeps_what_was_typed(context_factory, app):
    context = context_factory()
    page = context.new_page()
    sign_up(page)
    part_id = insert_part(app, "sam", "The Heavy One")
    page.goto(f"/parts/{part_id}/edit")
    ready_offline(page)
    context.set_offline(True)
    page.fill("#description", "Sits on my chest in the mornings")
    page.locator("form[hx-post] button[type=submit]").first.click()
    page.wait_for_selector(f"[data-not-sent]:has-text(\"{NOT_SENT}\")")
    assert page.input_value("#description") == "Sits on my chest in the mornings"
    assert (part_named(app, "The Heavy One").description or "") == ""


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
