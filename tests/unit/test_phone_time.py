"""clock.phone_time: when the phone says something was made, believed only within sane bounds.

The stamp is a hidden field nobody can correct, so every doubtful one gives way to the server's
time instead of refusing the save.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ifs_pwa.clock import CLOCK_SKEW, PHONE_TIME_MAX_AGE, phone_time

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def test_a_stamp_from_hours_ago_is_kept_to_the_second():
    assert phone_time("2026-06-14T22:50:07.123Z", "Europe/London", NOW) == datetime(
        2026, 6, 14, 22, 50, 7, 123000, tzinfo=UTC)


def test_an_offset_is_honoured_and_a_bare_time_is_read_on_the_persons_clock():
    assert phone_time("2026-06-14T23:50:00+01:00", "UTC", NOW) == datetime(
        2026, 6, 14, 22, 50, tzinfo=UTC)
    # No offset: 23:50 in New York in June (EDT, UTC-4) is 03:50 UTC the next day.
    assert phone_time("2026-06-14T23:50", "America/New_York", NOW) == datetime(
        2026, 6, 15, 3, 50, tzinfo=UTC)


def test_a_clock_a_little_ahead_becomes_now_never_a_moment_still_to_come():
    ahead = (NOW + CLOCK_SKEW - timedelta(seconds=1)).isoformat()
    assert phone_time(ahead, "UTC", NOW) == NOW


def test_a_clock_far_ahead_gives_way_to_the_servers_time():
    assert phone_time((NOW + CLOCK_SKEW + timedelta(seconds=1)).isoformat(), "UTC", NOW) == NOW
    assert phone_time("2030-01-01T00:00:00Z", "UTC", NOW) == NOW


def test_an_entry_that_waited_weeks_keeps_its_time_but_a_lost_clock_does_not():
    weeks = NOW - timedelta(days=45)
    assert phone_time(weeks.isoformat(), "UTC", NOW) == weeks
    almost_a_year = NOW - PHONE_TIME_MAX_AGE + timedelta(minutes=1)
    assert phone_time(almost_a_year.isoformat(), "UTC", NOW) == almost_a_year
    too_old = NOW - PHONE_TIME_MAX_AGE - timedelta(minutes=1)
    assert phone_time(too_old.isoformat(), "UTC", NOW) == NOW
    assert phone_time("1970-01-01T00:00:00.000Z", "UTC", NOW) == NOW


@pytest.mark.parametrize("raw", [None, "", "   ", "yesterday evening", "2026-13-01T10:00Z",
                                 "2026-06-14T25:00", "0001-01-01T00:00", "9999-12-31T23:59:59",
                                 "9999-12-31T23:59:59-14:00", "1e9", "x" * 10_000])
def test_a_missing_or_unreadable_stamp_gives_way_to_the_servers_time(raw):
    assert phone_time(raw, "Pacific/Kiritimati", NOW) == NOW


def test_without_a_given_now_the_server_clock_is_used():
    before = datetime.now(UTC)
    assert before <= phone_time("nonsense", None) <= datetime.now(UTC)
