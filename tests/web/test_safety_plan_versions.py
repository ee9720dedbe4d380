"""No silent overwrite: an edit of the safety plan made from an older version (queued offline for
a day, or open on a second device) is never written over a newer plan. It is answered 409 and
kept beside the plan until the person keeps one version or combines them."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import select

from ifs_pwa.extensions import db
from ifs_pwa.safety.models import SafetyPlan
from tests.conftest import AuthActions
from tests.factories import export, restore_file, upload, user_id
from tests.web.test_safety_plan import base_version_from, plan_data

PHONE_WORDS = "Text Jo the word 'anchor'."
LAPTOP_WORDS = "Call Sam after nine; he's up late."


def the_plan(app) -> SafetyPlan:
    with app.app_context():
        plan = db.session.scalar(select(SafetyPlan))
        db.session.expunge_all()
        return plan


@pytest.fixture
def two_devices(app):
    """Sam's phone and laptop, both with the edit form open on version 1 of the plan."""
    phone, laptop = AuthActions(app.test_client()), AuthActions(app.test_client())
    assert phone.signup().status_code == 302
    assert laptop.login().status_code == 302
    assert phone.post("/safety-plan", plan_data()).status_code == 303
    phone_form = phone.client.get("/safety-plan/edit").get_data(as_text=True)
    laptop_form = laptop.client.get("/safety-plan/edit").get_data(as_text=True)
    assert base_version_from(phone_form) == base_version_from(laptop_form) == "1"
    return phone, laptop


def newer_then_older(two_devices):
    """The laptop saves first; the phone's edit, opened from the same version, arrives after."""
    phone, laptop = two_devices
    newer = laptop.post("/safety-plan", plan_data(helpers_note=LAPTOP_WORDS, base_version="1"))
    assert newer.status_code == 303
    older = plan_data(on_my_own=PHONE_WORDS, base_version="1")
    return phone, laptop, older, phone.post("/safety-plan", older, headers={"HX-Request": "true"})


def test_the_older_edit_is_refused_409_and_kept_beside_the_newer(app, two_devices):
    phone, _, _, answer = newer_then_older(two_devices)
    assert answer.status_code == 409
    html = answer.get_data(as_text=True)
    assert "<html" not in html and "Two versions of your safety plan" in html
    assert PHONE_WORDS.replace("'", "&#39;") in html and LAPTOP_WORDS.replace("'", "&#39;") in html
    plan = the_plan(app)
    assert plan.helpers_note == LAPTOP_WORDS and plan.on_my_own != PHONE_WORDS
    assert plan.waiting["plan"]["on_my_own"] == PHONE_WORDS
    assert plan.version == 2
    page = phone.client.get("/safety-plan").get_data(as_text=True)
    assert "is waiting beside it" in page and "/safety-plan/versions" in page


def test_a_replay_of_the_kept_edit_changes_nothing(app, two_devices):
    phone, _, older, _ = newer_then_older(two_devices)
    kept = the_plan(app).waiting
    again = phone.post("/safety-plan", older, headers={"HX-Request": "true"})
    assert again.status_code == 409
    assert the_plan(app).waiting == kept and the_plan(app).version == 2


@pytest.mark.parametrize("keep", ["plan", "waiting"])
def test_the_person_keeps_either_version(app, two_devices, keep):
    phone, _, _, _ = newer_then_older(two_devices)
    page = phone.client.get("/safety-plan/versions")
    assert page.status_code == 200
    chosen = phone.post("/safety-plan/versions", {"keep": keep})
    assert chosen.status_code == 303 and chosen.headers["Location"] == "/safety-plan"
    plan = the_plan(app)
    assert plan.waiting is None
    if keep == "plan":
        assert plan.helpers_note == LAPTOP_WORDS and plan.version == 2
    else:
        assert plan.on_my_own == PHONE_WORDS and plan.version == 3
    assert phone.client.get("/safety-plan/versions").status_code == 303  # nothing left


def test_combining_opens_the_edited_version_and_saving_it_settles_both(app, two_devices):
    phone, _, _, _ = newer_then_older(two_devices)
    form = phone.client.get("/safety-plan/edit?combine=1").get_data(as_text=True)
    assert PHONE_WORDS.replace("'", "&#39;") in form  # in the form, to edit
    assert "The saved version" in form and LAPTOP_WORDS.replace("'", "&#39;") in form
    assert base_version_from(form) == "2" and 'name="resolves" type="hidden" value="1"' in form
    both = plan_data(on_my_own=PHONE_WORDS, helpers_note=LAPTOP_WORDS, base_version="2",
                     resolves="1")
    assert phone.post("/safety-plan", both).status_code == 303
    plan = the_plan(app)
    assert (plan.on_my_own, plan.helpers_note, plan.waiting) == (PHONE_WORDS, LAPTOP_WORDS, None)


