"""The privacy page: public, honest about what is and isn't encrypted, reachable from everywhere."""

from __future__ import annotations


def test_privacy_page_is_public_and_says_what_is_encrypted(client):
    response = client.get("/privacy")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for words in ("check-in notes", "AES-256-GCM", "Not encrypted", "part names",
                  "An empty field stays empty", "No trackers", "HTMX_URL",
                  "cdn.jsdelivr.net", "Delete your account", "recovery code"):
        assert words in html, words
    assert 'href="/account#your-data"' in html and 'href="/recover"' in html


def test_a_self_hosted_htmx_is_described_as_such(make_app):
    app = make_app(HTMX_URL="/static/vendor/htmx.min.js")
    html = app.test_client().get("/privacy").get_data(as_text=True)
    assert "serves it itself" in html and "cdn.jsdelivr.net" not in html


def test_privacy_is_linked_from_signup_landing_about_and_more(client, auth):
    for path in ("/signup", "/", "/about"):
        assert 'href="/privacy"' in client.get(path).get_data(as_text=True), path
    auth.signup()
    for path in ("/more", "/welcome", "/account"):
        assert 'href="/privacy"' in client.get(path).get_data(as_text=True), path


def test_goodbye_is_public(client):
    response = client.get("/goodbye")
    assert response.status_code == 200 and "crisis help" in response.get_data(as_text=True)
