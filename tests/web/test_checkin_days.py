"""One day of the calendar at /checkins/day/YYYY-MM-DD: only the person's own check-ins, a form
that saves on that day in their time zone (midnight and DST included), and a calm 404 for a
date that is malformed, impossible, far off or still to come."""

from __future__ import annotations

import re
from datetime import UTC, date, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.clock import today
from ifs_pwa.extensions import db
from tests.conftest import AuthActions
from tests.factories import checkin_data, insert_checkin, insert_parts, person, text_value
from tests.web.test_checkin_pages import count_queries, five_years  # noqa: F401 (fixture)

CALM_404 = "We couldn&#39;t find that page"


def set_zone(auth, zone: str) -> None:
    assert auth.post("/account/settings", {"timezone": zone, "country": ""}).status_code < 400


def local_dates(app, username: str = "sam") -> list[date]:
    with app.app_context():
        owner = person(username)
        return sorted(db.session.scalars(select(CheckIn.local_date)
                                         .where(CheckIn.user_id == owner.id)))


def add_from_day_page(client, auth, day: str, **fields):
    """Open the day, then send its own form as the page drew it (with its time on that day)."""
    page = client.get(f"/checkins/day/{day}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-day="' + day + '"' in html  # checkins.js leaves this form's time alone
    data = checkin_data(occurred_at=text_value(html, "occurred_at"), **fields)
    data["client_id"] = text_value(html, "client_id")
    data["day"] = text_value(html, "day")
    response = auth.post("/checkins", data)
    assert response.status_code == 303, response.get_data(as_text=True)
    assert response.headers["Location"] == f"/checkins/day/{day}"  # back to that day
    return data["occurred_at"]


def test_a_day_lists_its_own_check_ins_and_adds_one_on_that_day(app, client, auth, user):
    auth.post("/checkins", checkin_data(mood="3", occurred_at="2025-03-01T08:15"))
    auth.post("/checkins", checkin_data(mood="8", occurred_at="2025-03-01T21:40"))
    auth.post("/checkins", checkin_data(mood="5", occurred_at="2025-03-02T09:00"))
    html = client.get("/checkins/day/2025-03-01").get_data(as_text=True)
    assert "Saturday 1 March 2025" in html
    assert "08:15: low (3 out of 10)" in html and "21:40: good (8 out of 10)" in html
    assert html.index("08:15") < html.index("21:40") and "09:00" not in html
    assert len(re.findall(r'href="/checkins/\d+"', html)) == 2
    assert 'href="/checkins/day/2025-02-28"' in html and 'href="/checkins/day/2025-03-02"' in html
    assert "Add one for this day" in html and "How were you on this day?" in html

    assert add_from_day_page(client, auth, "2025-03-01", mood="6") == "2025-03-01T12:00"
    assert local_dates(app).count(date(2025, 3, 1)) == 3


def test_another_persons_day_shows_only_your_own_and_their_records_answer_404(app, user):
    owner = app.test_client()
    owner_auth = AuthActions(owner)
    assert owner_auth.signup("robin").status_code == 302
    with app.app_context():
        robin = person("robin")
        part = insert_parts(robin, "Robin's loud critic")["Robin's loud critic"]
        insert_checkin(robin, date(2025, 3, 1), 2, parts=[part])
        db.session.commit()
        theirs = db.session.scalar(select(CheckIn.id).where(CheckIn.user_id == robin.id))
    assert "Robin&#39;s loud critic" in owner.get("/checkins/day/2025-03-01").get_data(as_text=True)

    stranger = app.test_client()
    assert AuthActions(stranger).login("sam").status_code == 302
    html = stranger.get("/checkins/day/2025-03-01").get_data(as_text=True)
    assert "No check-ins on this day" in html
    assert "loud critic" not in html and f'href="/checkins/{theirs}"' not in html
    assert stranger.get(f"/checkins/{theirs}").status_code == 404


@pytest.mark.parametrize("day", [
    "2025-02-30", "2025-13-01", "2025-00-10", "2025-3-1", "20250301", "2025-03-01x",
    "1899-12-31", "9999-12-31", "99999-01-01", "0000-01-01", "abcd-ef-gh", "%00", "2025-03-01 ",
    "２０２５-03-01", "x" * 3000,
])
def test_a_malformed_or_out_of_range_date_is_a_calm_404(client, user, day):
    response = client.get(f"/checkins/day/{day}")
    assert response.status_code in (400, 404), (day, response.status_code)
    assert "Need help now" in response.get_data(as_text=True) or response.status_code == 400


def test_days_still_to_come_do_not_open_and_are_drawn_apart(app, client, auth, user):
    set_zone(auth, "Pacific/Kiritimati")  # UTC+14: its today is often the server's tomorrow
    local_today = today("Pacific/Kiritimati")
    tomorrow = local_today + timedelta(days=1)
    assert client.get(f"/checkins/day/{local_today}").status_code == 200
    assert "Today, " in client.get(f"/checkins/day/{local_today}").get_data(as_text=True)
    response = client.get(f"/checkins/day/{tomorrow}")
    assert response.status_code == 404 and CALM_404 in response.get_data(as_text=True)

    next_year = client.get(f"/checkins/?year={local_today.year + 1}").get_data(as_text=True)
    assert "/checkins/day/" not in next_year and next_year.count('class="future"') >= 365
    this_month = client.get(f"/checkins/?month={local_today:%Y-%m}").get_data(as_text=True)
    assert f'href="/checkins/day/{local_today}"' in this_month
    assert f'href="/checkins/day/{tomorrow}"' not in this_month
    if tomorrow.month == local_today.month:
        assert f'<td class="future">{tomorrow.day}<span class="visually-hidden">: still to come' \
            in this_month


def test_the_day_boundary_is_midnight_on_the_persons_clock(app, client, auth, user):
    set_zone(auth, "Pacific/Auckland")
    # 23:59 and 00:00 local sit on either side of the boundary, though both are daytime in UTC.
    auth.post("/checkins", checkin_data(mood="4", occurred_at="2025-06-10T23:59"))
    auth.post("/checkins", checkin_data(mood="7", occurred_at="2025-06-11T00:00"))
    tenth = client.get("/checkins/day/2025-06-10").get_data(as_text=True)
    eleventh = client.get("/checkins/day/2025-06-11").get_data(as_text=True)
    assert "23:59: a bit low" in tenth and "00:00" not in tenth
    assert "00:00: steady" in eleventh and "23:59" not in eleventh
    with app.app_context():
        stored = db.session.scalars(select(CheckIn.occurred_at).order_by(CheckIn.id)).all()
    assert [m.astimezone(UTC).date() for m in stored] == [date(2025, 6, 10), date(2025, 6, 10)]


@pytest.mark.parametrize(("zone", "day"), [
    ("America/New_York", "2025-03-09"),  # clocks jump from 02:00 to 03:00
    ("America/New_York", "2025-11-02"),  # 01:00 to 02:00 happens twice
    ("America/Santiago", "2025-09-07"),  # DST starts at midnight: 00:00 never happens
    ("Europe/London", "2025-03-30"),
])
def test_adding_from_a_dst_day_saves_on_that_day(app, client, auth, user, zone, day):
    set_zone(auth, zone)
    typed = add_from_day_page(client, auth, day, mood="5")
    assert local_dates(app) == [date.fromisoformat(day)]
    with app.app_context():
        stored = db.session.scalar(select(CheckIn.occurred_at))
    local = stored.astimezone(ZoneInfo(zone))
    assert local.date() == date.fromisoformat(day) and typed == f"{day}T12:00"
    listed = client.get(f"/checkins/day/{day}").get_data(as_text=True)
    assert "12:00: mixed (5 out of 10)" in listed


def test_a_plain_save_goes_back_to_the_day_only_when_it_landed_there(app, client, auth, user):
    moved = auth.post("/checkins", checkin_data(occurred_at="2025-03-02T09:00", day="2025-03-01"))
    assert moved.status_code == 303 and moved.headers["Location"] == "/"  # the time was changed
    for odd in ("2099-01-01", "not-a-day", "/evil.example"):
        response = auth.post("/checkins", checkin_data(day=odd))
        assert response.status_code == 303 and response.headers["Location"] == "/"
    back = auth.post("/checkins", checkin_data(mood="9", occurred_at="2025-03-01T07:05",
                                               day="2025-03-01"))
    assert back.headers["Location"] == "/checkins/day/2025-03-01"
    html = client.get("/checkins/day/2025-03-01").get_data(as_text=True)
    assert "Saved on this day" in html and "07:05: bright (9 out of 10)" in html


@pytest.mark.parametrize("htmx", [False, True])
def test_a_form_sent_back_with_an_error_stays_that_days_form(auth, user, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    response = auth.post("/checkins", checkin_data(mood="", occurred_at="2025-03-01T12:00",
                                                   day="2025-03-01"), headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "from 1 to 10" in html
    assert 'data-day="2025-03-01"' in html and 'name="day" value="2025-03-01"' in html
    assert 'value="2025-03-01T12:00"' in html


def test_a_day_page_keeps_to_four_queries_with_five_years(app, client, five_years):  # noqa: F811
    with app.app_context():
        busy = db.session.scalar(select(CheckIn.local_date).order_by(CheckIn.local_date.desc()))
    status, queries = count_queries(app, client, f"/checkins/day/{busy}")
    assert status == 200 and 1 < queries <= 4, queries


def test_today_lists_todays_check_ins_and_says_look_back_once(app, client, auth, user):
    first = client.get("/").get_data(as_text=True)
    assert "You checked in today" not in first and first.count("Look back") == 1
    assert "See the practices" not in first  # no suggestions on the very first day
    auth.post("/checkins", checkin_data(mood="2"))
    saved = client.get("/").get_data(as_text=True)
    assert "Saved. Thank you" in saved and saved.count("Look back") == 1
    again = client.get("/").get_data(as_text=True)
    assert "You checked in today" in again and ": heavy (2 out of 10)" in again
    assert "Check in again: how are you now?" in again and again.count("Look back") == 1
    assert "See the practices" not in again and "two-week check-up" not in again
    with app.app_context():
        for days_ago in (1, 2):
            insert_checkin(person("sam"), today("UTC") - timedelta(days=days_ago), 6)
        db.session.commit()
    settled = client.get("/").get_data(as_text=True)
    assert "See the practices" in settled and "two-week check-up" in settled


def test_the_confirmation_swapped_in_by_htmx_carries_no_second_look_back(auth, user):
    response = auth.post("/checkins", checkin_data(mood="6"), headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 201 and "Look back" not in html
    assert "6 out of 10 (okay)" in html and "Check in again" in html
