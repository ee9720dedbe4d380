"""Reading back, editing and deleting check-ins; history, insights and their query budget."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import event, select

from ifs_pwa.auth.models import User
from ifs_pwa.checkins import views as checkin_views
from ifs_pwa.clock import today as local_today
from ifs_pwa.extensions import db
from ifs_pwa.parts.models import Part
from tests.factories import (
    MINE,
    assert_everything_typed_is_back,
    checkin_data,
    count_checkins,
    insert_part,
    only_checkin,
    typed_data,
    years_of_checkins,
)


@pytest.fixture
def saved_id(app, auth, user):
    auth.post("/checkins", checkin_data(mood="5", note="A quiet evening.",
                                        occurred_at="2025-02-03T20:00"))
    return only_checkin(app)["id"]


def test_show_reads_the_checkin_back(client, saved_id):
    html = client.get(f"/checkins/{saved_id}").get_data(as_text=True)
    assert "5 out of 10" in html and "A quiet evening." in html and "Mon 3 Feb 2025, 20:00" in html
    assert f'hx-get="/checkins/{saved_id}/delete"' in html


def test_edit_keeps_the_same_rules(app, client, auth, saved_id):
    form = client.get(f"/checkins/{saved_id}/edit").get_data(as_text=True)
    assert 'value="5" required checked' in form and "A quiet evening.</textarea>" in form
    assert 'value="2025-02-03T20:00"' in form and " data-outbox " not in form
    bad = auth.post(f"/checkins/{saved_id}/edit", {"mood": "12", "note": "changed"})
    assert bad.status_code == 422 and 'id="mood-error"' in bad.get_data(as_text=True)
    assert "changed</textarea>" in bad.get_data(as_text=True)
    good = auth.post(f"/checkins/{saved_id}/edit", {"mood": "8", "note": "Better.",
                                                    "occurred_at": "2025-02-04T08:00",
                                                    "self_qualities": ["calm"], "base_version": "1",
                                                     })
    assert good.status_code == 303 and good.headers["Location"] == f"/checkins/{saved_id}"
    saved = only_checkin(app)
    assert (saved["mood"], saved["note"], saved["self"]) == (8, "Better.", ["calm"])
    assert saved["local_date"] == date(2025, 2, 4)


@pytest.mark.parametrize("fields, field_id", [
    ({"mood": "12"}, "mood"),
    ({"energy": "0"}, "energy"),
    ({"parts": [MINE, "999999"]}, "parts"),
    ({"self_qualities": ["courage", "bravado"]}, "self"),
    ({"occurred_at": "yesterday-ish"}, "occurred_at"),
    ({"occurred_at": "2999-01-01T09:00"}, "occurred_at"),
])
def test_a_refused_edit_keeps_everything_typed(app, auth, saved_id, fields, field_id):
    data = typed_data(insert_part(app, "sam", "The Sleeper"), **fields)
    del data["client_id"]
    response = auth.post(f"/checkins/{saved_id}/edit", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and f'id="{field_id}-error"' in html
    assert_everything_typed_is_back(html, data)
    assert only_checkin(app)["mood"] == 5 and only_checkin(app)["note"] == "A quiet evening."


def test_delete_confirms_first_then_deletes(app, client, auth, saved_id):
    page = client.get(f"/checkins/{saved_id}/delete")
    assert page.status_code == 200 and "Delete this check-in?" in page.get_data(as_text=True)
    fragment = client.get(f"/checkins/{saved_id}/delete", headers={"HX-Request": "true"})
    assert "<html" not in fragment.get_data(as_text=True)
    assert f'hx-post="/checkins/{saved_id}/delete"' in fragment.get_data(as_text=True)
    assert count_checkins(app) == 1
    response = auth.post(f"/checkins/{saved_id}/delete")
    assert response.status_code == 303 and response.headers["Location"] == "/checkins/"
    assert count_checkins(app) == 0


def test_htmx_delete_ends_as_every_delete_does(app, client, auth, saved_id):
    """Asked inline, then htmx is sent to the history, where a note says it is gone."""
    response = auth.post(f"/checkins/{saved_id}/delete", headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.headers["HX-Redirect"] == "/checkins/"
    assert count_checkins(app) == 0
    assert "That check-in is deleted." in client.get("/checkins/").get_data(as_text=True)


def test_the_confirm_page_shows_what_would_be_deleted(auth, saved_id):
    html = auth.client.get(f"/checkins/{saved_id}/delete").get_data(as_text=True)
    assert "A quiet evening." in html and "Delete this check-in?" in html


def test_someone_elses_checkin_is_404_everywhere(app, client, auth, saved_id):
    auth.logout()
    auth.signup("alex")
    for path in (f"/checkins/{saved_id}", f"/checkins/{saved_id}/edit",
                 f"/checkins/{saved_id}/delete"):
        assert client.get(path).status_code == 404, path
    assert auth.post(f"/checkins/{saved_id}/edit", {"mood": "2"}).status_code == 404
    assert auth.post(f"/checkins/{saved_id}/delete").status_code == 404
    assert count_checkins(app) == 1 and only_checkin(app)["mood"] == 5


def test_deleting_a_part_leaves_the_checkin(app, auth, user):
    part_id = insert_part(app, "sam", "The Critic")
    auth.post("/checkins", checkin_data(parts=[str(part_id)]))
    with app.app_context():
        from ifs_pwa.parts.models import Part
        db.session.delete(db.session.get(Part, part_id))
        db.session.commit()
    assert only_checkin(app)["parts"] == []


def test_history_month_calendar_trend_and_list(client, auth, user):
    for day, mood, qualities in (("2025-02-03", "2", []), ("2025-02-03", "4", ["calm"]),
                                 ("2025-02-10", "9", ["calm", "courage", "clarity"])):
        auth.post("/checkins", checkin_data(mood=mood, occurred_at=f"{day}T12:00",
                                            self_qualities=qualities))
    html = client.get("/checkins/?month=2025-02").get_data(as_text=True)
    assert "February 2025" in html
    # Every day opens its own page, and says its mood in words as well as the number.
    assert ('<td class="m3"><a href="/checkins/day/2025-02-03">3<span class="visually-hidden">'
            ': low, mood 3.0</span></a></td>') in html
    assert ('<td class="m9"><a href="/checkins/day/2025-02-10">10<span class="visually-hidden">'
            ': bright, mood 9.0</span></a></td>') in html
    assert ('<td class="empty"><a href="/checkins/day/2025-02-04">4<span class="visually-hidden">'
            ': no check-in</span></a></td>') in html
    assert 'class="trend-chart"' in html and 'class="line-mood"' in html
    assert "<th scope=\"row\">Mon 3 Feb</th><td>3.0</td><td>0.5</td>" in html
    assert len(re.findall(r'href="/checkins/\d+"', html)) == 3
    assert 'href="/checkins/?month=2025-01"' in html and 'href="/checkins/?year=2025"' in html
    year = client.get("/checkins/?year=2025").get_data(as_text=True)
    assert year.count('<td class="m') >= 2 and "<th scope=\"row\">February</th>" in year
    for odd in ("month=2025-13", "month=9999-12", "year=0001", "page=-3",
                "page=99999999999999999999999", "page=x"):
        assert client.get(f"/checkins/?{odd}").status_code == 200, odd
    assert client.get("/checkins/99999999999999999999999").status_code == 404


def test_history_pages_through_entries(client, auth, user):
    for day in range(1, 26):
        auth.post("/checkins", checkin_data(occurred_at=f"2025-01-{day:02d}T09:00"))
    first = client.get("/checkins/?month=2025-01").get_data(as_text=True)
    assert len(re.findall(r'href="/checkins/\d+"', first)) == 20
    assert 'href="/checkins/?page=2&amp;month=2025-01"' in first
    second = client.get("/checkins/?month=2025-01&page=2").get_data(as_text=True)
    assert len(re.findall(r'href="/checkins/\d+"', second)) == 5 and "Newer" in second


def test_insights_on_fixed_data(app, client, auth, user, monkeypatch):
    """Twelve days through the real form, on a frozen 'today' read on the person's clock."""
    critic = insert_part(app, "sam", "The Critic")
    today = date(2025, 3, 31)
    frozen = datetime.combine(today, time(12), tzinfo=UTC)
    monkeypatch.setattr(checkin_views, "today", lambda tz: local_today(tz, now=frozen))
    for n in range(12):
        day = today - timedelta(days=n + 1)
        with_critic = n % 2 == 0
        auth.post("/checkins", checkin_data(
            mood="3" if with_critic else "7", occurred_at=f"{day}T12:00",
            parts=[str(critic)] if with_critic else [],
            self_qualities=[] if with_critic else ["curiosity"]))
    html = client.get("/checkins/insights").get_data(as_text=True)
    assert "<li>The Critic: on 6 days</li>" in html
    assert ("<p>Days when The Critic shows up average 3.0, compared with 7.0 on other days. "
            "Perhaps it turns up when things are hard, trying to help.</p>") in html
    assert ("<p>On days you notice some curiosity, your mood averages 7.0, compared with 3.0 "
            "on other days.</p>") in html
    assert ("<p>Over the last week, your mood has averaged 5.0, much like the week before.</p>"
            in html)
    assert "<p>Over the last 30 days, your mood has averaged 5.0.</p>" in html


