"""Sessions that end: each signed-in device is a row on the server, checked on every request.

Logging out, signing a device out from the account page, or "sign out everywhere" deletes rows,
so a copy of the cookies taken before opens nothing after. The cookie carries no secret (the
recovery code waits on the server) and nothing personal (no part names in flashes).
"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from sqlalchemy import select, update

from ifs_pwa.auth.devices import device_label
from ifs_pwa.auth.models import DeviceSession
from ifs_pwa.clock import utcnow
from ifs_pwa.extensions import db
from tests.conftest import AuthActions, csrf_token_from
from tests.factories import checkin_data
from tests.web.test_checkin_pages import statements_during
from tests.web.test_recovery import code_in

PHONE = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/131.0.0.0 Mobile Safari/537.36")
LAPTOP = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


def cookies_of(client) -> dict[str, str]:
    return {name: client.get_cookie(name).value for name in ("session", "remember_token")
            if client.get_cookie(name) is not None}


def client_with(app, cookies: dict[str, str]):
    copy = app.test_client()
    for name, value in cookies.items():
        copy.set_cookie(name, value)
    return copy


def session_contents(app, client) -> dict:
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.loads(client.get_cookie("session").value)


def device_rows(app) -> list[DeviceSession]:
    with app.app_context():
        rows = db.session.scalars(select(DeviceSession).order_by(DeviceSession.id)).all()
        db.session.expunge_all()
        return rows


def test_cookies_copied_before_logout_open_nothing_after(app, client, auth, user):
    copied = cookies_of(client)
    assert set(copied) == {"session", "remember_token"}
    auth.logout()
    assert device_rows(app) == []
    assert client_with(app, copied).get("/account").status_code == 302
    # The remember cookie alone (60 days) no longer signs anyone in either.
    remember_only = client_with(app, {"remember_token": copied["remember_token"]})
    assert remember_only.get("/account").status_code == 302


def test_the_account_page_lists_devices_and_signs_one_out_or_all(app):
    phone = AuthActions(app.test_client())
    phone.client.environ_base["HTTP_USER_AGENT"] = PHONE
    assert phone.signup().status_code == 302
    laptop = AuthActions(app.test_client())
    laptop.client.environ_base["HTTP_USER_AGENT"] = LAPTOP
    assert laptop.login().status_code == 302
    html = phone.client.get("/account").get_data(as_text=True)
    assert "Chrome on Android</strong> <span class=\"muted\">(this device)" in html
    assert "Firefox on Linux</strong>" in html and "Sign out everywhere" in html
    laptop_id = device_rows(app)[1].id

    answer = phone.post(f"/account/devices/{laptop_id}/sign-out")
    assert answer.status_code == 303
    assert laptop.client.get("/account").status_code == 302  # refused at once
    assert phone.client.get("/account").status_code == 200
    assert phone.post(f"/account/devices/{laptop_id}/sign-out").status_code == 404

    assert laptop.login().status_code == 302
    everywhere = phone.post("/account/devices/sign-out-everywhere")
    assert everywhere.status_code == 302
    assert phone.client.get("/account").status_code == 302
    assert laptop.client.get("/account").status_code == 302
    assert device_rows(app) == []


def test_nobody_signs_out_another_persons_device(app):
    sam = AuthActions(app.test_client())
    assert sam.signup("sam").status_code == 302
    robin = AuthActions(app.test_client())
    assert robin.signup("robin").status_code == 302
    sams_device = device_rows(app)[0].id
    assert robin.post(f"/account/devices/{sams_device}/sign-out").status_code == 404
    assert sam.client.get("/account").status_code == 200


def test_the_recovery_code_never_travels_in_the_cookie(app, client, auth):
    assert auth.signup().status_code == 302
    assert "recovery" not in repr(session_contents(app, client)).lower()
    welcome = client.get("/welcome").get_data(as_text=True)
    code = code_in(welcome)
    assert code not in repr(session_contents(app, client))
    assert code not in client.get("/welcome").get_data(as_text=True)  # shown once
    assert device_rows(app)[0].code_to_show is None


def test_part_names_stay_out_of_the_cookie(app, client, auth, user):
    data = {"name": "Secret Garden", "role": "manager", "status": "noticed", "colour": "sage",
            "client_id": str(uuid.uuid4())}
    assert auth.post("/parts/", data).status_code == 303
    assert "Secret Garden" not in repr(session_contents(app, client))


def test_a_csrf_token_from_before_sign_in_is_refused_after(app, client, auth):
    assert auth.signup().status_code == 302
    auth.logout()
    before = csrf_token_from(client.get("/login").get_data(as_text=True))
    assert auth.login().status_code == 302
    stale = client.post("/account/settings", data={"csrf_token": before, "timezone": "UTC"})
    assert stale.status_code == 400
    fresh = auth.post("/account/settings", {"timezone": "UTC", "country": ""})
    assert fresh.status_code == 302
    # And one from inside the session is refused once signed out.
    inside = auth.token("/more")
    auth.logout()
    assert client.post("/login", data={"csrf_token": inside, "username": "sam",
                                       "password": "correct horse battery"}).status_code == 400


def test_checking_the_session_rides_on_the_user_load_one_query(app, client, auth, user):
    """A signed-in page loads the person and this device in one query, and "last seen" is not
    written again within a few minutes."""
    client.get("/more")
    _, statements = statements_during(app, lambda: client.get("/more"))
    touching = [s for s in statements if "user_sessions" in s or re.search(r"\busers\b", s)]
    assert len(touching) == 1, touching
    assert "JOIN user_sessions" in touching[0] and not touching[0].startswith("UPDATE")


def test_last_seen_is_written_at_most_every_few_minutes(app, client, auth, user):
    with app.app_context():
        long_ago = utcnow() - timedelta(minutes=6)
        db.session.execute(update(DeviceSession).values(last_seen_at=long_ago))
        db.session.commit()
    _, statements = statements_during(app, lambda: client.get("/more"))
    assert len([s for s in statements if s.startswith("UPDATE user_sessions")]) == 1
    assert device_rows(app)[0].last_seen_at.replace(tzinfo=None) > long_ago.replace(tzinfo=None)
    _, statements = statements_during(app, lambda: client.get("/more"))
    assert not [s for s in statements if s.startswith("UPDATE user_sessions")]


def test_device_labels_are_coarse():
    assert device_label(PHONE) == "Chrome on Android"
    assert device_label(LAPTOP) == "Firefox on Linux"
    iphone = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15"
              " (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")
    assert device_label(iphone) == "Safari on iPhone"
    assert device_label(None) == "Unknown device"


# --- Pages asked for at the same moment must agree on the form token ---------------------------
# A phone asks for several pages at once (the page itself and the service worker's warm-up). With
# a cookie session, each answer carries the cookie as that request saw it, and the last answer to
# arrive wins. If each request had invented its own CSRF secret, the page on screen would hold a
# token that the cookie no longer matches, and the person's next save would be refused.

def test_pages_restored_at_once_from_the_remember_cookie_agree_on_the_token(app, client, auth,
                                                                            user):
    """The session cookie ended (the browser was closed); the remember cookie brings the person
    back on several requests at once. Whichever answer's cookie wins, the page's token works."""
    remember = {"remember_token": cookies_of(client)["remember_token"]}
    on_screen, warm_up = client_with(app, remember), client_with(app, remember)
    token = csrf_token_from(on_screen.get("/").get_data(as_text=True))
    warm_up.get("/crisis")
    warm_up.get("/safety-plan")
    saved = warm_up.post("/checkins", data={"csrf_token": token, **checkin_data()})
    assert saved.status_code == 303, saved.get_data(as_text=True)[:300]


def test_a_late_answer_from_before_sign_in_does_not_spoil_the_new_page(app, client, auth):
    """An answer to a request sent before signing up (the worker's first copy of a page) arrives
    after it and puts back the old cookie. The person is still signed in (remember cookie) and
    the token on the page they see still saves."""
    before = cookies_of(client)  # nothing yet: the very first visit
    late = client_with(app, before)
    assert auth.signup().status_code == 302
    token = csrf_token_from(client.get("/welcome").get_data(as_text=True))
    stale = late.get("/signup")  # sent before, answered after: its cookie lands last
    client.set_cookie("session", stale.headers["Set-Cookie"].split(";")[0].split("=", 1)[1])
    saved = client.post("/checkins", data={"csrf_token": token, **checkin_data()})
    assert saved.status_code == 303, saved.get_data(as_text=True)[:300]


def test_the_token_is_this_devices_own(app):
    """Another device of the same person, or the same device after signing in again, has a
    different token: the secret comes from the device's own session."""
    phone, laptop = AuthActions(app.test_client()), AuthActions(app.test_client())
    assert phone.signup().status_code == 302
    assert laptop.login().status_code == 302
    phone_token, laptop_token = phone.token("/more"), laptop.token("/more")
    assert phone_token and laptop_token
    refused = laptop.client.post("/checkins", data={"csrf_token": phone_token, **checkin_data()})
    assert refused.status_code == 400
    assert refused.headers["X-Befriend-Refused"] == "csrf"
    phone.logout()
    assert phone.login().status_code == 302
    again = phone.client.post("/checkins", data={"csrf_token": phone_token, **checkin_data()})
    assert again.status_code == 400


def test_settling_the_secret_loads_nobody_for_a_request_that_needs_no_one(app, client, user):
    """The worker's script and the manifest are asked for with the person's cookie; agreeing on
    the CSRF secret must not add a query to them (nor to the benchmarks' in-app baseline)."""
    client.get("/more")
    for path in ("/sw.js", "/manifest.webmanifest"):
        _, statements = statements_during(app, lambda path=path: client.get(path))
        assert [s for s in statements if "user_sessions" in s] == [], path
