"""Every response carries the security headers (docs/architecture.md, "A request's path"), errors
included."""

from __future__ import annotations

import pytest

from ifs_pwa.config import HTMX_CDN_URL

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def assert_headers(response) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, name
    csp = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == f"'self' {HTMX_CDN_URL}"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "https://cdn.jsdelivr.net" in directives["connect-src"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "camera=()" in response.headers["Permissions-Policy"]


@pytest.mark.parametrize("path", ["/", "/login", "/signup", "/crisis", "/about", "/healthz",
                                  "/no-such-page", "/static/css/app.css"])
def test_headers_on_public_responses(client, path):
    assert_headers(client.get(path))


def test_headers_on_signed_in_pages_and_errors(client, user):
    for path in ("/", "/account", "/more", "/missing"):
        assert_headers(client.get(path))
    assert_headers(client.get("/logout"))  # 405


def test_headers_on_a_server_error(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert_headers(response)
    html = response.get_data(as_text=True)
    assert "Something went wrong on our side" in html and "kaboom" not in html
    assert 'href="/crisis"' in html


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_pages_are_not_kept_in_shared_caches(client):
    assert client.get("/").headers["Cache-Control"] == "private, no-cache"


def test_self_hosted_htmx_needs_no_third_party(make_app):
    app = make_app(HTMX_URL="/static/vendor/htmx.min.js")
    csp = app.test_client().get("/").headers["Content-Security-Policy"]
    assert "cdn.jsdelivr.net" not in csp
    assert "script-src 'self';" in csp


def test_production_cookies_are_secure(monkeypatch, tmp_path):
    from ifs_pwa.config import Config

    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    settings = Config.from_env(tmp_path)
    assert settings["SESSION_COOKIE_SECURE"] and settings["REMEMBER_COOKIE_SECURE"]
    assert settings["SECRET_KEY"] == "from-the-environment"
    assert Config.SESSION_COOKIE_HTTPONLY and Config.SESSION_COOKIE_SAMESITE == "Lax"


def test_secret_key_is_generated_once_into_instance(monkeypatch, tmp_path):
    from ifs_pwa.config import Config

    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = Config.from_env(tmp_path)["SECRET_KEY"]
    second = Config.from_env(tmp_path)["SECRET_KEY"]
    assert first == second and len(first) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_session_cookie_flags(client, auth):
    response = auth.signup()
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
