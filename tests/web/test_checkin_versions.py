"""No silent overwrite for a check-in: an edit made from an older version (a second device, a
form left open) is refused with 409 and kept beside the check-in until the person chooses."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.extensions import db
from tests.conftest import AuthActions
from tests.factories import export, restore_file, upload, user_id

PHONE_WORDS = "Calmer after the walk."
LAPTOP_WORDS = "The critic was loud at lunch."


def the_checkin(app) -> CheckIn:
    with app.app_context():
        checkin = db.session.scalar(select(CheckIn))
        db.session.expunge_all()
        return checkin


def opened(device, checkin_id: int) -> dict:
    html = device.client.get(f"/checkins/{checkin_id}/edit").get_data(as_text=True)
    return {"mood": "6", "base_version": re.search(r'name="base_version"[^>]*value="([^"]*)"',
                                                   html).group(1),
            "occurred_at": re.search(r'name="occurred_at"[^>]*value="([^"]*)"', html).group(1)}


@pytest.fixture
def two_devices(app):
    phone, laptop = AuthActions(app.test_client()), AuthActions(app.test_client())
    assert phone.signup().status_code == 302
    assert laptop.login().status_code == 302
    phone.post("/checkins", {"mood": "6", "client_id": "7b0c1a52-2d1f-4c55-9a43-2a8f1f7c0b11"})
    checkin_id = the_checkin(app).id
    forms = opened(phone, checkin_id), opened(laptop, checkin_id)
    assert forms[0]["base_version"] == forms[1]["base_version"] == "1"
    laptop_answer = laptop.post(f"/checkins/{checkin_id}/edit", {**forms[1], "note": LAPTOP_WORDS})
    assert laptop_answer.status_code == 303
    older = phone.post(f"/checkins/{checkin_id}/edit", {**forms[0], "note": PHONE_WORDS})
    return phone, laptop, checkin_id, older


def test_the_older_edit_is_refused_409_and_both_words_survive(app, two_devices):
    phone, laptop, checkin_id, older = two_devices
    assert older.status_code == 409
    html = older.get_data(as_text=True)
    assert "Two versions of this check-in" in html and PHONE_WORDS in html and LAPTOP_WORDS in html
    checkin = the_checkin(app)
    assert checkin.note == LAPTOP_WORDS and checkin.waiting["written"]["note"] == PHONE_WORDS
    again = laptop.client.get(f"/checkins/{checkin_id}/versions").get_data(as_text=True)
    assert PHONE_WORDS in again and LAPTOP_WORDS in again


@pytest.mark.parametrize("keep,note", [("record", LAPTOP_WORDS), ("waiting", PHONE_WORDS)])
def test_the_choice_saves_exactly_what_was_chosen(app, two_devices, keep, note):
    phone, _, checkin_id, _ = two_devices
    assert phone.post(f"/checkins/{checkin_id}/versions", {"keep": keep}).status_code == 303
    checkin = the_checkin(app)
    assert (checkin.note, checkin.waiting) == (note, None)


def test_combining_settles_it_with_the_merged_words(app, two_devices):
    phone, _, checkin_id, _ = two_devices
    html = phone.client.get(f"/checkins/{checkin_id}/edit?combine=1").get_data(as_text=True)
    assert PHONE_WORDS in html
    merged = {**opened(phone, checkin_id), "resolves": "1", "note": f"{LAPTOP_WORDS} {PHONE_WORDS}"}
    assert phone.post(f"/checkins/{checkin_id}/edit", merged).status_code == 303
    checkin = the_checkin(app)
    assert (checkin.note, checkin.waiting) == (f"{LAPTOP_WORDS} {PHONE_WORDS}", None)


def test_someone_else_gets_404(app, two_devices):
    _, _, checkin_id, _ = two_devices
    robin = AuthActions(app.test_client())
    robin.signup(username="robin")
    assert robin.client.get(f"/checkins/{checkin_id}/versions").status_code == 404
    assert robin.post(f"/checkins/{checkin_id}/versions", {"keep": "waiting"}).status_code == 404
    assert the_checkin(app).waiting is not None


def test_the_kept_edit_is_in_the_export_and_comes_back_the_same(app, two_devices):
    """Export everything: an edit the person hasn't decided on yet goes with the file, and
    another account restoring it can still choose between the same two versions."""
    phone, _, _, _ = two_devices
    document = export(phone.client)
    (row,) = document["checkins"]
    kept = the_checkin(app).waiting
    assert row["waiting"]["written"] == kept["written"]
    assert row["waiting"]["written"]["note"] == PHONE_WORDS and row["note"] == LAPTOP_WORDS
    robin = AuthActions(app.test_client())
    robin.signup("robin")
    assert restore_file(robin, json.dumps(document)).status_code in (200, 303)
    with app.app_context():
        robins = select(CheckIn).where(CheckIn.user_id == user_id(app, "robin"))
        restored = db.session.scalar(robins)
        assert restored.waiting["written"] == kept["written"]
        assert restored.note == LAPTOP_WORDS
    page = robin.client.get(f"/checkins/{restored.id}/versions").get_data(as_text=True)
    assert PHONE_WORDS in page and LAPTOP_WORDS in page


@pytest.mark.parametrize("waiting", [
    "tomorrow", {"written": {"mood": 11}, "made_at": "2025-03-01T08:00:00+00:00"},
    {"written": {"mood": 4, "note": "x", "feelings": [], "self_qualities": [], "parts": ["nope"],
                 "occurred_at": "2025-03-01T08:00:00+00:00"},
     "made_at": "2025-03-01T08:00:00+00:00"},
])
def test_a_damaged_kept_edit_in_a_file_is_refused_plainly(app, two_devices, waiting):
    phone, _, _, _ = two_devices
    document = export(phone.client)
    document["checkins"][0]["waiting"] = waiting
    robin = AuthActions(app.test_client())
    robin.signup("robin")
    answer = upload(robin, json.dumps(document))
    assert answer.status_code == 422 and "waiting" in answer.get_data(as_text=True)
