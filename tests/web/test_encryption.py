"""Encryption at rest: a copy of the database shows none of the words people wrote.

Runs on SQLite and on PostgreSQL (TEST_DATABASE_URL); the dump is the real one for each
(sqlite3 iterdump, pg_dump) plus a plain SELECT of every column as text.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Text, select, type_coerce, update

from ifs_pwa import crypto
from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.crypto import PREFIX, DecryptionError, decode_key, generate_key, key_id
from ifs_pwa.extensions import db
from ifs_pwa.keys import encrypted_tables
from ifs_pwa.parts.models import Part
from ifs_pwa.practices.models import PracticeSession
from ifs_pwa.safety.models import SafetyPlan
from tests.conftest import AuthActions
from tests.factories import fill_everything, raw_dump, secrets_for, select_everything

KEY_A, KEY_B = generate_key(), generate_key()
ID_A, ID_B = key_id(decode_key(KEY_A)), key_id(decode_key(KEY_B))


def signed_up(app, name="sam") -> AuthActions:
    auth = AuthActions(app.test_client())
    assert auth.signup(name).status_code == 302
    return auth


def everything_readable(app, who="sam") -> dict:
    """Read every encrypted field back through the models."""
    with app.app_context():
        part = db.session.scalar(select(Part).where(Part.name == f"{who} critic"))
        plan = db.session.scalars(select(SafetyPlan)).one()
        return {
            "note": db.session.scalars(select(CheckIn)).one().note,
            "part": [part.description, part.job, part.fears, part.needs, part.burdens],
            "answers": db.session.scalars(select(PracticeSession)).one().answers,
            "plan": [plan.warning_signs, plan.on_my_own, plan.distractions, plan.professionals,
                     plan.safer_surroundings, plan.reasons, plan.helpers,
                     plan.professional_contacts],
        }


def stored_key_ids(app) -> set[str]:
    """The key ids that sealed the values actually stored (raw, not decrypted)."""
    found = set()
    with app.app_context():
        for _table, columns in encrypted_tables():
            raw = [type_coerce(c, Text) for c in columns]
            for row in db.session.execute(select(*raw)):
                found |= {v.split(":")[1] for v in row if v and v.startswith(PREFIX)}
    return found


def test_a_database_dump_holds_none_of_the_texts_in_clear(app):
    auth = signed_up(app)
    fill_everything(auth, "sam")
    for dump in (raw_dump(app), select_everything_of(app)):
        for field, sentence in secrets_for("sam").items():
            if field != "helper_phone":
                assert sentence not in dump, field
        assert "+44 7700 900457" not in dump  # phone numbers on the plan are sealed too
        assert PREFIX in dump
        assert "sam critic" in dump  # part names are clear on purpose (the privacy page says)
    # The person still reads every word, in the pages as in the models.
    plan_page = auth.client.get("/safety-plan").get_data(as_text=True)
    assert secrets_for("sam")["reasons"] in plan_page and "Auntie Rosalind" in plan_page
    readable = everything_readable(app)
    assert readable["note"] == secrets_for("sam")["note"]
    assert readable["answers"]["befriend_job"] == secrets_for("sam")["answer"]
    assert readable["plan"][6][0]["name"] == secrets_for("sam")["helper_name"]


def select_everything_of(app) -> str:
    with app.app_context():
        return select_everything()


def test_empty_text_stays_empty_and_everything_else_is_sealed(app):
    auth = signed_up(app)
    assert auth.post("/parts/", {"name": "Quiet", "role": "unknown", "status": "noticed",
                                 "colour": "sage"}).status_code == 303
    with app.app_context():
        raw = db.session.execute(select(type_coerce(Part.description, Text),
                                        type_coerce(Part.fears, Text))).one()
    assert tuple(raw) == ("", "")


def test_rotation_keeps_every_text_readable_and_retires_the_old_key(make_app):
    old_app = make_app(ENCRYPTION_KEYS=[KEY_A])
    fill_everything(signed_up(old_app), "sam")
    before = everything_readable(old_app)
    assert stored_key_ids(old_app) == {ID_A}
    with old_app.app_context():
        stamped = db.session.scalars(select(Part.updated_at).order_by(Part.id)).all()

    rotating = make_app(ENCRYPTION_KEYS=f"{KEY_B},{KEY_A}")  # the env form: newest first
    assert everything_readable(rotating) == before  # the old key still reads before rotating
    result = rotating.test_cli_runner().invoke(args=["keys", "rotate", "--batch", "2"])
    assert result.exit_code == 0, result.output
    assert f"Re-encrypting with key {ID_B}" in result.output
    assert re.search(r"parts: [1-9]\d* rows rewritten", result.output)
    assert stored_key_ids(rotating) == {ID_B}

    only_new = make_app(ENCRYPTION_KEYS=[KEY_B])
    assert everything_readable(only_new) == before
    with only_new.app_context():  # rotating is not editing: "last changed" stays as it was
        assert db.session.scalars(select(Part.updated_at).order_by(Part.id)).all() == stamped
    again = only_new.test_cli_runner().invoke(args=["keys", "rotate"])
    assert "parts: 0 rows rewritten" in again.output  # nothing left to do


def test_an_unknown_key_is_a_clear_error_never_garbage(make_app):
    fill_everything(signed_up(make_app(ENCRYPTION_KEYS=[KEY_A])), "sam")
    stranger = make_app(ENCRYPTION_KEYS=[KEY_B])
    with stranger.app_context(), pytest.raises(DecryptionError, match=ID_A):
        db.session.scalars(select(CheckIn)).one()


def test_text_written_before_encryption_still_reads_and_rotation_seals_it(app):
    fill_everything(signed_up(app), "sam")
    with app.app_context():  # as rows looked before this release: clear text and clear JSON
        db.session.execute(update(CheckIn).values(note=type_coerce("an old clear note", Text)))
        db.session.execute(update(PracticeSession).values(
            answers=type_coerce('{"unblend": "old clear answer"}', Text)))
        db.session.commit()
    assert everything_readable(app)["note"] == "an old clear note"
    assert everything_readable(app)["answers"] == {"unblend": "old clear answer"}
    assert "an old clear note" in raw_dump(app)

    result = app.test_cli_runner().invoke(args=["keys", "rotate"])
    assert result.exit_code == 0, result.output
    dump = raw_dump(app)
    assert "an old clear note" not in dump and "old clear answer" not in dump
    assert everything_readable(app)["note"] == "an old clear note"


def test_each_app_seals_with_its_own_keys(make_app):
    first, second = make_app(ENCRYPTION_KEYS=[KEY_A]), make_app(ENCRYPTION_KEYS=[KEY_B])
    signed_up(first, "ana")
    with first.app_context():
        sealed_by_first = first.extensions["keyring"].encrypt("x")
    with second.app_context():
        sealed_by_second = second.extensions["keyring"].encrypt("x")
    assert sealed_by_first.startswith(f"{PREFIX}{ID_A}:")
    assert sealed_by_second.startswith(f"{PREFIX}{ID_B}:")


def test_keys_generate_prints_a_usable_key(app):
    result = app.test_cli_runner().invoke(args=["keys", "generate"])
    assert result.exit_code == 0
    assert len(decode_key(result.output.strip())) == 32


def test_tests_use_the_fixed_key_and_write_no_key_file(app):
    assert app.config["ENCRYPTION_KEYS"] == ["dGVzdC1rZXktbm90LWZvci1wcm9kdWN0aW9uLXVzZSE="]


def test_with_no_keys_configured_one_is_made_in_instance_once(tmp_path, monkeypatch):
    monkeypatch.setattr(crypto, "_fallback", None)

    class Unconfigured:
        instance_path = str(tmp_path)
        config = {"ENCRYPTION_KEYS": ""}
        extensions: dict = {}

    crypto.init_app(Unconfigured)
    made = (tmp_path / "encryption.key").read_text().strip()
    assert Unconfigured.config["ENCRYPTION_KEYS"] == [made]
    assert Unconfigured.extensions["keyring"].newest == key_id(decode_key(made))

    class Restarted(Unconfigured):
        config = {"ENCRYPTION_KEYS": None}
        extensions: dict = {}

    crypto.init_app(Restarted)
    assert Restarted.config["ENCRYPTION_KEYS"] == [made]  # the same key after a restart
