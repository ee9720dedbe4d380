"""Headers on every response (pages, files, every kind of error), cookie flags, rate limits."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from ifs_pwa.config import HTMX_CDN_URL, Config
from ifs_pwa.security import PERMISSIONS_POLICY, content_security_policy
from tests.conftest import AuthActions

from .registry import PASSWORD, gets, url, writes

HEADERS = {
    "Content-Security-Policy": content_security_policy(HTMX_CDN_URL),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def header_problems(response, https: bool = False) -> list[str]:
    """What is missing or wrong in one response's security headers."""
    problems = [f"{name}={response.headers.get(name)!r}" for name, value in HEADERS.items()
                if response.headers.get(name) != value]
    csp = response.headers.get("Content-Security-Policy", "")
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    for name, value in {"default-src": "'self'", "script-src": f"'self' {HTMX_CDN_URL}",
                        "style-src": "'self'", "object-src": "'none'", "base-uri": "'none'",
                        "frame-ancestors": "'none'", "form-action": "'self'"}.items():
        if directives.get(name) != value:
            problems.append(f"CSP {name}={directives.get(name)!r}")
    if "unsafe-" in csp or "data:" in directives.get("script-src", ""):
        problems.append("CSP allows unsafe sources")
    cache = response.headers.get("Cache-Control", "")
    # no-store (a page showing a recovery code) is stricter still than private, no-cache.
    if response.mimetype == "text/html" and "no-cache" not in cache and "no-store" not in cache:
        problems.append("an HTML page may be kept in shared caches")
    hsts = response.headers.get("Strict-Transport-Security", "")
    if https != hsts.startswith("max-age="):
        problems.append(f"HSTS {hsts!r} over {'https' if https else 'http'}")
    return problems


def test_every_get_route_has_the_headers(world):
    anonymous = world.app.test_client()
    wrong, seen = [], 0
    for endpoint in gets(world.app):
        path = url(world.app, endpoint.name, **endpoint.route.args(world.ids))
        for client in (world.owner.client, anonymous):  # pages, and redirects to /login
            for headers in ({}, {"HX-Request": "true"}):
                response = client.get(path, headers=headers)
                seen += 1
                wrong += [(path, p) for p in header_problems(response)]
    assert not wrong, wrong
    assert seen > 2 * len(gets(world.app))


def test_every_write_route_answers_with_the_headers(world):
    """Whatever a form answers (a redirect, 422 with the form again, 404), headers are there."""
    wrong = []
    routes = sorted(writes(world.app), key=lambda e: e.route.fresh)  # sign out last
    for endpoint in routes:
        path = url(world.app, endpoint.name, **endpoint.route.args(world.ids))
        for data in ({}, endpoint.route.form(world.ids)):
            response = world.owner.post(path, data)
            assert response.status_code < 500, (path, response.status_code)
            wrong += [(path, p) for p in header_problems(response)]
    assert not wrong, wrong


def test_headers_over_https_include_hsts(world):
    for path in ("/", "/sw.js", "/manifest.webmanifest", "/static/css/app.css", "/nowhere"):
        assert not header_problems(world.owner.client.get(path, base_url="https://localhost"),
                                   https=True), path


def test_the_worker_manifest_and_static_files(client):
    for path, mimetype in (("/sw.js", "text/javascript"),
                           ("/manifest.webmanifest", "application/manifest+json"),
                           ("/static/css/app.css", "text/css"),
                           ("/static/js/app.js", "text/javascript"),
                           ("/static/icons/icon-192.png", "image/png")):
        response = client.get(path)
        assert response.status_code == 200 and response.mimetype == mimetype, path
        assert not header_problems(response), (path, header_problems(response))


def error_app(make_app, **overrides):
    """An app with two test-only routes: one fails, one loses its database."""
    app = make_app(PROPAGATE_EXCEPTIONS=False, MAX_CONTENT_LENGTH=1024, **overrides)

    @app.get("/__boom")
    def boom():
        raise RuntimeError("kaboom")

    @app.get("/__db-down")
    def db_down():
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    return app


