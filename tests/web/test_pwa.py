"""Manifest, service worker script, offline page and the token the outbox refreshes."""

from __future__ import annotations

import struct
from pathlib import Path

from sqlalchemy.exc import OperationalError

from ifs_pwa.auth import devices
from tests.conftest import AuthActions

ROOT = Path(__file__).resolve().parents[2]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_manifest_describes_an_installable_app(client):
    response = client.get("/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = response.get_json(force=True)
    assert manifest["display"] == "standalone" and manifest["scope"] == "/"
    assert manifest["start_url"] == "/" and manifest["short_name"] == "Befriend"
    purposes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert purposes == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200
        file = ROOT / "static" / icon["src"].split("?")[0].removeprefix("/static/")
        assert "x".join(map(str, png_size(file))) == icon["sizes"]
    assert [s["url"] for s in manifest["shortcuts"]] == ["/", "/breathe", "/crisis"]


def test_pages_link_the_manifest_and_ios_icon(client):
    html = client.get("/").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png?v=' in html
    assert png_size(ROOT / "static/icons/apple-touch-icon.png") == (180, 180)


def test_service_worker_is_served_from_the_root_with_this_release(app, client):
    response = client.get("/sw.js")
    body = response.get_data(as_text=True)
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response.headers["Cache-Control"]
    assert app.config["STATIC_VERSION"] in body and "self.__SETTINGS__" not in body
    for url in ("/static/js/app.js?v=", "/static/css/app.css?v=", '"/offline"', '"/crisis"',
                '"/breathe"', '"/safety-plan"', '"/when-it-gets-dark"',
                "/static/js/support.js?v=", "/static/js/speak.js?v=", app.config["HTMX_URL"]):
        assert url in body, url
    assert "https://cdn.jsdelivr.net" in response.headers["Content-Security-Policy"]


def test_offline_page_is_public(client):
    response = client.get("/offline")
    assert response.status_code == 200
    assert "offline" in response.get_data(as_text=True)


def test_session_token_is_fresh_and_says_who_is_signed_in(client, auth):
    anonymous = client.get("/session-token")
    assert anonymous.get_json()["user"] is None
    assert "no-store" in anonymous.headers["Cache-Control"]
    auth.signup()
    body = client.get("/session-token").get_json()
    assert body["user"] == 1 or isinstance(body["user"], int)
    # The token works for a POST in this session (the outbox replays with it).
    response = client.post("/breathe/sessions", headers={"X-CSRFToken": body["csrf_token"],
                                                         "HX-Request": "true"},
                           data={"spec": "x"})
    assert response.status_code == 422


def test_static_files_are_served_minified_with_their_hash(app, client):
    from ifs_pwa.ui import asset_url

    with app.test_request_context():
        url = asset_url("js/app.js")
    response = client.get(url)
    digest = app.extensions["befriend_static"]["js/app.js"].digest
    assert response.status_code == 200 and f"v={digest}" in url
    assert "text/javascript" in response.content_type
    assert "Befriend's small enhancements" not in response.get_data(as_text=True)  # comments gone
    assert response.headers["Cache-Control"] == "public, max-age=31536000"
    again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_a_warm_up_fetch_leaves_the_one_time_message_for_the_page_the_person_sees(
        client, auth, user):
    """The worker keeps the start page again right after logging out; the "logged out" note
    must stay for the page the person is taken to, not be used up by that copy."""
    auth.logout()
    kept = client.get("/", headers={"X-Befriend-Keep": "1"}).get_data(as_text=True)
    assert "logged out. Take care" not in kept
    assert "logged out. Take care" in client.get("/").get_data(as_text=True)


def test_a_late_warm_up_answer_cannot_put_an_older_session_back(client, auth, user):
    """The worker's warm-up is sent while signed in and may be answered after the logout: the
    page it asked for then redirects to sign-in. Its answer must not carry a session cookie,
    or it would land after the logout's and replace its "logged out" note with "please log
    in" (seen in Chromium when the worker was slower than the person)."""
    signed_in = client.get_cookie("session").value
    auth.logout()
    signed_out = client.get_cookie("session").value
    client.set_cookie("session", signed_in)  # what the late request carried
    late = client.get("/checkins/", headers={"X-Befriend-Keep": "1"})
    assert late.status_code == 302
    assert not [c for c in late.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert "Cookie" in late.headers.get("Vary", "")
    client.set_cookie("session", signed_out)  # the browser keeps the logout's cookie
    assert "logged out. Take care" in client.get("/").get_data(as_text=True)


def test_a_page_the_person_opens_still_keeps_its_session(client, auth, user):
    """Only the worker's own requests leave the session alone: a page the person opens after
    the session ended gets its "please log in" note as before."""
    auth.logout()
    response = client.get("/checkins/")
    assert [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert "Please log in" in client.get(response.headers["Location"]).get_data(as_text=True)


def owner_cookie(client):
    return client.get_cookie("befriend_owner")


def test_every_page_names_its_owner_and_the_cookie_mirrors_the_session(app, client, auth):
    """The worker keeps pages per person: it learns whom each answer was drawn for from the
    header, and, offline, whether that person is still signed in from the mirror cookie."""
    visitor = client.get("/crisis")
    assert visitor.headers["X-Befriend-User"] == ""
    assert owner_cookie(client) is None

    auth.signup()
    page = client.get("/checkins/")
    user_id = client.get("/session-token").get_json()["user"]
    assert page.headers["X-Befriend-User"] == str(user_id)
    mirror = owner_cookie(client)
    assert mirror.value == str(user_id) and not mirror.http_only
    assert mirror.expires is not None  # signed up on this phone: it lasts as the sign-in does
    assert client.get("/session-token").headers["X-Befriend-User"] == str(user_id)

    auth.logout()
    assert owner_cookie(client) is None
    assert client.get("/").headers["X-Befriend-User"] == ""


def test_a_session_ended_elsewhere_clears_the_mirror_at_the_first_answer(app, client, auth):
    auth.signup()
    assert owner_cookie(client) is not None
    other = app.test_client()
    AuthActions(other).login()
    form = {"current": "correct horse battery", "new": "a different long phrase",
            "confirm": "a different long phrase"}
    assert AuthActions(other).post("/account/password", form).status_code in (200, 302)
    answer = client.get("/crisis")  # the phone's cookies still name the ended session
    assert answer.headers["X-Befriend-User"] == ""
    assert owner_cookie(client) is None


def test_a_static_file_and_a_page_drawn_without_the_database_name_no_owner(
        app, client, auth, monkeypatch):
    from ifs_pwa.ui import asset_url

    auth.signup()
    with app.test_request_context():
        url = asset_url("js/app.js")
    assert "X-Befriend-User" not in client.get(url).headers

    def refuse(*_args, **_kwargs):
        raise OperationalError("SELECT users", {}, Exception("connection refused"))

    monkeypatch.setattr(devices, "load", refuse)
    crisis = client.get("/crisis")  # drawn signed out: that must not read as a sign-out
    assert crisis.status_code == 200 and "X-Befriend-User" not in crisis.headers
    assert owner_cookie(client) is not None


def test_the_session_token_never_says_nobody_when_the_database_cannot_say(
        client, auth, monkeypatch):
    """A page kept on the phone asks whose it is; an outage must not read as a sign-out."""
    auth.signup()

    def refuse(*_args, **_kwargs):
        raise OperationalError("SELECT users", {}, Exception("connection refused"))

    monkeypatch.setattr(devices, "load", refuse)
    answer = client.get("/session-token")
    assert answer.status_code == 503 and "user" not in answer.get_json()
    assert "no-store" in answer.headers["Cache-Control"]
    monkeypatch.undo()
    assert client.get("/session-token").get_json()["user"] is not None


def test_a_page_that_showed_a_one_time_message_says_so(client, auth, user):
    """The worker keeps such a page without the message (X-Befriend-Once); other pages not."""
    assert client.get("/more").headers.get("X-Befriend-Once") is None
    auth.post("/account/settings", {"timezone": "Europe/London", "country": ""})
    shown = client.get("/account")
    assert "Settings saved." in shown.get_data(as_text=True)
    assert shown.headers["X-Befriend-Once"] == "1"
    assert client.get("/account").headers.get("X-Befriend-Once") is None  # said once
