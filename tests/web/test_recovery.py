"""Recovery without email: a code shown once, made anew from /account, used at /recover."""

from __future__ import annotations

import re

from sqlalchemy import select

from ifs_pwa.auth.models import User
from ifs_pwa.extensions import db
from tests.conftest import csrf_token_from

# The code is drawn in groups (each in its own span, so it never breaks mid-group).
CODE = re.compile(r'<code id="recovery-code-text">(.*?)</code>', re.S)
WHOLE = re.compile(r"[2-9A-Z]{5}(?:-[2-9A-Z]{5}){3}")
GENERIC = "That username and recovery code don&#39;t match."


def code_in(html: str) -> str | None:
    match = CODE.search(html)
    if not match:
        return None
    code = re.sub(r"<[^>]+>", "", match.group(1))
    assert WHOLE.fullmatch(code), code
    return code


def signup_code(auth, username="sam") -> str:
    response = auth.signup(username)
    assert response.status_code == 302 and response.headers["Location"] == "/welcome"
    code = code_in(auth.client.get("/welcome").get_data(as_text=True))
    assert code, "the welcome page shows the recovery code"
    return code


def recover(client, username, code, password="a whole new secret", confirm=None):
    token = csrf_token_from(client.get("/recover").get_data(as_text=True))
    return client.post("/recover", data={
        "username": username, "code": code, "password": password,
        "confirm": confirm or password, "csrf_token": token})


def test_signup_shows_the_code_once_and_keeps_only_a_hash(app, auth):
    assert auth.signup().status_code == 302
    shown = auth.client.get("/welcome")
    code = code_in(shown.get_data(as_text=True))
    assert code and "no-store" in shown.headers["Cache-Control"]  # not kept, even offline
    again = auth.client.get("/welcome")
    assert code_in(again.get_data(as_text=True)) is None  # once only
    assert "no-store" not in again.headers["Cache-Control"]
    assert code_in(auth.client.get("/account").get_data(as_text=True)) is None
    with app.app_context():
        stored = db.session.scalar(select(User.recovery_hash))
    assert stored.startswith("$argon2id$") and code not in stored
    assert code.replace("-", "") not in stored


def test_login_page_links_to_recovery(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'href="/recover"' in html and "Forgot your password?" in html
    assert client.get("/recover").status_code == 200


def test_the_code_resets_the_password_ends_other_sessions_and_is_replaced(app, auth):
    code = signup_code(auth)
    assert auth.client.get("/account").status_code == 200  # the old phone is signed in

    elsewhere = app.test_client()
    typed = code.lower().replace("-", " ")  # case, spaces and dashes are forgiven
    response = recover(elsewhere, "SAM", typed)
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    shown = elsewhere.get("/account")
    assert "no-store" in shown.headers["Cache-Control"]
    account = shown.get_data(as_text=True)
    fresh = code_in(account)
    assert fresh and fresh != code
    assert "Your password is changed" in account
    assert code_in(elsewhere.get("/account").get_data(as_text=True)) is None

    assert auth.client.get("/account").status_code == 302  # every other session ended
    assert auth.login(password="correct horse battery").status_code == 422
    assert auth.login(password="a whole new secret").status_code == 302

    again = recover(app.test_client(), "sam", code, "yet another secret")
    assert again.status_code == 422 and GENERIC in again.get_data(as_text=True)  # used up
    assert recover(app.test_client(), "sam", fresh, "yet another secret").status_code == 302


def test_wrong_code_and_unknown_name_get_the_same_generic_answer(app, auth):
    code = signup_code(auth)
    for username, typed in (("sam", "AAAAA-BBBBB-CCCCC-DDDDD"), ("nobody", code), ("sam", "")):
        response = recover(app.test_client(), username, typed)
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        if typed:
            assert GENERIC in html
        else:
            assert "Please type your recovery code." in html
        assert f'value="{username}"' in html  # what was typed stays
    assert auth.client.get("/account").status_code == 200  # nothing changed for sam


def test_new_password_rules_apply_and_mismatch_is_shown(app, auth):
    code = signup_code(auth)
    short = recover(app.test_client(), "sam", code, "short")
    assert short.status_code == 422 and "Use between 8 and 128" in short.get_data(as_text=True)
    mismatch = recover(app.test_client(), "sam", code, "long enough one", "long enough two")
    assert mismatch.status_code == 422
    assert "The two passwords don&#39;t match." in mismatch.get_data(as_text=True)
    assert recover(app.test_client(), "sam", code).status_code == 302  # still unused


def test_regenerating_needs_the_password_and_retires_the_old_code(app, auth):
    old = signup_code(auth)
    wrong = auth.post("/account/recovery-code", {"recovery_current": "not it"})
    assert wrong.status_code == 422
    assert "That isn&#39;t your current password." in wrong.get_data(as_text=True)

    made = auth.post("/account/recovery-code", {"recovery_current": "correct horse battery"})
    assert made.status_code == 302
    new = code_in(auth.client.get("/account").get_data(as_text=True))
    assert new and new != old
    assert recover(app.test_client(), "sam", old).status_code == 422
    assert recover(app.test_client(), "sam", new).status_code == 302


def test_an_account_without_a_code_is_offered_one(app, auth, user):
    with app.app_context():
        db.session.execute(db.update(User).values(recovery_hash=None))
        db.session.commit()
    assert "You don't have a recovery code yet" in auth.client.get("/account").get_data(
        as_text=True)
    response = recover(app.test_client(), "sam", "AAAAA-BBBBB-CCCCC-DDDDD")
    assert response.status_code == 422 and GENERIC in response.get_data(as_text=True)


def test_signed_in_people_go_to_their_account(auth, user):
    assert auth.client.get("/recover").headers["Location"] == "/account"


def test_recovery_is_rate_limited_like_login(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_AUTH="3/minute",
                   RATELIMIT_AUTH_USERNAME="4/minute")
    client = app.test_client()
    statuses = [recover(client, "sam", "AAAAA-BBBBB-CCCCC-DDDDD").status_code for _ in range(4)]
    assert statuses == [422, 422, 422, 429]
    # The softer count per typed name holds too: another address guessing at "sam" gets one
    # more try, then is stopped; other names from that address are still answered.
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    assert recover(other, "sam", "AAAAA-BBBBB-CCCCC-DDDDD").status_code == 422
    assert recover(other, "sam", "AAAAA-BBBBB-CCCCC-DDDDD").status_code == 429
    assert recover(other, "robin", "AAAAA-BBBBB-CCCCC-DDDDD").status_code == 422
