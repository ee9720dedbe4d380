"""Accounts through the real forms: sign up, log in, log out, bad input and limits."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ifs_pwa.auth.models import User
from ifs_pwa.extensions import db
from tests.conftest import AuthActions, csrf_token_from

GENERIC = "That username and password don&#39;t match."


def count_users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_signup_login_logout_login_again(client, auth, app):
    response = auth.signup("Robin", "a long enough secret")
    assert response.status_code == 302 and response.headers["Location"] == "/welcome"
    assert "Hello, Robin" in client.get("/").get_data(as_text=True)

    response = auth.logout()
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"cache"'
    assert "Create your space" in client.get("/").get_data(as_text=True)

    response = auth.login("robin", "a long enough secret")  # any case finds the account
    assert response.status_code == 302
    assert "Hello, Robin" in client.get("/").get_data(as_text=True)
    assert count_users(app) == 1


def test_password_is_stored_as_argon2id_hash(auth, app):
    auth.signup("robin", "a long enough secret")
    with app.app_context():
        stored = db.session.scalar(select(User.password_hash))
    assert stored.startswith("$argon2id$")
    assert "a long enough secret" not in stored


def test_wrong_password_and_unknown_user_get_the_same_answer(client, user, auth):
    auth.logout()
    wrong = auth.login("sam", "not the password")
    unknown = auth.login("nobody-here", "not the password")
    assert wrong.status_code == unknown.status_code == 422
    wrong_html, unknown_html = wrong.get_data(as_text=True), unknown.get_data(as_text=True)
    assert GENERIC in wrong_html and GENERIC in unknown_html
    assert 'value="sam"' in wrong_html  # what was typed is kept


def test_username_is_unique_whatever_the_case(auth, app):
    auth.signup("Robin")
    auth.client.post("/logout", data={"csrf_token": auth.token("/more")})
    response = auth.signup("ROBIN")
    assert response.status_code == 422
    assert "That username is taken" in response.get_data(as_text=True)
    assert count_users(app) == 1


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("", "long enough pw", "Please choose a username."),
        ("x" * 41, "long enough pw", "Use 3 to 40 letters"),
        ("<script>alert(1)</script>", "long enough pw", "Use 3 to 40 letters"),
        ("ab", "long enough pw", "Use 3 to 40 letters"),
        ("sam smith", "long enough pw", "Use 3 to 40 letters"),
        ("robin", "", "Please choose a password."),
        ("robin", "short", "Use between 8 and 128 characters."),
        ("robin", "p" * 129, "Use between 8 and 128 characters."),
        ("robin", "tab\there-pw", "characters we couldn"),
    ],
)
def test_bad_signup_input_is_explained_next_to_the_field(auth, app, username, password, message):
    response = auth.signup(username, password)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html.replace("&#39;", "'").replace("&#34;", '"')
    assert 'aria-invalid="true"' in html
    if username and len(username) <= 41:
        assert f'value="{username}"' in html.replace("&lt;", "<").replace("&gt;", ">")
    assert "<script>alert(1)</script>" not in html
    assert count_users(app) == 0


@pytest.mark.parametrize(
    ("content_type", "username_part", "message"),
    [
        ("application/x-www-form-urlencoded", b"username=r%FF%FEbin", "Use 3 to 40 letters"),
        ("application/x-www-form-urlencoded", b"username=r\xff\xfebin", "couldn&#39;t read what"),
        ("multipart/form-data", b"r\xff\xfebin", "couldn&#39;t read"),
    ],
)
def test_non_utf8_username_gets_a_form_error_not_a_crash(
    client, app, content_type, username_part, message
):
    token = csrf_token_from(client.get("/signup").get_data(as_text=True)).encode()
    if content_type == "multipart/form-data":
        fields = {b"csrf_token": token, b"username": username_part,
                  b"password": b"long enough pw", b"confirm": b"long enough pw"}
        body = b"".join(
            b"--x\r\nContent-Disposition: form-data; name=\"" + k + b"\"\r\n\r\n" + v + b"\r\n"
            for k, v in fields.items()) + b"--x--\r\n"
        content_type += "; boundary=x"
    else:
        body = (b"csrf_token=" + token + b"&" + username_part
                + b"&password=long+enough+pw&confirm=long+enough+pw")
    response = client.post("/signup", data=body, content_type=content_type)
    # Werkzeug drops a whole url-encoded body with raw invalid bytes: nothing left to keep.
    assert response.status_code == (400 if b"\xff" in body and "urlencoded" in content_type
                                    else 422)
    assert message in response.get_data(as_text=True)
    assert count_users(app) == 0


def test_mismatched_confirmation(auth):
    response = auth.client.post("/signup", data={
        "username": "robin", "password": "long enough pw", "confirm": "different pw",
        "csrf_token": auth.token("/signup")})
    assert response.status_code == 422
    assert "The two passwords don&#39;t match." in response.get_data(as_text=True)


def test_signup_takes_timezone_from_the_phone(auth, app):
    auth.signup("robin", "long enough pw", timezone="Pacific/Auckland")
    with app.app_context():
        assert db.session.scalar(select(User.timezone)) == "Pacific/Auckland"


def test_post_without_csrf_token_is_refused(client, app):
    response = client.post("/signup", data={
        "username": "robin", "password": "long enough pw", "confirm": "long enough pw"})
    assert response.status_code == 400
    assert "expired or came from somewhere else" in response.get_data(as_text=True)
    assert count_users(app) == 0


def test_login_follows_only_local_next(client, user, auth):
    auth.logout()
    assert auth.login(next="/account").headers["Location"] == "/account"
    auth.logout()
    for hostile in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"):
        assert auth.login(next=hostile).headers["Location"] == "/"
        auth.logout()


def test_login_page_carries_next_from_the_redirect(client):
    response = client.get("/account")
    assert response.status_code == 302
    login_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="/account"' in login_page


def test_keep_me_signed_in_sets_a_long_lived_cookie(client, user, auth):
    auth.logout()
    response = auth.login()
    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember and "HttpOnly" in remember[0] and "SameSite=Lax" in remember[0]


def test_login_is_rate_limited_per_username(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_AUTH="3/minute")
    actions = AuthActions(app.test_client())
    answers = [actions.login("someone", "wrong password").status_code for _ in range(4)]
    assert answers == [422, 422, 422, 429]
    # The friendly page, not a bare error, and the crisis link is still there.
    html = actions.login("someone", "wrong password").get_data(as_text=True)
    assert "Let&#39;s pause for a moment" in html and 'href="/crisis"' in html


def test_signup_is_rate_limited_per_ip(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_AUTH_ADDRESS="2/minute")
    actions = AuthActions(app.test_client())
    answers = [actions.signup(f"person{i}", "short").status_code for i in range(3)]
    assert answers == [422, 422, 429]


def test_signed_in_people_skip_the_auth_pages(client, user):
    assert client.get("/login").status_code == 302
    assert client.get("/signup").status_code == 302


def test_logout_needs_post(client, user):
    assert client.get("/logout").status_code == 405
