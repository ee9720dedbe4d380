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


def test_when_it_gets_dark_is_public_calm_and_linked_from_crisis_help(client, auth, user):
    page = client.get("/when-it-gets-dark")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for heading in ("Feelings like these pass", "Signs to take seriously",
                    "What calling or texting a line is like", "When to see a doctor",
                    "Keep up your treatment"):
        assert f"<h2>{heading}</h2>" in html, heading
    assert 'href="/crisis"' in html
    assert 'href="/when-it-gets-dark"' in client.get("/crisis").get_data(as_text=True)
    auth.post("/safety-plan", {"client_id": str(uuid.uuid4()), "reasons": "My cat, Miso."})
    assert 'href="/when-it-gets-dark"' in client.get("/safety-plan").get_data(as_text=True)
    card = client.get("/checkins/support?answer=yes").get_data(as_text=True)
    assert 'href="/when-it-gets-dark"' in card
    auth.logout()
    assert client.get("/when-it-gets-dark").status_code == 200  # signed out too


def test_the_crisis_page_offers_every_country_and_says_112_exactly(client):
    html = client.get("/crisis", headers={"Accept-Language": "fr-FR"}).get_data(as_text=True)
    for code in ("US", "CA", "GB", "IE", "AU", "NZ", "IN", "ZA", "SG"):
        assert f'<option value="{code}"' in html, code
    assert "In most countries" not in html
    assert ("112 reaches emergency services across the EU and from mobiles in many other "
            "countries.") in html
    assert "116 123 is an emotional-support number in several EU countries." in html
    assert 'href="https://findahelpline.com"' in html


def test_text_lines_are_sms_links_with_the_keyword_and_chat_is_a_link(client):
    html = client.get("/crisis?country=US").get_data(as_text=True)
    assert 'href="sms:988"' in html and 'href="sms:741741?body=HOME">Text HOME to 741741' in html
    assert 'href="https://988lifeline.org/chat/" rel="noreferrer">Chat online' in html
    assert "Press 1 for the Veterans Crisis Line, 2 for Spanish." in html
    assert 'href="https://www.crisistextline.org"' in html  # each service's own website


def test_the_safety_plan_lists_the_persons_country_lines(client, auth, user):
    auth.post("/account/settings", {"timezone": "Europe/Dublin", "country": "IE"})
    auth.post("/safety-plan", {"client_id": str(uuid.uuid4()), "reasons": "The sea."})
    html = client.get("/safety-plan").get_data(as_text=True)
    assert "Crisis lines in Ireland" in html
    for href in ("tel:112", "tel:116123", "sms:50808?body=HELLO", "tel:1800247247"):
        assert f'href="{href}"' in html, href
    edit = client.get("/safety-plan/edit").get_data(as_text=True)
    assert "are added for you" not in edit and "shown with your plan" in edit
