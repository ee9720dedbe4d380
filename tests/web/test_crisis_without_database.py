"""Crisis help never depends on the database: /crisis and every error page, drawn from data.

Here the database "fails" by the person's row raising as it is loaded, as it does in an outage
(tests/integration/test_crisis_outage.py does the same against a real stopped server)."""

from __future__ import annotations

import pytest
from flask import abort
from sqlalchemy.exc import OperationalError

from ifs_pwa.auth import devices


def database_down(monkeypatch) -> None:
    def refuse(*_args, **_kwargs):
        raise OperationalError("SELECT users", {}, Exception("connection refused"))
    monkeypatch.setattr(devices, "load", refuse)  # the one query loading person and device


def test_signed_in_crisis_page_answers_from_data_when_the_database_fails(
        client, user, monkeypatch):
    database_down(monkeypatch)
    response = client.get("/crisis", headers={"Accept-Language": "en-US"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="tel:911"' in html and 'href="tel:988"' in html
    assert 'href="sms:741741?body=HOME"' in html and 'href="https://988lifeline.org/chat/"' in html
    assert "can't reach your account just now" in html
    assert response.headers["X-Befriend-Degraded"] == "1"
    assert "no-store" in response.headers["Cache-Control"]  # never kept over the phone's copy
    assert "data-sw=" not in html and 'class="tabbar"' not in html


def test_the_country_from_settings_is_remembered_for_an_outage(client, auth, user, monkeypatch):
    auth.post("/account/settings", {"timezone": "Australia/Sydney", "country": "NZ"})
    assert 'href="tel:111"' in client.get("/crisis").get_data(as_text=True)
    database_down(monkeypatch)
    html = client.get("/crisis", headers={"Accept-Language": "en-GB"}).get_data(as_text=True)
    assert html.index('href="tel:111"') < html.index('href="tel:999"')  # the session's NZ
    assert 'href="tel:1737"' in html and 'href="sms:1737"' in html
    error = client.get("/no-such-page", headers={"Accept-Language": "en-GB"})
    assert error.status_code == 404 and 'href="tel:1737"' in error.get_data(as_text=True)


def test_without_settings_or_session_the_phone_language_decides(client):
    html = client.get("/crisis", headers={"Accept-Language": "en-IE,en;q=0.8"}).get_data(
        as_text=True)
    assert html.index('href="tel:112"') < html.index('href="tel:911"')
    assert 'href="sms:50808?body=HELLO"' in html and 'href="tel:1800247247"' in html


@pytest.fixture
def failing_app(make_app):
    app = make_app()
    for code in (429, 500, 503):
        app.add_url_rule(f"/fail/{code}", f"fail_{code}", lambda code=code: abort(code))
    return app


@pytest.mark.parametrize("code", [400, 404, 429, 500, 503])
@pytest.mark.parametrize("down", [False, True], ids=["database-up", "database-down"])
def test_every_error_page_carries_the_emergency_number_and_the_main_line(
        failing_app, code, down, monkeypatch):
    client = failing_app.test_client()
    failing_app.config["WTF_CSRF_ENABLED"] = True
    if down:
        database_down(monkeypatch)
    if code == 400:
        response = client.post("/checkins", data={"mood": "5"}, headers={
            "Accept-Language": "en-GB"})
    elif code == 404:
        response = client.get("/no-such-page", headers={"Accept-Language": "en-GB"})
    else:
        response = client.get(f"/fail/{code}", headers={"Accept-Language": "en-GB"})
    html = response.get_data(as_text=True)
    assert response.status_code == code
    assert 'href="tel:999"' in html and 'href="tel:116123"' in html
    assert "going by your phone's language" in html
    assert "Accept-Language" in response.headers["Vary"]
    plain = failing_app.test_client().get("/no-such-page")
    assert 'href="tel:112"' in plain.get_data(as_text=True)  # nothing to go by: 112, said exactly
    assert "across the EU and from mobiles in many other countries" in plain.get_data(as_text=True)


def test_a_signed_in_404_renders_signed_out_when_the_database_fails(client, user, monkeypatch):
    database_down(monkeypatch)
    response = client.get("/no-such-page")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert 'href="tel:112"' in html and 'class="tabbar"' not in html


@pytest.mark.parametrize("path", ["/safety-plan", "/checkins/"])
def test_a_signed_in_page_in_an_outage_says_so_and_never_asks_to_sign_in(client, user,
                                                                         monkeypatch, path):
    """A 503 lets the phone show its own copy; a redirect to the login page would tell a
    signed-in person they had been signed out."""
    database_down(monkeypatch)
    assert client.get(path).status_code == 503


def test_a_save_in_an_outage_answers_503_so_the_phone_keeps_it(client, auth, user, monkeypatch):
    token = auth.token("/more")
    database_down(monkeypatch)
    response = client.post("/checkins", data={"csrf_token": token, "mood": "5",
                                              "client_id": "5c1d8c9e-4b7a-4d55-9a43-0f0e6b0f3a11"})
    assert response.status_code == 503


def test_a_page_needing_an_account_answers_503_in_an_outage_not_the_login_page(
        client, user, monkeypatch):
    """The person is still signed in: "please log in" would be untrue, and a 503 lets the phone
    show its own copy of the page instead (the service worker never keeps a 5xx)."""
    database_down(monkeypatch)
    response = client.get("/safety-plan")
    assert response.status_code == 503
    assert "Location" not in response.headers
    monkeypatch.undo()
    assert client.get("/safety-plan").status_code == 200  # still signed in afterwards


def test_a_visitor_is_still_sent_to_log_in(client):
    response = client.get("/safety-plan")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_form_without_its_token_in_an_outage_is_refused_plainly(client, user, monkeypatch):
    """Settling the device's CSRF secret needs the database; in an outage the one in the cookie
    stands, so a form sent without a token still gets the calm 400 with numbers to call."""
    client.get("/more")
    database_down(monkeypatch)
    response = client.post("/checkins", data={"mood": "5"})
    assert response.status_code == 400
    assert 'href="tel:112"' in response.get_data(as_text=True)
