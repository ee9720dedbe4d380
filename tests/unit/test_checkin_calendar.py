"""Calendar grids, period parsing, the trend's geometry, time zones and the C's bitmask."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ifs_pwa.checkins import calendar, trend
from ifs_pwa.checkins.queries import DayStats
from ifs_pwa.checkins.vocab import FEELINGS, SELF_QUALITIES, from_mask, to_mask
from ifs_pwa.clock import from_local, local_date, zone


def test_month_weeks_start_on_monday_and_colour_by_mood():
    days = {date(2025, 2, 3): DayStats(3.4, 1.0, 2), date(2025, 2, 28): DayStats(9.6, 4, 1)}
    weeks = calendar.month_weeks(2025, 2, days)
    assert weeks[0][:5] == [None] * 5 and weeks[0][5].day == date(2025, 2, 1)
    cells = {c.day: c for week in weeks for c in week if c}
    assert len(cells) == 28
    assert cells[date(2025, 2, 3)].tone == "m3" and cells[date(2025, 2, 28)].tone == "m10"
    assert cells[date(2025, 2, 4)].tone == "empty"


def test_year_rows_are_days_by_months():
    rows = calendar.year_rows(2024, {date(2024, 2, 29): DayStats(5, 0, 1)})
    assert len(rows) == 31 and all(len(r) == 12 for r in rows)
    assert rows[28][1].tone == "m5" and rows[29][1] is None and rows[30][0].day.day == 31


def test_parse_and_shift_periods():
    assert calendar.parse_month("2025-03") == (2025, 3)
    assert calendar.parse_month("2025-13") is None and calendar.parse_month("x") is None
    assert calendar.parse_year("2024") == 2024 and calendar.parse_year("20") is None
    assert calendar.parse_year("9999") is None and calendar.parse_month("9999-12") is None
    assert calendar.shift_month(2025, 1, -1) == (2024, 12)
    assert calendar.shift_month(2024, 12, 1) == (2025, 1)


def test_year_points_average_days_not_checkins():
    days = {date(2025, 1, 1): DayStats(2, 0, 5), date(2025, 1, 2): DayStats(8, 4, 1),
            date(2025, 3, 1): DayStats(5, 2, 1)}
    points = calendar.year_points(2025, days)
    assert [(p.label, p.mood, p.self_energy) for p in points] == [
        ("January", 5.0, 2.0), ("March", 5.0, 2.0)]


def test_the_time_axis_is_time_so_a_four_day_gap_is_four_days_wide():
    days = {date(2025, 11, d): DayStats(m, c, 1) for d, m, c in
            ((17, 4, 1), (18, 5, 2), (22, 7, 3))}
    points = calendar.month_points(2025, 11, days)
    chart = calendar.month_chart(2025, 11, points)
    xs = [dot.x for dot in chart.dots]
    day = chart.slot_width
    assert xs[1] - xs[0] == pytest.approx(day) and xs[2] - xs[1] == pytest.approx(4 * day)
    # A line joins 17 and 18 only; 22 starts a new piece across the empty days.
    assert chart.mood_path.count("M") == 2 and chart.mood_path.count("L") == 1
    labels = {tick.text: tick.at for tick in chart.dates}
    assert list(labels) == ["1 Nov", "8 Nov", "15 Nov", "22 Nov", "29 Nov"]
    assert labels["22 Nov"] == pytest.approx(xs[2], abs=0.1)  # the label sits on its day


def test_mood_and_self_energy_each_have_their_own_scale():
    points = [calendar.Point("a", 1, 8, 0), calendar.Point("b", 10, 0, 1)]
    chart = calendar.year_chart(points)
    first, second = chart.dots
    assert first.mood_y == trend.MOOD_BOTTOM and second.mood_y == trend.MOOD_TOP
    assert first.self_y == trend.SELF_TOP and second.self_y == trend.SELF_BOTTOM
    assert [t.text for t in chart.mood_scale] == ["1", "5", "10"]
    assert [t.text for t in chart.self_scale] == ["0", "4", "8"]
    assert [t.text for t in chart.dates] == ["Jan", "Apr", "Jul", "Oct"]
    assert trend.MOOD_BOTTOM < trend.SELF_TOP  # the panels never overlap


def test_points_without_a_calendar_keep_their_order_and_name_both_ends():
    chart = calendar.chart([calendar.Point("03 Mar", 4, 1), calendar.Point("09 Mar", 6, 2)])
    assert [t.text for t in chart.dates] == ["03 Mar", "09 Mar"]
    assert chart.dots[0].x < chart.dots[1].x and chart.mood_path.startswith("M")


def test_a_day_opens_only_when_it_is_real_and_has_come():
    today = date(2025, 11, 30)
    assert calendar.parse_day("2025-11-30", today) == today
    assert calendar.parse_day("2025-02-28", today) == date(2025, 2, 28)
    for wrong in ("2025-12-01", "2025-02-30", "2025-13-01", "2025-11-3", "1899-12-31",
                  "99999-01-01", "2025-11-30x", "", None, "２０２５-11-30"):
        assert calendar.parse_day(wrong, today) is None, wrong


def test_local_date_uses_the_persons_zone():
    moment = datetime(2025, 3, 9, 11, 30, tzinfo=UTC)
    assert local_date(moment, "Pacific/Auckland") == date(2025, 3, 10)
    assert local_date(moment.replace(tzinfo=None), "UTC") == date(2025, 3, 9)
    typed = from_local(datetime(2025, 3, 10, 23, 30), "Pacific/Auckland")
    assert typed == datetime(2025, 3, 10, 10, 30, tzinfo=UTC)
    assert str(zone("Not/AZone")) == "UTC"


def test_self_mask_round_trips_in_canonical_order():
    assert to_mask(["courage", "calm", "calm"]) == 0b100001
    assert from_mask(to_mask(reversed(SELF_QUALITIES))) == list(SELF_QUALITIES)
    assert from_mask(0) == []
    assert 20 <= len(FEELINGS) <= 28 and len(set(FEELINGS)) == len(FEELINGS)
