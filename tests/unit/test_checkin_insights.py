"""Insights maths and wording on fixed numbers: kind, and quiet when there is too little data."""

from __future__ import annotations

import pytest

from ifs_pwa.checkins.insights import (
    PartDays,
    Period,
    QualityStats,
    better_day_qualities,
    describe_part_mood,
    describe_quality,
    frequent_parts,
    mood_change,
    part_mood,
)


def test_mood_change_lighter_heavier_and_steady():
    assert mood_change(7, Period(6.0, 7), Period(5.0, 7)) == (
        "Over the last week, your mood has averaged 6.0, a little lighter than the week "
        "before (5.0).")
    heavier = mood_change(30, Period(3.5, 20), Period(5.25, 25))
    assert heavier.startswith("Over the last 30 days, your mood has averaged 3.5, heavier than "
                              "the 30 days before (5.2).")
    assert "be gentle with yourself" in heavier
    assert "much like" in mood_change(7, Period(5.2, 3), Period(5.0, 4))


def test_mood_change_without_data():
    assert mood_change(7, Period(None, 0), Period(5.0, 3)) is None
    assert mood_change(7, Period(4.0, 2), Period(None, 0)) == (
        "Over the last week, your mood has averaged 4.0.")


def test_frequent_parts_orders_by_days_then_name():
    parts = [PartDays(1, "b", 3, 9), PartDays(2, "A", 3, 9), PartDays(3, "c", 10, 40),
             PartDays(4, "d", 1, 5)]
    assert [p.part_id for p in frequent_parts(parts)] == [3, 2, 1]


def test_part_mood_compares_days_with_and_without():
    found = part_mood(PartDays(1, "The Critic", 5, 15.0), total_days=15, total_mood_sum=85.0)
    assert found.with_average == 3.0 and found.without_average == 7.0
    assert (found.with_days, found.without_days) == (5, 10)
    text = describe_part_mood(found)
    assert text.startswith("Days when The Critic shows up average 3.0, compared with 7.0")
    assert "trying to help" in text


@pytest.mark.parametrize("days, total", [(4, 20), (16, 20)])
def test_part_mood_needs_five_days_each_side(days, total):
    assert part_mood(PartDays(1, "P", days, days * 5.0), total, total * 5.0) is None


def test_part_mood_similar_days_says_so():
    found = part_mood(PartDays(1, "Sleeper", 5, 25.0), 10, 51.0)
    assert describe_part_mood(found) == (
        "On days Sleeper is around, your mood is much like other days (5.0).")


def test_better_day_qualities_needs_data_and_a_real_difference():
    stats = [
        QualityStats("calm", 7.0, 6, 5.0, 10),       # +2.0, enough data
        QualityStats("courage", 6.0, 5, 5.0, 5),     # +1.0
        QualityStats("clarity", 9.0, 4, 5.0, 10),    # too few with
        QualityStats("curiosity", 5.2, 10, 5.0, 10),  # too small a difference
        QualityStats("creativity", 4.0, 10, 6.0, 10),  # worse: never pointed out
        QualityStats("compassion", None, 0, 5.0, 12),
    ]
    assert [s.quality for s in better_day_qualities(stats)] == ["calm", "courage"]
    assert describe_quality(stats[0]) == (
        "On days you notice some calm, your mood averages 7.0, compared with 5.0 on other days.")
