"""Insights maths on fixed data through the database: period boundaries on the person's own
local day, the parts most present, the five-days-each rule and the C's of better days.

Every average is per local day (a day's check-ins are averaged first), as the calendar shows it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from ifs_pwa.auth.models import User
from ifs_pwa.checkins import insights, queries
from ifs_pwa.checkins import views as checkin_views
from ifs_pwa.checkins.insights import Period
from ifs_pwa.clock import today as local_today
from ifs_pwa.extensions import db
from tests.factories import insert_checkin, insert_parts, person

TODAY = date(2025, 3, 31)


# (days before today, moods that day): each side of every boundary of the two comparisons.
BOUNDARIES = [
    (-1, [1]),       # tomorrow: in no period
    (0, [10, 4]),    # today: one day averaging 7 (per check-in the week would be 6.3)
    (6, [5]),        # the last of the 7 days
    (7, [2]),        # the first of the 7 before
    (13, [4]),       # the last of the 7 before
    (14, [9]),       # in the last 30 days, in neither week
    (29, [9]),       # the last of the 30 days
    (30, [3]),       # the first of the 30 before
    (59, [5]),       # the last of the 30 before
    (60, [1]),       # in no period
]
WEEK = ("Over the last week, your mood has averaged 6.0, a little lighter than the week "
        "before (3.0).")
MONTH = ("Over the last 30 days, your mood has averaged 6.0, a little lighter than the 30 days "
         "before (4.0).")


def seed_boundaries(owner: User, today: date) -> None:
    for back, moods in BOUNDARIES:
        for hour, mood in enumerate(moods, start=9):
            insert_checkin(owner, today - timedelta(days=back), mood, hour=hour)


def test_periods_take_each_day_once_and_stop_exactly_at_their_edges(app, user):
    with app.app_context():
        owner = person()
        seed_boundaries(owner, TODAY)
        db.session.commit()
        periods, _ = queries.summary(db.session, owner.id, TODAY)
    assert periods == [Period(6.0, 2), Period(3.0, 2), Period(6.0, 6), Period(4.0, 2)]
    assert insights.mood_change(7, periods[0], periods[1]) == WEEK
    assert insights.mood_change(30, periods[2], periods[3]) == MONTH


def test_the_page_counts_days_on_the_persons_own_clock(app, client, auth, user, monkeypatch):
    """At 11:00 UTC on 31 March it is already 1 April in Kiritimati (UTC+14): the periods end
    on the person's 1 April, so a server-day count would put every boundary one day off."""
    zone = "Pacific/Kiritimati"
    auth.post("/account/settings", {"timezone": zone, "country": ""})
    frozen = datetime(2025, 3, 31, 11, 0, tzinfo=UTC)
    asked = []
    monkeypatch.setattr(checkin_views, "today",
                        lambda tz: asked.append(tz) or local_today(tz, now=frozen))
    with app.app_context():
        owner = person()
        seed_boundaries(owner, date(2025, 4, 1))
        db.session.commit()
    html = client.get("/checkins/insights").get_data(as_text=True)
    assert asked == [zone]
    assert f"<p>{WEEK}</p>" in html and f"<p>{MONTH}</p>" in html


def test_a_heavier_stretch_is_described_gently(app, user):
    with app.app_context():
        owner = person()
        for back, mood in ((0, 3), (1, 4), (7, 6), (8, 7), (20, 8)):
            insert_checkin(owner, TODAY - timedelta(days=back), mood)
        db.session.commit()
        periods, _ = queries.summary(db.session, owner.id, TODAY)
    assert periods[:2] == [Period(3.5, 2), Period(6.5, 2)]
    assert insights.mood_change(7, *periods[:2]) == (
        "Over the last week, your mood has averaged 3.5, heavier than the week before (6.5). "
        "Harder stretches come and go; be gentle with yourself.")
    assert insights.mood_change(30, periods[2], periods[3]) == (
        "Over the last 30 days, your mood has averaged 5.6.")


def test_parts_most_present_are_counted_in_days_then_by_name(app, user):
    with app.app_context():
        owner = person()
        parts = insert_parts(owner, "The Sleeper", "the critic", "Little One", "The Wall")
        present = {"The Sleeper": 6, "the critic": 6, "Little One": 3, "The Wall": 2}
        for back in range(8):
            day = TODAY - timedelta(days=back)
            here = [parts[name] for name, days in present.items() if back < days]
            insert_checkin(owner, day, 5, parts=here, hour=9)
            insert_checkin(owner, day, 5, parts=here, hour=18)  # twice a day still counts one day
        db.session.commit()
        found, total_days, _ = queries.part_days(db.session, owner.id)
    assert total_days == 8
    top = insights.frequent_parts(found)
    assert [(p.name, p.days) for p in top] == [
        ("the critic", 6), ("The Sleeper", 6), ("Little One", 3)]


