"""The phone's time is kept: a questionnaire, a safety-plan edit and a practice made offline
count for the moment (and the day, on the person's clock) they were made, not the moment they
reached the server. Doubtful stamps (far ahead, unreadable) give way to the server's time and
never refuse the save, because nobody can see or correct a hidden stamp.

Every moment here is worked out from now, on the person's zone with its real DST rules, so the
tests mean the same on any day they run.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from ifs_pwa.clock import as_utc
from ifs_pwa.extensions import db
from ifs_pwa.measures.models import MeasureResult
from ifs_pwa.practices.models import PracticeSession
from ifs_pwa.safety.models import SafetyPlan
from tests.factories import add_part

ZONE_NAME = "America/New_York"
ZONE = ZoneInfo(ZONE_NAME)
FRAGMENT = {"HX-Request": "true"}


def at(day: date, hour: int, minute: int, second: int = 0) -> datetime:
    """A wall-clock moment in New York, in UTC (ZoneInfo applies that day's offset)."""
    return datetime.combine(day, time(hour, minute, second), ZONE).astimezone(UTC)


def day_before_the_clocks_last_changed() -> date:
    """The local day before New York's most recent DST change: its offset is not today's, so a
    day worked out with today's offset (or UTC) would be wrong for a moment near its midnight."""
    moment = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    offset = moment.astimezone(ZONE).utcoffset()
    while moment.astimezone(ZONE).utcoffset() == offset:
        moment -= timedelta(hours=1)
    return moment.astimezone(ZONE).date() - timedelta(days=1)


TODAY = datetime.now(ZONE).date()
BEFORE_DST = day_before_the_clocks_last_changed()
# (what it is, the moment, the day it counts for on the person's clock)
MOMENTS = [
    ("23:50 two evenings ago", at(TODAY - timedelta(days=2), 23, 50), TODAY - timedelta(days=2)),
    ("a breath before midnight", at(TODAY - timedelta(days=3), 23, 59, 59),
     TODAY - timedelta(days=3)),
    ("a breath after midnight", at(TODAY - timedelta(days=2), 0, 0, 1),
     TODAY - timedelta(days=2)),
    ("00:30 the day before the clocks changed", at(BEFORE_DST, 0, 30), BEFORE_DST),
    ("23:30 the day before the clocks changed", at(BEFORE_DST, 23, 30), BEFORE_DST),
]
IDS = [m[0] for m in MOMENTS]
DOUBTFUL = {
    "far ahead": (datetime.now(UTC) + timedelta(hours=3)).isoformat(),
    "next year": (datetime.now(UTC) + timedelta(days=365)).isoformat(),
    "unreadable": "tuesday-ish",
    "a lost clock": "1970-01-01T00:00:00.000Z",
}


def stamp(moment: datetime) -> str:
    """As outbox-ui.js sends it: `new Date().toISOString()`."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


@pytest.fixture
def person(auth):
    assert auth.signup(timezone=ZONE_NAME).status_code == 302
    return auth


def one(app, model):
    with app.app_context():
        row = db.session.scalars(select(model)).one()
        db.session.expunge(row)
        return row


def who5(made_at: str | None, client_id: str | None = None) -> dict:
    data = {"client_id": client_id or str(uuid.uuid4()), **{f"q{n}": "3" for n in range(1, 6)}}
    return data if made_at is None else {**data, "made_at": made_at}


# Questionnaires ---------------------------------------------------------------------------

def test_the_questionnaire_form_carries_an_empty_stamp_for_the_phone_to_fill(client, person):
    html = client.get("/measures/who5").get_data(as_text=True)
    form = html[html.index('id="measure-form"'):]
    assert '<input type="hidden" name="made_at" value="">' in form


@pytest.mark.parametrize(("what", "moment", "day"), MOMENTS, ids=IDS)
def test_a_questionnaire_counts_for_the_moment_and_day_it_was_taken(app, client, person, what,
                                                                   moment, day):
    response = person.post("/measures/who5", who5(stamp(moment)))
    assert response.status_code == 303, what
    row = one(app, MeasureResult)
    assert as_utc(row.taken_at) == moment
    assert row.local_date == day
    assert day.strftime("%d %B %Y") in client.get(response.location).get_data(as_text=True)
    history = client.get("/measures/who5").get_data(as_text=True)
    assert day.strftime("%d %b %Y") in history


@pytest.mark.parametrize("raw", DOUBTFUL.values(), ids=DOUBTFUL.keys())
def test_a_doubtful_stamp_still_saves_the_answers_at_the_servers_time(app, person, raw):
    before = datetime.now(UTC)
    response = person.post("/measures/who5", who5(raw), headers=FRAGMENT)
    assert response.status_code == 201, response.get_data(as_text=True)
    row = one(app, MeasureResult)
    assert row.answers["items"] == [3] * 5 and row.score == 15
    assert before <= as_utc(row.taken_at) <= datetime.now(UTC)
    assert row.local_date == as_utc(row.taken_at).astimezone(ZONE).date()


def test_no_stamp_at_all_is_a_form_sent_without_javascript_and_saved_now(app, person):
    before = datetime.now(UTC)
    assert person.post("/measures/who5", who5(None)).status_code == 303
    assert before <= as_utc(one(app, MeasureResult).taken_at) <= datetime.now(UTC)


def test_a_replay_with_a_later_stamp_keeps_the_first_time_and_makes_no_second_row(app, person):
    evening, day = MOMENTS[0][1], MOMENTS[0][2]
    client_id = str(uuid.uuid4())
    assert person.post("/measures/who5", who5(stamp(evening), client_id),
                       headers=FRAGMENT).status_code == 201
    later = stamp(evening + timedelta(hours=9))
    assert person.post("/measures/who5", who5(later, client_id),
                       headers=FRAGMENT).status_code == 200
    row = one(app, MeasureResult)
    assert (as_utc(row.taken_at), row.local_date) == (evening, day)


def test_a_questionnaire_with_a_question_missing_comes_back_with_a_fresh_empty_stamp(person):
    data = who5(stamp(MOMENTS[0][1]))
    del data["q3"]
    response = person.post("/measures/who5", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<input type="hidden" name="made_at" value="">' in html


# The safety plan --------------------------------------------------------------------------

def plan(made_at: str | None, client_id: str | None = None) -> dict:
    data = {"client_id": client_id or str(uuid.uuid4()), "reasons": "The sea, and my niece."}
    return data if made_at is None else {**data, "made_at": made_at}


def test_the_plan_form_carries_an_empty_stamp_for_the_phone_to_fill(client, person):
    html = client.get("/safety-plan/edit").get_data(as_text=True)
    assert '<input type="hidden" name="made_at" value="">' in html


@pytest.mark.parametrize(("what", "moment", "day"), MOMENTS, ids=IDS)
def test_the_plan_is_updated_when_it_was_edited_on_the_phone(app, client, person, what, moment,
                                                            day):
    assert person.post("/safety-plan", plan(stamp(moment))).status_code == 303, what
    assert as_utc(one(app, SafetyPlan).updated_at) == moment
    page = client.get("/safety-plan").get_data(as_text=True)
    local = moment.astimezone(ZONE)
    assert f"Updated {local.strftime('%a %-d %b %Y, %H:%M')}" in page
    assert local.date() == day


@pytest.mark.parametrize("raw", DOUBTFUL.values(), ids=DOUBTFUL.keys())
def test_a_doubtful_stamp_on_the_plan_still_saves_it_at_the_servers_time(app, person, raw):
    before = datetime.now(UTC)
    assert person.post("/safety-plan", plan(raw), headers=FRAGMENT).status_code == 201
    saved = one(app, SafetyPlan)
    assert saved.reasons == "The sea, and my niece."
    assert before <= as_utc(saved.updated_at) <= datetime.now(UTC)


def test_a_replayed_plan_edit_changes_neither_the_plan_nor_its_time(app, person):
    evening = MOMENTS[0][1]
    client_id = str(uuid.uuid4())
    assert person.post("/safety-plan", plan(stamp(evening), client_id)).status_code == 303
    later = stamp(evening + timedelta(hours=9))
    assert person.post("/safety-plan", plan(later, client_id)).status_code == 303
    assert as_utc(one(app, SafetyPlan).updated_at) == evening


def test_a_second_edit_moves_the_time_to_its_own_stamp(app, person):
    first, second = MOMENTS[2][1], MOMENTS[0][1]
    assert person.post("/safety-plan", plan(stamp(first))).status_code == 303
    edit = {**plan(stamp(second)), "base_version": "1"}  # opened from the first save
    assert person.post("/safety-plan", edit).status_code == 303
    assert as_utc(one(app, SafetyPlan).updated_at) == second


# Practices (practice.js stamps when one began and ended) ----------------------------------

SLUG = "befriend-depressed-part"


def practice(part_id: int, started: str, finished: str) -> dict:
    return {"client_id": str(uuid.uuid4()), "part_id": str(part_id), "finished": ["0", "1"],
            "answer-system_ok": "yes", "answer-feel_toward": "annoyed",
            "answer-unblend": "stepped_back",
            "started_at": started, "finished_at": finished}


@pytest.mark.parametrize(("what", "moment", "day"), MOMENTS, ids=IDS)
def test_a_practice_keeps_when_it_began_and_ended_on_the_phone(app, client, person, what, moment,
                                                              day):
    part_id = add_part(person, "The critic")
    ended = moment + timedelta(minutes=12)
    response = person.post(f"/practices/{SLUG}", practice(part_id, stamp(moment), stamp(ended)))
    assert response.status_code == 303, what
    row = one(app, PracticeSession)
    assert (as_utc(row.started_at), as_utc(row.finished_at)) == (moment, ended)
    local = moment.astimezone(ZONE)
    assert local.date() == day
    page = client.get(response.location).get_data(as_text=True)
    assert local.strftime("%a %-d %b %Y, %H:%M") in page


def test_a_practice_that_waited_weeks_on_the_phone_keeps_its_time(app, person):
    part_id = add_part(person, "The critic")
    weeks_ago = datetime.now(UTC).replace(microsecond=0) - timedelta(days=45)
    assert person.post(f"/practices/{SLUG}", practice(
        part_id, stamp(weeks_ago), stamp(weeks_ago + timedelta(minutes=5)))).status_code == 303
    assert as_utc(one(app, PracticeSession).started_at) == weeks_ago


@pytest.mark.parametrize("raw", DOUBTFUL.values(), ids=DOUBTFUL.keys())
def test_a_doubtful_practice_stamp_still_saves_it_at_the_servers_time(app, person, raw):
    part_id = add_part(person, "The critic")
    before = datetime.now(UTC)
    response = person.post(f"/practices/{SLUG}", practice(part_id, raw, raw), headers=FRAGMENT)
    assert response.status_code == 201, response.get_data(as_text=True)
    row = one(app, PracticeSession)
    assert row.answers["unblend"] == "stepped_back"
    for moment in (row.started_at, row.finished_at):
        assert before <= as_utc(moment) <= datetime.now(UTC)
