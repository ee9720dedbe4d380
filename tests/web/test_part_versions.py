"""No silent overwrite for a part: an edit made from an older version of its profile (a second
device, a form left open) is refused with 409 and kept beside the part until the person keeps
one version or combines them (versions.py)."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from ifs_pwa.extensions import db
from ifs_pwa.parts.models import Part
from tests.conftest import AuthActions
from tests.factories import export, restore_file, upload, user_id

PHONE_WORDS = "It tightens my jaw before meetings."
LAPTOP_WORDS = "It wants me to be ready for anything."


def the_part(app) -> Part:
    with app.app_context():
        part = db.session.scalar(select(Part))
        db.session.expunge_all()
        return part


def edit_form(device, part_id: int) -> dict:
    html = device.client.get(f"/parts/{part_id}/edit").get_data(as_text=True)
    version = re.search(r'name="base_version"[^>]*value="([^"]*)"', html)
    return {"name": "The planner", "role": "manager", "status": "noticed", "colour": "sage",
            "base_version": version.group(1) if version else ""}


@pytest.fixture
def two_devices(app):
    phone, laptop = AuthActions(app.test_client()), AuthActions(app.test_client())
    assert phone.signup().status_code == 302
    assert laptop.login().status_code == 302
    assert phone.post("/parts/", {"name": "The planner", "role": "manager", "status": "noticed",
                                  "colour": "sage", "client_id": ""}).status_code == 303
    part_id = the_part(app).id
    return phone, laptop, part_id, edit_form(phone, part_id), edit_form(laptop, part_id)


def test_the_older_edit_is_refused_409_and_both_words_survive(app, two_devices):
    phone, laptop, part_id, phone_form, laptop_form = two_devices
    assert phone_form["base_version"] == laptop_form["base_version"] == "1"
    newer = laptop.post(f"/parts/{part_id}/edit", {**laptop_form, "job": LAPTOP_WORDS})
    assert newer.status_code == 303
    older = phone.post(f"/parts/{part_id}/edit", {**phone_form, "description": PHONE_WORDS})
    assert older.status_code == 409
    html = older.get_data(as_text=True)
    assert "Two versions of The planner" in html and PHONE_WORDS in html and LAPTOP_WORDS in html
    part = the_part(app)
    assert part.job == LAPTOP_WORDS and part.description == ""
    assert part.waiting["written"]["description"] == PHONE_WORDS and part.version == 2
    # Across a reload, or on the other device: kept on the server.
    again = laptop.client.get(f"/parts/{part_id}/versions").get_data(as_text=True)
    assert PHONE_WORDS in again and LAPTOP_WORDS in again
    assert "See both versions" in laptop.client.get(f"/parts/{part_id}").get_data(as_text=True)


@pytest.mark.parametrize("keep", ["record", "waiting"])
def test_the_choice_saves_exactly_what_was_chosen(app, two_devices, keep):
    phone, laptop, part_id, phone_form, laptop_form = two_devices
    laptop.post(f"/parts/{part_id}/edit", {**laptop_form, "job": LAPTOP_WORDS})
    phone.post(f"/parts/{part_id}/edit", {**phone_form, "description": PHONE_WORDS})
    assert phone.post(f"/parts/{part_id}/versions", {"keep": keep}).status_code == 303
    part = the_part(app)
    assert part.waiting is None
    if keep == "record":
        assert (part.job, part.description) == (LAPTOP_WORDS, "")
    else:
        assert (part.job, part.description) == ("", PHONE_WORDS)


def test_combining_saves_the_merged_version_and_settles_it(app, two_devices):
    phone, laptop, part_id, phone_form, laptop_form = two_devices
    laptop.post(f"/parts/{part_id}/edit", {**laptop_form, "job": LAPTOP_WORDS})
    phone.post(f"/parts/{part_id}/edit", {**phone_form, "description": PHONE_WORDS})
    html = phone.client.get(f"/parts/{part_id}/edit?combine=1").get_data(as_text=True)
    assert PHONE_WORDS in html and 'name="resolves"' in html and 'value="1"' in html
    merged = {**edit_form(phone, part_id), "resolves": "1", "description": PHONE_WORDS,
              "job": LAPTOP_WORDS}
    assert phone.post(f"/parts/{part_id}/edit", merged).status_code == 303
    part = the_part(app)
    assert (part.description, part.job, part.waiting) == (PHONE_WORDS, LAPTOP_WORDS, None)


def test_a_bad_choice_is_refused_and_nothing_is_lost(app, two_devices):
    phone, laptop, part_id, phone_form, laptop_form = two_devices
    laptop.post(f"/parts/{part_id}/edit", {**laptop_form, "job": LAPTOP_WORDS})
    phone.post(f"/parts/{part_id}/edit", {**phone_form, "description": PHONE_WORDS})
    assert phone.post(f"/parts/{part_id}/versions", {"keep": "both"}).status_code == 422
    assert the_part(app).waiting["written"]["description"] == PHONE_WORDS


def test_someone_else_gets_404(app, two_devices):
    phone, laptop, part_id, phone_form, laptop_form = two_devices
    laptop.post(f"/parts/{part_id}/edit", {**laptop_form, "job": LAPTOP_WORDS})
    phone.post(f"/parts/{part_id}/edit", {**phone_form, "description": PHONE_WORDS})
    robin = AuthActions(app.test_client())
    robin.signup(username="robin")
    assert robin.client.get(f"/parts/{part_id}/versions").status_code == 404
    assert robin.post(f"/parts/{part_id}/versions", {"keep": "waiting"}).status_code == 404
    assert the_part(app).waiting is not None


def test_the_kept_edit_is_in_the_export_and_comes_back_the_same(app, two_devices):
    phone, laptop, part_id, phone_form, laptop_form = two_devices
    laptop.post(f"/parts/{part_id}/edit", {**laptop_form, "job": LAPTOP_WORDS})
    assert phone.post(f"/parts/{part_id}/edit",
                      {**phone_form, "description": PHONE_WORDS}).status_code == 409
    document = export(phone.client)
    (row,) = document["parts"]
    assert row["waiting"]["written"]["description"] == PHONE_WORDS and row["job"] == LAPTOP_WORDS
    robin = AuthActions(app.test_client())
    robin.signup("robin")
    assert restore_file(robin, json.dumps(document)).status_code in (200, 303)
    with app.app_context():
        restored = db.session.scalar(select(Part).where(Part.user_id == user_id(app, "robin")))
        assert restored.waiting["written"] == the_part(app).waiting["written"]
        assert restored.job == LAPTOP_WORDS


def test_a_damaged_kept_edit_in_a_file_is_refused_plainly(app, two_devices):
    phone, _, _, _, _ = two_devices
    document = export(phone.client)
    document["parts"][0]["waiting"] = {"written": {"name": ""}, "made_at": "yesterday"}
    robin = AuthActions(app.test_client())
    robin.signup("robin")
    answer = upload(robin, json.dumps(document))
    assert answer.status_code == 422 and "waiting" in answer.get_data(as_text=True)
