"""The history chart's geometry, the plan's tap-to-call links and the person's local date."""

from __future__ import annotations

from datetime import UTC, date, datetime

from ifs_pwa.clock import today as local_today
from ifs_pwa.measures import chart
from ifs_pwa.safety.plans import tel_href


def test_chart_places_points_left_to_right_and_higher_scores_higher():
    drawn = chart.build([(0, False), (27, True), (10, False)], 27, [5, 10, 15, 20])
    xs = [d.x for d in drawn.dots]
    assert xs == sorted(xs) and xs[0] == chart.LEFT and xs[-1] == chart.WIDTH - chart.RIGHT
    assert drawn.dots[1].y == chart.TOP and drawn.dots[0].y == chart.HEIGHT - chart.BOTTOM
    assert [d.flagged for d in drawn.dots] == [False, True, False]
    assert [g.value for g in drawn.gridlines] == [0, 5, 10, 15, 20, 27]
    assert drawn.polyline.count(",") == 3


def test_a_single_result_sits_in_the_middle():
    (dot,) = chart.build([(50, False)], 100, []).dots
    assert dot.x == chart.LEFT + (chart.WIDTH - chart.LEFT - chart.RIGHT) / 2


def test_tel_links_keep_only_what_a_phone_dials():
    assert tel_href("+44 (0)7700-900 123") == "tel:+447700900123"
    assert tel_href("(555) 010.0199") == "tel:5550100199"


def test_local_today_follows_the_persons_time_zone():
    late_utc = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    assert local_today("UTC", late_utc) == date(2026, 3, 1)
    assert local_today("Pacific/Auckland", late_utc) == date(2026, 3, 2)
    assert local_today("America/Los_Angeles", late_utc) == date(2026, 3, 1)
    assert local_today("Not/AZone", late_utc) == date(2026, 3, 1)
