"""Stored pages (pagecache.py): never stale, never shared, fresh tokens and ids on every hit."""

from __future__ import annotations

import re

from sqlalchemy import event, select, update

from ifs_pwa.auth.models import User
from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.extensions import db
from tests.conftest import AuthActions, csrf_token_from
from tests.factories import checkin_data

CLIENT_ID = re.compile(r'name="client_id" value="([^"]+)"')
OCCURRED = re.compile(r'name="occurred_at"[^>]*value="([^"]+)"')


def statements_for(app, client, path: str) -> tuple[str, int]:
    seen = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        html = client.get(path).get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return html, len(seen)


def test_a_stored_page_is_served_with_one_query(app, client, user):
    first, misses = statements_for(app, client, "/checkins/")
    again, hits = statements_for(app, client, "/checkins/")
    assert misses > 1 and hits == 1  # only Flask-Login's own user row
    # The same page but for the CSRF token, which is signed with the second it was made in.
    assert again.replace(csrf_token_from(again), "") == first.replace(csrf_token_from(first), "")


def test_today_gets_a_fresh_client_id_and_time_on_every_hit(app, client, user):
    pages = [client.get("/").get_data(as_text=True) for _ in range(3)]
    ids = [CLIENT_ID.search(page).group(1) for page in pages]
    assert len(set(ids)) == 3
    assert all(OCCURRED.search(page) for page in pages)
    for page in pages:  # one fresh token per page, the same in the page head and in the form
        # itsdangerous starts a token with "." when its payload is compressed: a secret derived
        # from the device token (auth/session_csrf.py) is hex, and compresses.
        tokens = set(re.findall(r'(?:content|value)="([I.][\w.-]{60,})"', page))
        assert tokens == {csrf_token_from(page)}


def test_a_token_from_a_stored_page_is_accepted(app, client, user):
    client.get("/")
    page = client.get("/").get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(page), "mood": "7",
            "client_id": CLIENT_ID.search(page).group(1)}
    assert client.post("/checkins", data=data).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(CheckIn.mood)) == 7


def test_a_new_checkin_shows_at_once(app, client, auth, user):
    before = client.get("/checkins/").get_data(as_text=True)
    assert "4 out of 10" not in before
    auth.post("/checkins", checkin_data(mood="4"))
    assert "4 out of 10" in client.get("/checkins/").get_data(as_text=True)


def test_a_change_made_by_another_worker_is_seen(make_app, app, client, user):
    client.get("/checkins/")
    other_worker = make_app()
    other = other_worker.test_client()
    AuthActions(other).login()
    AuthActions(other).post("/checkins", checkin_data(mood="2", note="from the other phone"))
    assert "2 out of 10" in client.get("/checkins/").get_data(as_text=True)


def test_editing_and_deleting_move_the_version(app, client, auth, user):
    auth.post("/checkins", checkin_data(mood="4"))
    with app.app_context():
        checkin_id = db.session.scalar(select(CheckIn.id))
    client.get("/checkins/")
    form = {"mood": "9", "occurred_at": "", "note": "", "base_version": "1"}
    auth.post(f"/checkins/{checkin_id}/edit", form)
    html = client.get("/checkins/").get_data(as_text=True)
    assert "9 out of 10" in html and "4 out of 10" not in html
    auth.post(f"/checkins/{checkin_id}/delete")
    assert "9 out of 10" not in client.get("/checkins/").get_data(as_text=True)


def test_a_bulk_update_counts_as_a_change(app, user):
    with app.test_request_context():
        from flask_login import login_user
        person = db.session.scalar(select(User))
        login_user(person)
        before = person.data_version
        db.session.execute(update(CheckIn).values(note="x"))
        db.session.commit()
        assert db.session.scalar(select(User.data_version)) == before + 1


def test_people_never_see_each_others_pages(app, client, user):
    client.get("/")
    AuthActions(client).post("/checkins", checkin_data(mood="3"))
    other = app.test_client()
    AuthActions(other).signup("robin")
    html = other.get("/checkins/").get_data(as_text=True)
    assert "Hello, robin" in other.get("/").get_data(as_text=True)
    assert "3 out of 10" not in html


def test_a_flash_is_shown_once_and_never_stored(app, client, user):
    client.get("/")
    AuthActions(client).post("/account/settings", {"timezone": "Europe/London", "country": ""})
    shown = client.get("/account").get_data(as_text=True)
    assert "Settings saved." in shown
    assert "Settings saved." not in client.get("/account").get_data(as_text=True)


def test_the_cache_can_be_turned_off(make_app):
    quiet = make_app(PAGE_CACHE_SIZE=0)
    client = quiet.test_client()
    AuthActions(client).signup()
    client.get("/checkins/")
    assert "befriend_pages" not in quiet.extensions


def test_the_cache_keeps_a_bounded_number_of_pages(make_app):
    small = make_app(PAGE_CACHE_SIZE=3)
    client = small.test_client()
    AuthActions(client).signup()
    for month in range(1, 9):
        assert client.get(f"/checkins/?month=2026-{month:02d}").status_code == 200
    assert len(small.extensions["befriend_pages"].entries) == 3
