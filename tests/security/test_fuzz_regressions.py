"""Inputs the fuzzer (or a probe beside it) turned into 500s once; each must stay a calm answer."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ifs_pwa.breathing.models import BreathingSession
from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.extensions import db
from tests.conftest import csrf_token_from

from .registry import ROUTES, Person, seed, snapshot


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("record_id", [2**31, 2**63, 2**70])
def test_ids_no_database_integer_holds_answer_404(app, record_id):
    """PostgreSQL said "integer out of range" above 2**31, SQLite overflowed above 2**63."""
    person = Person(app, "owner")
    ids = seed(person)
    for path in (f"/parts/{record_id}/edit", f"/practices/sessions/{record_id}",
                 f"/measures/phq9/results/{record_id}", f"/checkins/with-part/{record_id}",
                 f"/checkins/{record_id}"):
        assert person.client.get(path).status_code == 404, path
    for path in (f"/parts/{record_id}/edit", f"/parts/{record_id}/archive",
                 f"/parts/{ids['part']}/relations/{record_id}/delete",
                 f"/practices/sessions/{record_id}/update-part"):
        assert person.post(path, {"name": "x"}).status_code == 404, path


def test_a_check_in_dated_near_year_one_is_refused(app):
    """In a zone ahead of UTC, 0001-01-01 00:00 local is before year 1 in UTC: OverflowError."""
    person = Person(app, "owner", timezone="Asia/Tokyo")
    ids = seed(person)
    before = count(app, CheckIn)
    for endpoint in ("checkins.create", "checkins.edit"):
        response = person.submit(endpoint, ids, occurred_at="0001-01-01T00:00")
        assert response.status_code == 422
        assert "from 1900 onwards" in response.get_data(as_text=True)
    assert count(app, CheckIn) == before
    assert person.submit("checkins.create", ids, occurred_at="1999-12-31T23:30").status_code == 303


@pytest.mark.parametrize("finished_at", ["0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00",
                                         "1970-01-01T00:00:00+00:00"])
def test_a_breathing_session_from_long_ago_is_refused(app, finished_at):
    person = Person(app, "owner", timezone="Asia/Tokyo")
    ids = seed(person)
    before = count(app, BreathingSession)
    response = person.submit("breathing.record", ids, finished_at=finished_at)
    assert response.status_code == 422
    assert "That time isn" in response.get_data(as_text=True)
    assert count(app, BreathingSession) == before


def test_superscript_digits_are_not_numbers(app):
    """"²".isdigit() is true but int("²") raises: measures and practices answered 500."""
    person = Person(app, "owner")
    ids = seed(person)
    assert person.submit("measures.save", ids, q9="²").status_code == 422
    for field in ("self_energy_before", "self_energy_after", "part_id"):
        response = person.submit("practices.save", ids, **{field: "²"})
        assert response.status_code == 422, field
    # Other scripts' decimal digits are numbers int() reads; they are simply accepted.
    assert person.submit("measures.save", ids, q1="٣").status_code == 303


def test_nul_characters_are_refused_before_any_view(app):
    """PostgreSQL text cannot hold NUL: notes, names, plans and logins answered 500 there."""
    person = Person(app, "owner")
    ids = seed(person)
    before = snapshot(app)
    for name, route in ROUTES.items():
        if route.anonymous:
            continue
        for field_name in [*route.text, *route.strict][:3]:
            response = person.submit(name, ids, **{field_name: "a\x00b"})
            assert response.status_code == 400, (name, field_name, response.status_code)
            assert "We couldn&#39;t read what was sent" in response.get_data(as_text=True)
    assert snapshot(app) == before
    anonymous = app.test_client()
    token = csrf_token_from(anonymous.get("/login").get_data(as_text=True))
    response = anonymous.post("/login", data={"username": "\x00", "password": "x" * 10,
                                              "csrf_token": token})
    assert response.status_code == 400
    response = anonymous.post("/signup", data={"username": "new\x00one", "password": "x" * 10,
                                               "confirm": "x" * 10, "csrf_token": token})
    assert response.status_code == 400
    assert anonymous.get("/login?next=%00").status_code == 400
    # Without a CSRF token the answer is still the CSRF one, whatever else is wrong.
    response = anonymous.post("/login", data={"username": "\x00"})
    assert "This form had expired" in response.get_data(as_text=True)
