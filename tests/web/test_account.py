"""Settings and password changes."""

from __future__ import annotations

from sqlalchemy import select

from ifs_pwa.auth.models import User
from ifs_pwa.extensions import db
from tests.conftest import AuthActions


def test_account_needs_login(client):
    assert client.get("/account").status_code == 302


def test_settings_save_timezone_and_country(auth, user, app):
    response = auth.post("/account/settings", {"timezone": "Europe/London", "country": "GB"})
    assert response.status_code == 302
    with app.app_context():
        person = db.session.scalar(select(User))
        assert (person.timezone, person.country) == ("Europe/London", "GB")


def test_unknown_timezone_is_refused_and_kept(auth, user):
    response = auth.post("/account/settings", {"timezone": "Mars/Olympus", "country": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Please pick a time zone" in html and 'value="Mars/Olympus"' in html


def test_unknown_country_is_refused(auth, user):
    response = auth.post("/account/settings", {"timezone": "UTC", "country": "XX"})
    assert response.status_code == 422


def test_change_password_ends_other_sessions(app, auth, user):
    other_device = AuthActions(app.test_client())
    assert other_device.login().status_code == 302
    assert other_device.client.get("/account").status_code == 200

    response = auth.post("/account/password", {
        "current": "correct horse battery", "new": "a brand new secret",
        "confirm": "a brand new secret"})
    assert response.status_code == 302
    assert auth.client.get("/account").status_code == 200  # this device stays signed in
    assert other_device.client.get("/account").status_code == 302  # the other is signed out
    auth.logout()
    assert auth.login(password="a brand new secret").status_code == 302


def test_change_password_checks_the_current_one(auth, user):
    response = auth.post("/account/password", {
        "current": "wrong", "new": "a brand new secret", "confirm": "a brand new secret"})
    assert response.status_code == 422
    assert "That isn&#39;t your current password." in response.get_data(as_text=True)
