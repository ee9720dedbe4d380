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


def test_what_is_left_after_deleting_is_said_exactly(client):
    html = client.get("/privacy").get_data(as_text=True)
    assert "we keep no copy" not in html
    for words in ("keeps some pages it has recently shown you in its memory",
                  "drops your pages from its memory at once",
                  "an account number is never used twice", "when the server restarts",
                  "may keep backups"):
        assert words in html, words


def test_sign_in_limits_are_described_as_this_copy_counts_them(make_app):
    counted = make_app(RATELIMIT_ENABLED=True)
    html = counted.test_client().get("/privacy").get_data(as_text=True)
    assert ("10 a minute for one username from one network address; 30 a minute from one "
            "address, whatever the username; and 50 an hour for one username from anywhere."
            ) in html
    assert "forgotten after an hour at most" in html
    assert "each server process keeps its own" in html

    for limits, window in (("3 per 5 minutes", "5 minutes"), ("3/minute;20/day", "a day")):
        slower = make_app(RATELIMIT_ENABLED=True, RATELIMIT_AUTH=limits,
                          RATELIMIT_AUTH_ADDRESS=limits, RATELIMIT_AUTH_USERNAME=limits)
        html = slower.test_client().get("/privacy").get_data(as_text=True)
        assert f"forgotten after {window} at most." in html, limits

    # A shared store (the limiter itself was set up at start; the page reads the setting).
    counted.config["RATELIMIT_STORAGE_URI"] = "redis://127.0.0.1:6379"
    html = counted.test_client().get("/privacy").get_data(as_text=True)
    assert "kept in a separate store" in html and "only in the server's memory" not in html
    assert "every server process shares them" in html

    html = make_app(RATELIMIT_ENABLED=False).test_client().get("/privacy").get_data(as_text=True)
    assert "doesn't count sign-in attempts" in html and "one username from" not in html
