"""Faults: the server dies in the middle of a phone's sync; the database goes away and comes back.

The server here is a real gunicorn in its own process group (benchmarks/server.py), so it can
be killed with SIGKILL like a crashed machine and started again on the same port and database:
the same origin, so the phone's service worker and outbox carry on as they would in life.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from benchmarks import server
from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.extensions import db
from tests.browser.fixtures import PHONE, serve_htmx, sign_up
from tests.browser.test_offline import COUNT, ready_offline

QUEUED = 20
CRASH_AT = 5  # the server dies while answering this POST of the flush
MORE_LIKE_THEM = """(n) => BefriendOutbox.all().then((entries) => Promise.all(
    Array.from({length: n}, (_, i) => {
        const id = crypto.randomUUID(), mood = String(2 + i % 9);
        const fields = entries[i % entries.length].fields.map(([name, value]) =>
            [name, name === "client_id" ? id : name === "mood" ? mood : value]);
        const copy = {...entries[i % entries.length], fields, client_id: id};
        delete copy.id;
        return BefriendOutbox.add(copy);
    })))"""


def client_ids(app) -> list[str]:
    return sorted(moods(app))


def moods(app) -> dict[str, int]:
    with app.app_context():
        return {str(c): m for c, m in db.session.execute(select(CheckIn.client_id, CheckIn.mood))}


def queued_moods(page) -> dict[str, int]:
    return {e["client_id"]: int(dict(e["fields"])["mood"]) for e in page.evaluate(
        "BefriendOutbox.all()")}


@pytest.mark.browser
def test_a_server_killed_mid_sync_still_gets_every_checkin_exactly_once(
        browser, htmx_js, database_url, make_app):
    app = make_app()  # the schema, cleaned afterwards; also how this test reads the rows
    port = server.free_port()
    process = server.start(database_url, port, workers=1)
    context = browser.new_context(viewport=PHONE, base_url=f"http://127.0.0.1:{port}")
    try:
        context.route("https://cdn.jsdelivr.net/**", serve_htmx(htmx_js))
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        sign_up(page)
        ready_offline(page)

        context.set_offline(True)
        for mood in (4, 6, 8):  # written offline through the real form, as a person would
            page.goto("/")
            page.click(f"label[for=mood-{mood}]")
            page.click("button.save")
            page.wait_for_selector(".outbox-queued:has-text('Saved on this phone')")
        page.evaluate(MORE_LIKE_THEM, QUEUED - 3)  # and more of the same, each its own client_id
        page.reload()
        page.wait_for_selector(f"{COUNT}:has-text('{QUEUED} entries waiting to sync')")
        queued = queued_moods(page)
        assert len(queued) == QUEUED and client_ids(app) == []

        posts: list[str] = []

        def crash_while_answering(route) -> None:
            """The nth POST reaches the server and is saved, then the server dies before the
            phone hears back; every later POST finds nobody listening."""
            if route.request.method != "POST":
                return route.continue_()
            posts.append(route.request.url)
            if len(posts) == CRASH_AT:
                route.fetch()
                server.kill(process)
                return route.abort("connectionreset")
            return route.continue_()

        context.route("**/checkins", crash_while_answering)
        context.set_offline(False)  # the page's "online" listener and the worker's sync flush
        left = QUEUED - CRASH_AT + 1  # the unanswered one and every one after it
        for _ in range(200):
            if len(posts) >= CRASH_AT:
                break
            page.wait_for_timeout(100)
        # Once the outbox lock is free again, the flush that met the crash has finished.
        page.evaluate("navigator.locks.request('befriend-outbox', () => true)")
        kept = page.evaluate("BefriendOutbox.all()")
        assert {e["state"] for e in kept} == {"pending"}  # kept to retry, none for attention
        waiting = [e["client_id"] for e in kept]
        saved = client_ids(app)
        assert process.poll() is not None, "the server should be dead"
        assert len(saved) == CRASH_AT, "the first posts arrived before the crash"
        assert len(waiting) == left
        # The one saved just as the server died is still on the phone: it will be sent again.
        assert len(set(saved) & set(waiting)) == 1

        context.unroute("**/checkins")
        process = server.start(database_url, port, workers=1)  # same port and database
        # What the page does when the connection comes back (the worker's sync does the same).
        result = page.evaluate("BefriendOutbox.flush({force: true})")
        assert (result["failed"], result["attention"], result["waiting"]) == (0, 0, 0)
        page.evaluate("Befriend.refreshStatus()")
        page.wait_for_selector("[data-outbox-status]", state="hidden")

        assert moods(app) == queued  # every one, exactly once, as it was written
        assert len(client_ids(app)) == QUEUED
        assert page.evaluate("BefriendOutbox.all()") == []  # nothing stuck, none for attention
        page.reload()
        assert page.inner_text(COUNT) == ""
        assert errors == []
    finally:
        context.close()
        server.kill(process)
