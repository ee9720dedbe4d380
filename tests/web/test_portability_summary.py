"""The printable summary: only the sections picked, only within the dates, in bounded queries."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.extensions import db
from tests.factories import person, seed_everything
from tests.web.test_checkin_pages import count_queries

MARCH = "start=2025-03-01&end=2025-03-31"


@pytest.fixture
def seeded(app, user):
    seed_everything(app)


def get(client, query: str):
    response = client.get(f"/account/summary?{query}")
    return response, response.get_data(as_text=True)


def test_the_form_offers_dates_sections_and_the_practices_done(client, seeded):
    response, html = get(client, "")
    assert response.status_code == 200
    assert 'type="date"' in html
    assert 'checked id="include-0" name="include" type="checkbox" value="trend"' in html
    assert "Befriend your depressed part" in html
    assert 'checked id="practices-0" name="practices" type="checkbox" ' \
        'value="befriend-depressed-part"' in html


def test_only_the_sections_picked_are_shown(client, seeded):
    response, html = get(client, f"{MARCH}&include=trend&include=measures")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "Mood and Self-energy" in html and 'class="trend-chart"' in html
    assert "4 check-ins on 4 days. Average mood 4.5 out of 10" in html
    assert "Questionnaires" in html and "8 of 27" in html and 'id="summary-phq9-title"' in html
    assert "summary-parts" not in html and "parts-map" not in html
    assert "From practices" not in html and "Heavy, in my chest" not in html


def test_parts_map_and_practice_answers_when_picked(client, seeded):
    _, html = get(client, f"{MARCH}&include=parts&include=practices"
                          "&practices=befriend-depressed-part")
    assert 'class="parts-map"' in html and "The Sleeper" in html and "Little one" in html
    assert "Protects Little one" in html
    assert "Critic" not in html  # archived parts stay off the map
    assert "Where do you notice it, and what is it like?" in html
    assert "Heavy, in my chest" in html and "That I will fail again" in html
    assert "Mood and Self-energy" not in html and "Questionnaires" not in html


def test_practice_answers_only_for_the_practices_chosen(client, seeded):
    _, html = get(client, f"{MARCH}&include=practices")
    assert "Heavy, in my chest" not in html
    assert "No answers from the chosen practices in this period." in html


def test_the_date_range_limits_every_section(client, seeded):
    # Only 4 March (Auckland) holds a check-in (mood 5); the questionnaire was on 2 March.
    _, html = get(client, "start=2025-03-04&end=2025-03-04&include=trend&include=measures"
                          "&include=practices&practices=befriend-depressed-part")
    assert "1 check-in on 1 day. Average mood 5.0 out of 10" in html
    assert "No questionnaires taken in this period." in html and "8 of 27" not in html
    assert "Heavy, in my chest" not in html
    _, html = get(client, "start=2026-01-01&end=2026-02-01&include=trend")
    assert "No check-ins in this period." in html


@pytest.mark.parametrize(("query", "message"), [
    ("start=2025-03-31&end=2025-03-01&include=trend", "The last day comes before the first"),
    (f"{MARCH}", "Please choose at least one thing to include."),
    (f"{MARCH}&include=nothing-real", "Please choose at least one thing to include."),
    ("start=soon&end=2025-03-01&include=trend", "Not a valid date value."),
    ("start=1900-01-01&end=2025-03-01&include=trend", "Please choose at most ten years."),
    ("start=9999-12-31&end=9999-12-31&include=trend", "between the years 1900 and 9000"),
])
def test_bad_choices_reshow_the_form(client, seeded, query, message):
    response, html = get(client, query)
    assert response.status_code == 422
    assert message in html and "<h1>A summary to print</h1>" in html


def test_someone_elses_summary_shows_nothing_of_sams(app, client, auth, seeded):
    auth.logout()
    auth.signup("robin")
    _, html = get(client, f"{MARCH}&include=trend&include=parts&include=measures"
                          "&include=practices&practices=befriend-depressed-part")
    assert "The Sleeper" not in html and "Heavy, in my chest" not in html
    assert "No check-ins in this period." in html and "No parts noted yet." in html


def test_a_long_range_is_drawn_by_month(app, client, seeded):
    with app.app_context():
        db.session.add(CheckIn(user_id=person("sam").id, client_id=uuid.uuid4(), mood=2,
                               feelings=[], occurred_at=datetime(2025, 1, 9, tzinfo=UTC),
                               local_date=date(2025, 1, 9)))
        db.session.commit()
    _, html = get(client, "start=2024-06-01&end=2025-05-31&include=trend")
    assert "month by month" in html and 'class="line-mood"' in html
    assert '<th scope="row">Jan 2025</th><td>2.0</td>' in html
    assert '<th scope="row">Mar 2025</th><td>4.5</td>' in html


def test_summary_queries_do_not_grow_with_history(app, client, seeded):
    query = ("/account/summary?start=2024-01-01&end=2025-12-31&include=trend&include=parts"
             "&include=practices&include=measures&practices=befriend-depressed-part")
    status, few = count_queries(app, client, query)
    assert status == 200
    with app.app_context():
        owner = person("sam")
        start = datetime(2024, 1, 1, 9, tzinfo=UTC)
        db.session.add_all([CheckIn(user_id=owner.id, client_id=uuid.uuid4(), mood=1 + n % 10,
                                    feelings=[], occurred_at=start + timedelta(days=n),
                                    local_date=date(2024, 1, 1) + timedelta(days=n))
                            for n in range(300)])
        db.session.commit()
    status, many = count_queries(app, client, query)
    assert status == 200 and many == few and many <= 8
