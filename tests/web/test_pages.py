"""Public pages, the crisis link everywhere, error pages and the health check."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

PUBLIC = ["/", "/login", "/signup", "/crisis", "/about", "/does-not-exist"]
SIGNED_IN = ["/", "/account", "/more", "/crisis", "/about", "/does-not-exist"]


@pytest.mark.parametrize("path", PUBLIC)
def test_crisis_link_on_every_public_page(client, path):
    html = client.get(path).get_data(as_text=True)
    assert '<a class="help-now" href="/crisis">Need help now</a>' in html


def test_crisis_link_on_every_signed_in_page(client, user):
    for path in SIGNED_IN:
        html = client.get(path).get_data(as_text=True)
        assert '<a class="help-now" href="/crisis">Need help now</a>' in html, path


def test_landing_says_what_the_app_is_not(client):
    html = client.get("/").get_data(as_text=True)
    for phrase in ("Not therapy", "Not a medical device", "Not a crisis service."):
        assert phrase in html


def test_crisis_page_is_public_with_tap_to_call_and_text(client):
    html = client.get("/crisis").get_data(as_text=True)
    assert 'href="tel:988"' in html
    assert 'href="sms:741741?body=HOME"' in html
    assert 'href="tel:116123"' in html
    assert 'href="tel:131114"' in html
    assert "Find a helpline in another country" in html


def test_crisis_page_puts_the_persons_country_first(client, auth, user):
    auth.post("/account/settings", {"timezone": "Europe/London", "country": "GB"})
    html = client.get("/crisis").get_data(as_text=True)
    assert html.index("United Kingdom") < html.index("United States")
    assert html.index('href="tel:999"') < html.index('href="tel:911"')


def test_bottom_navigation_only_for_signed_in_people(client, auth):
    assert 'aria-label="Main"' not in client.get("/").get_data(as_text=True)
    auth.signup()
    html = client.get("/").get_data(as_text=True)
    assert 'aria-label="Main"' in html
    assert '<a href="/" aria-current="page">' in html


def test_unknown_url_gets_the_friendly_404(client):
    response = client.get("/no/such/thing")
    assert response.status_code == 404
    assert "We couldn&#39;t find that page" in response.get_data(as_text=True)


def test_htmx_is_pinned_with_sri(client):
    html = client.get("/").get_data(as_text=True)
    assert ('src="https://cdn.jsdelivr.net/npm/htmx.org@2.0.11/dist/htmx.min.js" '
            'integrity="sha384-2OatzQy1H+Zd/IIrjr1TcuDGqLXeHhbooAyJY1KdQMKnr4LZ22k31GBLdYKHmVjg" '
            'crossorigin="anonymous"') in html
    assert '"allowEval":false' in html and '"includeIndicatorStyles":false' in html


def test_static_urls_carry_a_content_hash(client):
    html = client.get("/").get_data(as_text=True)
    assert "/static/css/app.css?v=" in html
    response = client.get("/static/css/app.css")
    assert response.headers["Cache-Control"].startswith("public, max-age=31536000") or \
        "max-age=31536000" in response.headers["Cache-Control"]


def test_fragment_requests_vary_on_hx_request(client):
    assert "HX-Request" in client.get("/").headers["Vary"]


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable(make_app):
    app = make_app(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_a_database_outage_shows_a_calm_page(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/needs-db")
    def needs_db():
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    response = app.test_client().get("/needs-db")
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "We can&#39;t reach our storage just now" in html and "connection refused" not in html
