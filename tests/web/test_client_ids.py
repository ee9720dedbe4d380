"""Every form that creates a record checks its client_id one way and says one thing.

A damaged id (an old cached page, a hand-made request) answers 422 with CLIENT_ID_PROBLEM,
everything typed back in the form and a fresh id in it, so saving again works; nothing is
saved. The questionnaire used to answer this with a silent 422.
"""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import func, select

from ifs_pwa.breathing.models import BreathingSession
from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.extensions import db
from ifs_pwa.measures.models import MeasureResult
from ifs_pwa.parts.models import Part
from ifs_pwa.practices.models import PracticeSession
from ifs_pwa.records import CLIENT_ID_PROBLEM
from ifs_pwa.safety.models import SafetyPlan
from tests.web.test_breathing import session_data
from tests.web.test_measures import answers as measure_answers
from tests.web.test_practices import SLUG
from tests.web.test_practices import answers as practice_answers
from tests.web.test_safety_plan import plan_data

# kind → (path, model, form data with the id to be replaced, what must come back typed)
FORMS = {
    "check-in": ("/checkins", CheckIn,
                 {"mood": "4", "note": "Rain on the window all day"}, "Rain on the window"),
    "part": ("/parts/", Part, {"name": "The Night Watch", "role": "unknown", "status": "noticed",
                               "colour": "sage"}, "The Night Watch"),
    "practice": (f"/practices/{SLUG}", PracticeSession,
                 {**practice_answers(""), "answer-needs": "Gentleness and tea"},
                 "Gentleness and tea"),
    "breathing": ("/breathe/sessions", BreathingSession, session_data(spec="3,1,5,1"),
                  "3,1,5,1"),
    "questionnaire": ("/measures/gad7", MeasureResult, measure_answers([1, 2, 0, 3, 1, 2, 1]),
                      'name="q4" value="3" checked'),
    "safety plan": ("/safety-plan", SafetyPlan, plan_data(), "The critic gets loud."),
}
HX = {"HX-Request": "true"}


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def client_id_in(html: str) -> str:
    return re.search(r'name="client_id" value="([^"]*)"', html)[1]


# A part named without any id is simply given one (see the last test); a damaged one is not.
CASES = [(kind, raw) for kind in FORMS for raw in ("not-a-uuid", "1234", "", None)
         if kind != "part" or raw]


@pytest.mark.parametrize(("kind", "raw"), CASES)
def test_a_damaged_client_id_is_422_with_one_message_and_everything_kept(app, auth, user, kind,
                                                                          raw):
    path, model, data, typed = FORMS[kind]
    data = {key: value for key, value in data.items() if key != "client_id"}
    if raw is not None:
        data["client_id"] = raw
    for headers in ({}, HX):
        response = auth.post(path, data, headers=headers)
        html = response.get_data(as_text=True)
        assert response.status_code == 422, (kind, headers)
        assert html.count(CLIENT_ID_PROBLEM) == 1, (kind, headers)
        assert typed in html, (kind, headers)
        fresh = client_id_in(html)
        assert fresh != raw and uuid.UUID(fresh), (kind, headers)
    assert count(app, model) == 0

    data["client_id"] = fresh
    again = auth.post(path, data)
    assert again.status_code in (200, 201, 303), (kind, again.get_data(as_text=True)[:2000])
    assert count(app, model) == 1


def test_a_part_named_without_an_id_gets_one(app, auth, user):
    path, model, data, _ = FORMS["part"]
    assert auth.post(path, data).status_code == 303
    assert count(app, model) == 1