def test_every_kind_of_error_has_the_headers_and_a_calm_page(make_app):
    app = error_app(make_app)
    client = app.test_client()
    AuthActions(client).signup()
    cases = {
        404: client.get("/no-such-page"),
        405: client.get("/logout"),
        400: client.post("/checkins", data={"mood": "5"}),
        413: client.post("/checkins", data={"note": "x" * 4096}),
        500: client.get("/__boom"),
        503: client.get("/__db-down"),
    }
    titles = {404: "We couldn", 405: "That action isn", 400: "This form had expired",
              413: "That was too large", 500: "Something went wrong on our side",
              503: "We can&#39;t reach our storage"}
    for code, response in cases.items():
        body = response.get_data(as_text=True)
        assert response.status_code == code, (code, response.status_code)
        assert not header_problems(response), (code, header_problems(response))
        assert titles[code] in body and 'href="/crisis"' in body, code
        assert "Traceback" not in body and "kaboom" not in body and "refused" not in body
    # Fragments fail the same calm way.
    response = client.get("/__boom", headers={"HX-Request": "true"})
    assert response.status_code == 500 and not header_problems(response)


def test_a_rate_limited_answer_has_the_headers(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_AUTH="1/minute")
    actions = AuthActions(app.test_client())
    actions.login("someone", "wrong password")
    response = actions.login("someone", "wrong password")
    assert response.status_code == 429
    assert not header_problems(response), header_problems(response)


# --- cookies ------------------------------------------------------------------------------


def cookie(response, name: str) -> str:
    found = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"{name}=")]
    assert found, f"no {name} cookie set"
    return found[-1]


def production_cookie_settings(monkeypatch, tmp_path) -> dict:
    """What a deployment gets when it configures nothing about cookies."""
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    monkeypatch.setenv("SECRET_KEY", "a-deployment-secret")
    settings = Config.from_env(tmp_path)
    return {k: settings[k] for k in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE")}


def test_production_cookies_are_secure_httponly_and_lax(make_app, monkeypatch, tmp_path):
    settings = production_cookie_settings(monkeypatch, tmp_path)
    assert settings == {"SESSION_COOKIE_SECURE": True, "REMEMBER_COOKIE_SECURE": True}
    app = make_app(**settings)
    client = app.test_client()
    client.get("/signup", base_url="https://localhost")
    actions = AuthActions(client)
    token = actions.token("/signup")
    signup = client.post("/signup", base_url="https://localhost", data={
        "username": "sam", "password": PASSWORD, "confirm": PASSWORD, "csrf_token": token})
    assert signup.status_code == 302
    for name in ("session", "remember_token"):
        flags = cookie(signup, name)
        assert "; Secure" in flags and "; HttpOnly" in flags and "SameSite=Lax" in flags, flags
    logout = client.post("/logout", base_url="https://localhost",
                         data={"csrf_token": actions.token("/more")})
    login = client.post("/login", base_url="https://localhost", data={
        "username": "sam", "password": PASSWORD, "remember": "y",
        "csrf_token": actions.token("/login")})
    assert logout.status_code == login.status_code == 302
    for name in ("session", "remember_token"):
        flags = cookie(login, name)
        assert "; Secure" in flags and "; HttpOnly" in flags and "SameSite=Lax" in flags, flags


def test_local_development_may_switch_secure_off(monkeypatch, tmp_path):
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "0")
    monkeypatch.setenv("SECRET_KEY", "a-deployment-secret")
    settings = Config.from_env(tmp_path)
    assert not settings["SESSION_COOKIE_SECURE"] and not settings["REMEMBER_COOKIE_SECURE"]
    assert Config.SESSION_COOKIE_HTTPONLY and Config.REMEMBER_COOKIE_HTTPONLY
    assert Config.SESSION_COOKIE_SAMESITE == Config.REMEMBER_COOKIE_SAMESITE == "Lax"


def test_cookies_stay_httponly_and_lax_without_https(client, auth):
    response = auth.signup()
    for name in ("session", "remember_token"):
        flags = cookie(response, name)
        assert "; HttpOnly" in flags and "SameSite=Lax" in flags and "Secure" not in flags


# --- rate limits --------------------------------------------------------------------------


def limit_of(setting: str) -> int:
    count, _, period = setting.partition("/")
    assert period == "minute", setting
    return int(count)


def test_the_production_limit_is_set():
    assert limit_of(Config.RATELIMIT_AUTH) <= 10
    assert limit_of(Config.RATELIMIT_AUTH_ADDRESS) <= 30
    assert Config.RATELIMIT_AUTH_USERNAME == "50/hour"


