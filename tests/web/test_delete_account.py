"""Deleting the whole account: every row of that person goes, nobody else's is touched."""

from __future__ import annotations

from sqlalchemy import func, select

from ifs_pwa.account.deletion import ASSOCIATION_TABLES
from ifs_pwa.auth.models import User
from ifs_pwa.checkins.models import CheckIn, checkin_parts
from ifs_pwa.extensions import db
from ifs_pwa.parts.models import Part
from tests.conftest import AuthActions
from tests.factories import sign_up_and_fill


def with_reminders(auth) -> None:
    """Reminder settings and a device (tables newer than the ones fill_everything reaches: the
    migration test runs it against an older schema)."""
    from tests.security.registry import push_subscription_form
    assert auth.post("/reminders/settings", {"enabled": "y", "remind_at": "09:00",
                                             "days": ["0"], "evening_at": ""}).status_code == 303
    response = auth.client.post("/reminders/subscription", data={
        **push_subscription_form({}), "csrf_token": auth.token("/more")})
    assert response.status_code == 201


def rows_of(user_id: int) -> dict[str, int]:
    """How many rows each table holds for this person (association rows through their owners)."""
    counts = {}
    for table in db.metadata.sorted_tables:
        if table.name == "users":
            where = table.c.id == user_id
        elif "user_id" in table.c:
            where = table.c.user_id == user_id
        else:
            continue
        counts[table.name] = db.session.scalar(select(func.count()).select_from(table).where(where))
    counts["checkin_parts"] = db.session.scalar(
        select(func.count()).select_from(checkin_parts).where(
            checkin_parts.c.checkin_id.in_(select(CheckIn.id).where(CheckIn.user_id == user_id))
            | checkin_parts.c.part_id.in_(select(Part.id).where(Part.user_id == user_id))))
    return counts


BUSY_PAGES = ("/", "/checkins/", "/checkins/insights")


def kept_in_memory(app, user_id: int) -> tuple[int, bool]:
    """How many pages this worker has stored for the person, and whether it holds their sums."""
    pages = app.extensions["befriend_pages"].entries
    sums = app.extensions["befriend_insights"].entries
    return (sum(1 for key in pages if key.owner == user_id),
            any(key.owner == user_id for key in sums))


def test_every_table_is_reached_by_account_deletion():
    """A new table must carry user_id or be listed as an association table (and handled)."""
    for table in db.metadata.sorted_tables:
        assert (table.name == "users" or "user_id" in table.c
                or table.name in ASSOCIATION_TABLES), table.name


def test_deleting_an_account_removes_every_row_and_nothing_else(app, auth):
    robin_auth = AuthActions(app.test_client())
    robin = sign_up_and_fill(app, robin_auth, "Robin")
    with_reminders(robin_auth)
    sam = sign_up_and_fill(app, auth, "Sam")
    with_reminders(auth)
    with app.app_context():
        robin_before, sam_before = rows_of(robin), rows_of(sam)
    assert all(sam_before[name] > 0 for name in sam_before), sam_before  # every table is used
    other_phone = AuthActions(app.test_client())
    assert other_phone.login("Sam").status_code == 302
    # A third phone that only kept the "remember me" cookie (its session had expired).
    remembered = app.test_client()
    remembered.set_cookie("remember_token", other_phone.client.get_cookie("remember_token").value)
    assert remembered.get("/account").status_code == 200
    for path in BUSY_PAGES * 2:  # twice: Today isn't stored while it shows "saved"
        assert auth.client.get(path).status_code == 200
        assert robin_auth.client.get(path).status_code == 200
    assert kept_in_memory(app, sam) == (len(BUSY_PAGES), True)

    page = auth.client.get("/account/delete")
    assert page.status_code == 200 and "Type your username to confirm" in page.get_data(
        as_text=True)
    response = auth.post("/account/delete", {"username": "  sAM "})  # any case, spaces trimmed
    assert response.status_code == 303 and response.headers["Location"] == "/goodbye"
    assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'

    with app.app_context():
        assert all(count == 0 for count in rows_of(sam).values()), rows_of(sam)
        assert rows_of(robin) == robin_before
    goodbye = auth.client.get("/goodbye")
    assert goodbye.status_code == 200 and "Your account is deleted" in goodbye.get_data(
        as_text=True)
    assert kept_in_memory(app, sam) == (0, False)  # what this worker rendered for Sam is gone
    assert kept_in_memory(app, robin) == (len(BUSY_PAGES), True)
    assert auth.client.get("/account").status_code == 302  # signed out here
    assert other_phone.client.get("/account").status_code == 302  # and everywhere else
    assert auth.login("Sam").status_code == 422
    assert robin_auth.client.get("/parts/").status_code == 200
    assert "Robin critic" in robin_auth.client.get("/parts/").get_data(as_text=True)

    # The name is free again, but the id never is: the old phones must not reach the new person.
    assert auth.signup("sam").status_code == 302
    with app.app_context():
        newcomer = db.session.scalar(select(User.id).where(User.username_key == "sam"))
    assert newcomer != sam
    for old_device in (other_phone.client, remembered):
        response = old_device.get("/account")
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_the_wrong_username_deletes_nothing(app, auth, user):
    for typed in ("", "robin", "sam2"):
        response = auth.post("/account/delete", {"username": typed})
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        assert "Clear-Site-Data" not in response.headers
        assert ("Please type your username" in html) or ("That isn&#39;t your username" in html)
        assert f'value="{typed}"' in html or not typed
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1
    assert auth.client.get("/account").status_code == 200


def test_account_page_links_to_deletion_and_privacy(auth, user):
    html = auth.client.get("/account").get_data(as_text=True)
    assert 'href="/account/delete"' in html and 'href="/privacy"' in html


def test_deletion_needs_login_and_csrf(client, auth, user):
    assert auth.client.post("/account/delete", data={"username": "sam"}).status_code == 400
    auth.logout()
    assert client.get("/account/delete").status_code == 302


def test_a_checkin_posted_while_the_account_is_being_deleted_never_500s(make_app, monkeypatch):
    """Another tab deletes the account after this check-in's request loaded the person and before
    it writes: the insert meets a foreign key to nobody. The answer is "signed out", not a 500,
    and nothing of the person is left behind."""
    from sqlalchemy.orm import Session

    import ifs_pwa.checkins.views as checkin_views
    from ifs_pwa.account.deletion import delete_account
    from tests.factories import checkin_data

    app = make_app()
    for fragment in (False, True):
        client = app.test_client()
        if fragment:
            client.environ_base["HTTP_HX_REQUEST"] = "true"
        auth = AuthActions(client)
        assert auth.signup(f"gone{int(fragment)}").status_code == 302
        token = auth.token("/more")
        real_save = checkin_views.save_once

        def deleted_meanwhile(session, record, real_save=real_save):
            with app.app_context(), Session(db.engine) as other:
                delete_account(other, record.user_id)
                other.commit()
            return real_save(session, record)

        monkeypatch.setattr(checkin_views, "save_once", deleted_meanwhile)
        response = client.post("/checkins", data={"csrf_token": token, **checkin_data()})
        monkeypatch.setattr(checkin_views, "save_once", real_save)
        assert response.status_code in (302, 401), response.get_data(as_text=True)[:500]
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 0
            assert db.session.scalar(select(func.count()).select_from(User)) == 0
