"""The crisis page (country choice, safety plan, grounding), the welcome and About pages."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from ifs_pwa.auth.models import User
from ifs_pwa.extensions import db


def test_crisis_page_offers_a_country_choice_when_none_is_set(client):
    html = client.get("/crisis").get_data(as_text=True)
    assert '<form method="get" action="/crisis"' in html and 'name="country"' in html
    assert 'id="country-GB"' in html and 'id="country-AU"' in html  # all there, for offline
    assert "For the next few minutes" in html and "5</strong> things you can see" in html
    assert "crisis.js" in html


def test_choosing_a_country_puts_it_first(client):
    html = client.get("/crisis?country=au").get_data(as_text=True)
    assert html.index("Australia") < html.index("United States")
    assert html.index('href="tel:000"') < html.index('href="tel:911"')
    assert "Somewhere else? Choose your country" in html
    assert client.get("/crisis?country=XX").status_code == 200


def test_crisis_page_shows_my_safety_plan_when_signed_in(client, auth, user):
    html = client.get("/crisis").get_data(as_text=True)
    assert "Make my safety plan" in html
    auth.post("/safety-plan", {"client_id": str(uuid.uuid4()), "reasons": "My cat, Miso.",
                               "helpers-0-name": "Jo", "helpers-0-phone": "07700 900123"})
    html = client.get("/crisis").get_data(as_text=True)
    assert "My cat, Miso." in html and 'href="tel:07700900123"' in html
    assert "Change my safety plan" in html


def test_signup_goes_to_welcome_once_and_records_it(client, auth, app):
    response = auth.signup()
    assert response.headers["Location"] == "/welcome"
    html = client.get("/welcome").get_data(as_text=True)
    for phrase in ("Not therapy", "Not a medical device", "Not a crisis service",
                   "What is kept", "Need help now"):
        assert phrase in html
    with app.app_context():
        first = db.session.scalar(select(User)).settings["welcomed_at"]
    client.get("/welcome")
    with app.app_context():
        assert db.session.scalar(select(User)).settings["welcomed_at"] == first
    assert client.get("/login").status_code == 302  # signed in: no second welcome via login


def test_about_repeats_the_statement_with_the_questionnaire_notices(client):
    html = client.get("/about").get_data(as_text=True)
    for phrase in ("Not therapy", "Not a medical device", "Not a crisis service",
                   "No permission is required to reproduce", "WHO-5 Well-Being Index"):
        assert phrase in html


def test_more_links_to_the_safety_plan(client, user):
    assert 'href="/safety-plan"' in client.get("/more").get_data(as_text=True)


def test_first_guess_comes_from_the_browsers_language(client):
    british = client.get("/crisis", headers={"Accept-Language": "en-GB,en;q=0.8"})
    html = british.get_data(as_text=True)
    assert html.index('href="tel:999"') < html.index('href="tel:911"')
    plain = client.get("/crisis", headers={"Accept-Language": "fr"})
    assert "Where are you?" in plain.get_data(as_text=True)
    assert "Accept-Language" in plain.headers["Vary"]


def test_a_set_country_wins_and_hides_the_picker(client, auth, user):
    auth.post("/account/settings", {"timezone": "Australia/Sydney", "country": "AU"})
    response = client.get("/crisis?country=GB", headers={"Accept-Language": "en-US"})
    html = response.get_data(as_text=True)
    assert html.index('href="tel:000"') < min(html.index('href="tel:999"'),
                                              html.index('href="tel:911"'))
    assert 'name="country"' not in html