@pytest.mark.parametrize("form", ["login", "signup"])
def test_auth_forms_answer_429_after_the_configured_attempts(make_app, form):
    app = make_app(RATELIMIT_ENABLED=True)
    actions = AuthActions(app.test_client())
    attempt = (lambda i: actions.login("someone", "wrong password")) if form == "login" else (
        lambda i: actions.signup(f"person{i}", "short"))
    # One name from one address for login; sign-up tries new names, so the address count.
    limit = limit_of(Config.RATELIMIT_AUTH if form == "login" else Config.RATELIMIT_AUTH_ADDRESS)
    answers = [attempt(i).status_code for i in range(limit + 2)]
    assert answers == [422] * limit + [429, 429]
    last = attempt(99)
    html = last.get_data(as_text=True)
    assert last.status_code == 429 and "Let&#39;s pause for a moment" in html
    assert 'href="/crisis"' in html and "Retry-After" in last.headers
    assert not header_problems(last)


def test_one_account_is_limited_whichever_address_asks(make_app):
    """Guessing one person's password from many addresses still stops at the softer limit."""
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_AUTH_USERNAME="3/minute")
    answers = []
    for number in range(5):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{number + 1}"
        answers.append(AuthActions(client).login("sam", "wrong password").status_code)
    assert answers == [422, 422, 422, 429, 429]


# --- behind a reverse proxy, and the owner never locked out --------------------------------


def from_behind_proxy(app, client_address: str, scheme: str = "https"):
    """A client as a reverse proxy on 10.0.0.1 forwards it: its address and scheme in headers."""
    client = app.test_client()
    client.environ_base.update({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": client_address,
                                "HTTP_X_FORWARDED_PROTO": scheme})
    return client


def test_behind_a_trusted_proxy_one_guesser_does_not_lock_everybody_out(make_app):
    """With TRUSTED_PROXIES=1 the limit counts the forwarded client address, not the proxy's:
    ten failures from one person leave another person's sign-in alone (before, both were 429)."""
    app = make_app(RATELIMIT_ENABLED=True, TRUSTED_PROXIES=1)
    guesser = AuthActions(from_behind_proxy(app, "203.0.113.7"))
    answers = [guesser.login(f"name{i}", "wrong password").status_code for i in range(31)]
    assert answers == [422] * 30 + [429]
    someone_else = AuthActions(from_behind_proxy(app, "198.51.100.2"))
    assert someone_else.login("robin", "wrong password").status_code == 422


def test_forwarded_headers_are_ignored_unless_a_proxy_is_trusted(make_app):
    """Anyone can send X-Forwarded-For: without TRUSTED_PROXIES it can't buy fresh attempts,
    and X-Forwarded-Proto can't make a plain request look secure."""
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_AUTH_ADDRESS="3/minute")
    answers = [AuthActions(from_behind_proxy(app, f"203.0.113.{i}")).login(
        f"name{i}", "wrong password").status_code for i in range(4)]
    assert answers == [422, 422, 422, 429]
    response = from_behind_proxy(app, "203.0.113.99").get("/login")
    assert "Strict-Transport-Security" not in response.headers


def test_a_trusted_proxy_passes_on_https_for_hsts_and_secure_cookies(make_app):
    app = make_app(TRUSTED_PROXIES=1, SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    client = from_behind_proxy(app, "203.0.113.7")
    response = client.get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    response = AuthActions(client).signup()
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies and all("Secure" in cookie for cookie in cookies), cookies


def test_wrong_passwords_against_a_known_name_do_not_lock_its_owner_out(make_app):
    """Ten wrong passwords a minute for "sam" from one address: that address is stopped for
    "sam", and Sam, signing in from their own address, still gets in (before: 429)."""
    app = make_app(RATELIMIT_ENABLED=True)
    assert AuthActions(app.test_client()).signup().status_code == 302
    attacker = app.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    answers = [AuthActions(attacker).login("sam", "wrong password").status_code
               for _ in range(11)]
    assert answers == [422] * 10 + [429]
    owner = app.test_client()
    owner.environ_base["REMOTE_ADDR"] = "198.51.100.2"
    assert AuthActions(owner).login().status_code == 302