def test_an_unrelated_edit_never_throws_the_waiting_one_away(app, two_devices):
    """Only the person's choice settles it: another save from the current version doesn't."""
    _, laptop, _, _ = newer_then_older(two_devices)
    assert laptop.post("/safety-plan", plan_data(reasons="The sea.", base_version="2")
                       ).status_code == 303
    plan = the_plan(app)
    assert plan.reasons == "The sea." and plan.waiting["plan"]["on_my_own"] == PHONE_WORDS


@pytest.mark.parametrize("base", [None, "", "soon", "-1", "99999999999", "1.5"])
def test_an_edit_from_no_known_version_is_kept_beside_not_over(app, two_devices, base):
    """An entry queued before versions existed, or a mangled field: never a 500, never silent."""
    phone, _ = two_devices
    data = plan_data(on_my_own=PHONE_WORDS)
    if base is not None:
        data["base_version"] = base
    assert phone.post("/safety-plan", data).status_code == 409
    assert the_plan(app).waiting["plan"]["on_my_own"] == PHONE_WORDS


def test_the_same_words_from_an_older_version_need_no_choice(app, two_devices):
    phone, _ = two_devices
    same = phone.post("/safety-plan", plan_data(base_version="0"))
    assert same.status_code == 303
    plan = the_plan(app)
    assert plan.waiting is None and plan.version == 1


def test_choosing_needs_a_choice_and_a_token(app, two_devices):
    phone, _, _, _ = newer_then_older(two_devices)
    unclear = phone.post("/safety-plan/versions", {"keep": "both"})
    assert unclear.status_code == 422
    assert "Please choose which version to keep." in unclear.get_data(as_text=True)
    assert phone.client.post("/safety-plan/versions", data={"keep": "plan"}).status_code == 400
    assert the_plan(app).waiting is not None


def test_sequential_edits_on_one_device_follow_each_other(app, htmx_client):
    """The fragment after a save carries the new version, so the next edit isn't stale."""
    auth = AuthActions(htmx_client)
    auth.signup()
    first = auth.post("/safety-plan", plan_data())
    second = auth.post("/safety-plan", plan_data(reasons="The sea.",
                                                 base_version=base_version_from(first.text)))
    third = auth.post("/safety-plan", plan_data(reasons="The sea, and Jo.",
                                                base_version=base_version_from(second.text)))
    assert [first.status_code, second.status_code, third.status_code] == [201, 200, 200]
    assert third.headers["X-Befriend-Version"] == "3"
    assert the_plan(app).waiting is None


def test_nobody_else_sees_or_settles_the_waiting_version(app, two_devices):
    newer_then_older(two_devices)
    robin = AuthActions(app.test_client())
    robin.signup("robin")
    assert robin.client.get("/safety-plan/versions").status_code == 303
    assert PHONE_WORDS not in robin.client.get("/safety-plan").get_data(as_text=True)
    robin.post("/safety-plan/versions", {"keep": "waiting"})
    assert the_plan(app).waiting is not None


def test_client_ids_of_kept_edits_are_unique_strings(app, two_devices):
    newer_then_older(two_devices)
    assert uuid.UUID(the_plan(app).waiting["client_id"])


def test_the_kept_edit_is_in_the_export_and_comes_back_with_it(app, two_devices):
    phone, _, _, _ = newer_then_older(two_devices)
    document = export(phone.client)
    kept = document["safety_plan"]["waiting"]
    assert kept["plan"]["on_my_own"] == PHONE_WORDS and kept["made_at"].endswith("+00:00")
    robin = AuthActions(app.test_client())
    robin.signup("robin")
    assert restore_file(robin, json.dumps(document)).status_code in (200, 303)
    with app.app_context():
        plans = {p.user_id: p for p in db.session.scalars(select(SafetyPlan))}
        restored = plans[user_id(app, "robin")]
        assert restored.waiting["plan"]["on_my_own"] == PHONE_WORDS
        assert restored.helpers_note == LAPTOP_WORDS


@pytest.mark.parametrize("waiting", [
    "tomorrow", {"plan": {}, "client_id": None, "made_at": "2025-03-01T08:00:00+00:00"},
    {"plan": {"reasons": 5}, "client_id": str(uuid.uuid4()), "made_at": "2025-03-01T08:00:00Z"},
])
def test_a_mangled_kept_edit_in_a_file_is_refused_with_a_reason(app, client, auth, user, waiting):
    auth.post("/safety-plan", plan_data())
    document = export(client)
    document["safety_plan"]["waiting"] = waiting
    document["safety_plan"]["client_id"] = str(uuid.uuid4())
    preview = upload(auth, json.dumps(document), "befriend.json")
    assert preview.status_code == 422
    assert "In the safety plan" in preview.get_data(as_text=True)
