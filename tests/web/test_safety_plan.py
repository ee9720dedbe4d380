"""The safety plan: saved through the outbox contract, one per person, nobody else's."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import func, select

from ifs_pwa.extensions import db
from ifs_pwa.safety.models import SafetyPlan


def plan_data(**extra) -> dict:
    return {
        "client_id": str(uuid.uuid4()),
        "warning_signs": "I stop answering messages.\nThe critic gets loud.",
        "on_my_own": "Cold water on my face; the coherent breathing.",
        "distractions": "The library; walking the dog with Jo.",
        "helpers-0-name": "Jo", "helpers-0-phone": "+44 7700 900123",
        "helpers-1-name": "", "helpers-1-phone": "",
        "professionals": "Dr Patel at the surgery",
        "professional_contacts-0-name": "Surgery", "professional_contacts-0-phone": "020 7946 0000",
        "safer_surroundings": "Give the pills to my sister.",
        "reasons": "My niece. Seeing the sea again.",
        **extra,
    }


BASE_VERSION = re.compile(
    r'name="base_version"[^>]*value="(\d*)"|value="(\d*)"[^>]*name="base_version"')


def base_version_from(html: str) -> str:
    """The plan version an edit form was opened from, as the phone would send it back."""
    match = BASE_VERSION.search(html)
    assert match, "form has no base_version"
    return match.group(1) or match.group(2)


def plans(app) -> list[SafetyPlan]:
    with app.app_context():
        return db.session.scalars(select(SafetyPlan)).all()


def test_empty_plan_opens_the_form(client, user):
    response = client.get("/safety-plan")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-outbox' in html and 'name="client_id"' in html
    for label in ("Signs that a hard time is coming", "My reasons for living",
                  "Person 1: phone number", "Making my surroundings safer"):
        assert label in html


def test_save_without_javascript_redirects_and_shows_the_plan(client, auth, user, app):
    response = auth.post("/safety-plan", plan_data())
    assert response.status_code == 303 and response.headers["Location"] == "/safety-plan"
    html = client.get("/safety-plan").get_data(as_text=True)
    assert "Your safety plan is saved." in html
    assert 'href="tel:+447700900123"' in html and "Call Jo" in html
    assert 'href="tel:02079460000"' in html
    assert "My niece. Seeing the sea again." in html
    assert "data-print" in html
    (plan,) = plans(app)
    assert plan.helpers == [{"name": "Jo", "phone": "+44 7700 900123"}]


def test_save_from_the_outbox_answers_fragments_and_repeats_change_nothing(htmx_client, app):
    from tests.conftest import AuthActions

    auth = AuthActions(htmx_client)
    auth.signup()
    data = plan_data()
    first = auth.post("/safety-plan", data)
    assert first.status_code == 201
    body = first.get_data(as_text=True)
    assert "<html" not in body and 'id="safety-plan-form"' in body and "is saved" in body
    assert data["client_id"] not in body  # a fresh id for the next edit

    repeat = auth.post("/safety-plan", {**data, "reasons": "should not apply"})
    assert repeat.status_code == 200
    (plan,) = plans(app)
    assert plan.reasons == "My niece. Seeing the sea again."

    edit = auth.post("/safety-plan", plan_data(reasons="The sea.",
                                               base_version=base_version_from(body)))
    assert edit.status_code == 200
    assert edit.headers["X-Befriend-Version"] == "2"
    (plan,) = plans(app)
    assert plan.reasons == "The sea."


def test_too_long_field_is_refused_with_everything_kept(client, auth, user, app):
    long_text = "I can " + "x" * 5000
    response = auth.post("/safety-plan", plan_data(reasons=long_text))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "under 5,000 characters" in html and 'aria-invalid="true"' in html
    assert long_text in html and "Cold water on my face" in html and "+44 7700 900123" in html
    assert plans(app) == []


def test_bad_phone_and_missing_client_id_are_422(client, auth, user, app):
    bad_phone = auth.post("/safety-plan", plan_data(**{"helpers-0-phone": "call me maybe"}))
    assert bad_phone.status_code == 422 and "digits, spaces" in bad_phone.get_data(as_text=True)
    no_id = auth.post("/safety-plan", plan_data(client_id="not-a-uuid"))
    assert no_id.status_code == 422 and "lost its label" in no_id.get_data(as_text=True)
    assert plans(app) == []


def test_each_person_sees_only_their_own_plan(client, auth, user, app):
    auth.post("/safety-plan", plan_data())
    auth.logout()
    auth.signup("alex")
    html = client.get("/safety-plan").get_data(as_text=True)
    assert "My niece" not in html and "+44 7700 900123" not in html
    assert "My niece" not in client.get("/crisis").get_data(as_text=True)
    auth.post("/safety-plan", plan_data(reasons="Alex's own"))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SafetyPlan)) == 2


def test_plan_needs_an_account(client):
    assert client.get("/safety-plan").status_code == 302
    assert client.get("/safety-plan/edit").status_code == 302
