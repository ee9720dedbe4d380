"""Faults: the server dies in the middle of a phone's sync; the database goes away and comes back.

The server here is a real gunicorn in its own process group (benchmarks/server.py), so it can
be killed with SIGKILL like a crashed machine and started again on the same port and database:
the same origin, so the phone's service worker and outbox carry on as they would in life.
"""

from __future__ import annotations

import sqlite3
import time
import urllib.error
import urllib.request
import uuid

import pytest
from sqlalchemy import select

from benchmarks import server
from benchmarks.concurrency import Post, post_checkin
from benchmarks.load import Session, log_in
from ifs_pwa import create_app
from ifs_pwa.auth.accounts import create_user
from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.extensions import db
from tests.browser.fixtures import PHONE, serve_htmx, sign_up
from tests.browser.test_offline import COUNT, ready_offline
from tests.conftest import config_for

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


PASSWORD = "steady through the storm"
KIND_503 = "reach our storage just now"


def fetch(base_url: str, path: str, session: Session | None = None) -> tuple[int, str]:
    request = urllib.request.Request(base_url + path, headers={
        "Cookie": session.cookie} if session else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def assert_kind_error_page(status: int, body: str) -> None:
    assert status == 503, body[:300]
    assert KIND_503 in body and "Go to the start" in body
    for leak in ("Traceback", "OperationalError", "psycopg", "sqlite3", "SELECT"):
        assert leak not in body, leak


def new_person(database_url: str, username: str) -> None:
    """Schema and one account, made at production password cost (no rehash at login)."""
    app = create_app(config_for(database_url, ARGON2_FAST=False))
    with app.app_context():
        db.create_all()
        create_user(db.session, username, PASSWORD)
        db.session.commit()
        db.engine.dispose()


def checkin_post(username: str, mood: int = 6) -> Post:
    return Post(username, str(uuid.uuid4()), mood, "new")


def test_postgres_stopped_answers_503_kindly_and_the_app_recovers_by_itself(throwaway_postgres):
    cluster = throwaway_postgres
    new_person(cluster.url, "robin")
    with server.gunicorn(cluster.url, workers=2) as (base_url, master):
        workers = server.worker_pids(master)
        session = log_in(base_url, "robin", PASSWORD)
        status, body = fetch(base_url, "/", session)
        assert status == 200 and "Hello, robin" in body

        cluster.stop()
        for _ in range(4):  # more than once, so both workers and their pooled connections
            status, body = fetch(base_url, "/healthz")
            assert (status, body) == (503, '{"database":"unreachable","status":"unavailable"}\n')
            assert_kind_error_page(*fetch(base_url, "/", session))
            assert_kind_error_page(*fetch(base_url, "/checkins/", session))
            refused = post_checkin(base_url, session, checkin_post("robin"))
            assert refused.status == 503  # the phone's outbox keeps it and tries again later

        cluster.start()
        deadline = time.monotonic() + 15
        while fetch(base_url, "/healthz")[0] != 200:
            assert time.monotonic() < deadline, "the app did not reconnect to PostgreSQL"
            time.sleep(0.2)
        for mood in (3, 7, 9, 5):
            status, body = fetch(base_url, "/", session)  # still signed in: same session
            assert status == 200 and "Hello, robin" in body
            assert post_checkin(base_url, session, checkin_post("robin", mood)).status == 201
        assert server.worker_pids(master) == workers, "recovered without restarting a worker"


def test_a_locked_sqlite_database_answers_503_kindly_and_recovers(tmp_path):
    """SQLite's outage is a lock held too long (a backup, a migration): writes wait out the
    busy timeout, then get the kind page, not a 500; reads go on (WAL); then all is well."""
    path = tmp_path / "locked.db"
    url = f"sqlite:///{path}"
    new_person(url, "kit")
    with server.gunicorn(url, workers=1) as (base_url, _master):
        session = log_in(base_url, "kit", PASSWORD)
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # the write lock, held by another process's work
        try:
            post = checkin_post("kit")
            refused = post_checkin(base_url, session, post)
            assert refused.status == 503
            status, body = fetch(base_url, "/", session)
            assert status == 200 and "Hello, kit" in body
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert post_checkin(base_url, session, post).status == 201  # the outbox's retry
        assert fetch(base_url, "/healthz")[0] == 200
    with sqlite3.connect(path) as check:
        assert check.execute("SELECT count(*) FROM checkins").fetchone() == (1,)
