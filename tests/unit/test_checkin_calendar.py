"""Calendar grids, period parsing, the trend's geometry, time zones and the C's bitmask."""

from __future__ import annotations

from datetime import UTC, date, datetime

from ifs_pwa.checkins import calendar
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


def test_polyline_scales_each_series_to_its_range():
    points = [calendar.Point("a", 1, 0), calendar.Point("b", 10, 8)]
    bottom, top = calendar.HEIGHT - calendar.PAD, calendar.PAD
    assert calendar.polyline(points, "mood", 10, 1) == (
        f"{calendar.PAD:.1f},{bottom:.1f} {calendar.WIDTH - calendar.PAD:.1f},{top:.1f}")
    assert calendar.polyline([], "mood", 10) == ""


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