def test_insights_follow_every_change_though_they_are_kept(app, client, auth, user):
    critic, sleeper = insert_part(app, "sam", "The Critic"), insert_part(app, "sam", "The Sleeper")
    auth.post("/checkins", checkin_data(mood="4", parts=[str(critic)]))
    checkin_id = only_checkin(app)["id"]
    assert "The Critic: on 1 day" in client.get("/checkins/insights").get_data(as_text=True)
    # Only the parts change: the row's other columns stay as they were.
    edit = {"mood": "4", "occurred_at": only_checkin(app)["occurred_at"], "parts": [str(sleeper)],
            "base_version": "1"}
    with app.app_context():
        from ifs_pwa.checkins.timezones import local_input_value
        edit["occurred_at"] = local_input_value(edit["occurred_at"], "UTC")
    assert auth.post(f"/checkins/{checkin_id}/edit", edit).status_code == 303
    html = client.get("/checkins/insights").get_data(as_text=True)
    assert "The Sleeper: on 1 day" in html and "The Critic" not in html
    with app.app_context():
        db.session.get(Part, sleeper).name = "The Dozer"
        db.session.commit()
    assert "The Dozer: on 1 day" in client.get("/checkins/insights").get_data(as_text=True)
    assert auth.post(f"/checkins/{checkin_id}/delete", {}).status_code == 303
    html = client.get("/checkins/insights").get_data(as_text=True)
    assert "The Dozer" not in html and "Once you have a few check-ins" in html