def test_a_part_is_compared_only_with_five_days_each_side(app, user):
    """Ten days: five with the Critic (mood 3, or a day averaging 3), five without (mood 7)."""
    with app.app_context():
        owner = person()
        parts = insert_parts(owner, "The Critic", "The Sleeper", "The Planner")
        for back in range(10):
            day = TODAY - timedelta(days=back)
            here = [parts["The Critic"]] if back < 5 else []
            here += [parts["The Sleeper"]] if back < 4 else []
            here += [parts["The Planner"]] if back < 6 else []
            if back == 0:  # two check-ins, one day averaging 3
                insert_checkin(owner, day, 1, parts=here, hour=8)
                insert_checkin(owner, day, 5, hour=20)
            else:
                insert_checkin(owner, day, 3 if back < 5 else 7, parts=here)
        db.session.commit()
        found, total_days, total_mood = queries.part_days(db.session, owner.id)
    assert (total_days, total_mood) == (10, 50.0)
    moods = {p.name: insights.part_mood(p, total_days, total_mood) for p in found}
    assert moods["The Sleeper"] is None  # 4 days with it
    assert moods["The Planner"] is None  # 4 days without it
    critic = moods["The Critic"]
    assert (critic.with_days, critic.with_average) == (5, 3.0)
    assert (critic.without_days, critic.without_average) == (5, 7.0)
    assert insights.describe_part_mood(critic) == (
        "Days when The Critic shows up average 3.0, compared with 7.0 on other days. "
        "Perhaps it turns up when things are hard, trying to help.")


def seed_qualities(owner: User) -> None:
    """14 days. Calm: noticed on 5 days, in one of each day's two check-ins (8 and 6: days of
    7). Courage: in both check-ins (mood 9) of only 4 days. Clarity: 5 days of mood 3."""
    for back in range(14):
        day = TODAY - timedelta(days=back)
        if back < 5:
            insert_checkin(owner, day, 8, ["calm"], hour=9)
            insert_checkin(owner, day, 6, hour=19)
        elif back < 9:
            insert_checkin(owner, day, 9, ["courage"], hour=9)
            insert_checkin(owner, day, 9, ["courage"], hour=19)
        else:
            insert_checkin(owner, day, 3, ["clarity"])


def test_the_cs_are_compared_day_by_day(app, user):
    with app.app_context():
        owner = person()
        seed_qualities(owner)
        db.session.commit()
        _, qualities = queries.summary(db.session, owner.id, TODAY)
    stats = {q.quality: q for q in qualities}
    calm = stats["calm"]
    assert (calm.with_days, calm.with_average, calm.without_days) == (5, 7.0, 9)
    assert calm.without_average == pytest.approx(51 / 9)
    assert (stats["courage"].with_days, stats["courage"].with_average) == (4, 9.0)
    assert (stats["clarity"].with_days, stats["clarity"].with_average) == (5, 3.0)
    assert (stats["curiosity"].with_days, stats["curiosity"].without_days) == (0, 14)
    # Courage has only 4 days, clarity's days are heavier: only calm is pointed out.
    better = insights.better_day_qualities(qualities)
    assert [q.quality for q in better] == ["calm"]
    assert insights.describe_quality(better[0]) == (
        "On days you notice some calm, your mood averages 7.0, compared with 5.7 on other days.")


def test_the_insights_page_says_all_of_it_in_kind_words(app, client, user, monkeypatch):
    frozen = datetime.combine(TODAY, time(12), tzinfo=UTC)
    monkeypatch.setattr(checkin_views, "today", lambda tz: local_today(tz, now=frozen))
    with app.app_context():
        owner = person()
        seed_qualities(owner)
        db.session.commit()
    html = client.get("/checkins/insights").get_data(as_text=True)
    # The last 7 days: 5 days of 7 and 2 of 9; the 7 before: 2 of 9 and 5 of 3.
    assert ("<p>Over the last week, your mood has averaged 7.6, a little lighter than the week "
            "before (4.7).</p>") in html
    assert "<p>Over the last 30 days, your mood has averaged 6.1.</p>" in html
    assert ("<p>On days you notice some calm, your mood averages 7.0, compared with 5.7 on "
            "other days.</p>") in html
    assert "courage, your mood" not in html and "clarity, your mood" not in html