def test_insights_with_nothing_yet_is_welcoming(client, user):
    html = client.get("/checkins/insights").get_data(as_text=True)
    assert "Once you have a few check-ins" in html


@pytest.fixture
def five_years(app, user):
    with app.app_context():
        person = db.session.scalar(select(User).where(User.username_key == "sam"))
        count = years_of_checkins(db.session, person, years=5, parts=12)
        db.session.commit()
    assert count >= 1825
    return count


def statements_during(app, action) -> tuple:
    """(what `action()` returned, the SQL statements it ran)."""
    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        return action(), statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def count_queries(app, client, path: str) -> tuple[int, int]:
    """Queries for a real rendering: the stored-page cache is emptied first."""
    app.extensions["befriend_pages"].clear()
    response, statements = statements_during(app, lambda: client.get(path))
    return response.status_code, len(statements)


@pytest.mark.parametrize("path", ["/", "/checkins/", "/checkins/?year=2024",
                                  "/checkins/insights"])
def test_pages_stay_within_four_queries_with_five_years(app, client, five_years, path):
    status, queries = count_queries(app, client, path)
    assert status == 200
    assert 1 < queries <= 4, f"{path} ran {queries} queries"


def test_confirmation_on_today_within_four_queries(app, client, auth, five_years):
    auth.post("/checkins", checkin_data(parts=[]))
    status, queries = count_queries(app, client, "/")
    assert status == 200 and 1 < queries <= 4


def test_a_mood_only_save_is_a_user_load_a_version_bump_and_one_insert(app, client, auth,
                                                                      five_years):
    """The busiest write: no look-up before the insert, no savepoint, no parts read."""
    data = {"csrf_token": auth.token("/more"), **checkin_data(mood="6")}
    response, ran = statements_during(app, lambda: client.post(
        "/checkins", data=data, headers={"HX-Request": "true"}))
    statements = [statement.split(None, 1)[0].upper() for statement in ran]
    assert response.status_code == 201
    assert statements == ["SELECT", "UPDATE", "INSERT"]


def test_part_pages_stay_within_four_queries_with_five_years(app, client, five_years):
    with app.app_context():
        part_id = db.session.scalar(select(Part.id).order_by(Part.id))
    for path in ["/parts/", f"/parts/{part_id}", f"/checkins/with-part/{part_id}", "/parts/map"]:
        status, queries = count_queries(app, client, path)
        assert status == 200 and 1 < queries <= 4, f"{path} ran {queries} queries"


def test_a_parts_checkin_timeline(app, client, auth, user):
    part_id = insert_part(app, "sam", "The Sleeper")
    auth.post("/checkins", checkin_data(mood="3", parts=[str(part_id)]))
    auth.post("/checkins", checkin_data(mood="8"))
    page = client.get(f"/parts/{part_id}").get_data(as_text=True)
    assert f'hx-get="/checkins/with-part/{part_id}"' in page

    timeline = client.get(f"/checkins/with-part/{part_id}")
    html = timeline.get_data(as_text=True)
    assert timeline.status_code == 200 and "<h1>Check-ins with The Sleeper</h1>" in html
    assert "mood 3 out of 10" in html and "mood 8 out of 10" not in html

    fragment = client.get(f"/checkins/with-part/{part_id}", headers={"HX-Request": "true"})
    html = fragment.get_data(as_text=True)
    assert "<h1>" not in html and "<html" not in html
    assert 'id="part-checkins"' in html and "mood 3 out of 10" in html


def test_someone_elses_part_timeline_is_404(app, client, auth, user):
    other = insert_part(app, "sam", "Mine")
    auth.logout()
    auth.signup("robin")
    assert client.get(f"/checkins/with-part/{other}").status_code == 404
