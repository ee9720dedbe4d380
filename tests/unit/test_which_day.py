"""Saying when something happened in words that stay true the next day, on the person's clock."""

from datetime import UTC, datetime

from ifs_pwa.clock import which_day

NOW = datetime(2026, 3, 29, 9, 0, tzinfo=UTC)  # London changed to summer time at 01:00 UTC


def test_the_same_local_day_is_today_and_the_one_before_is_yesterday():
    assert which_day(datetime(2026, 3, 29, 0, 30, tzinfo=UTC), "Europe/London", NOW) == "today"
    assert which_day(datetime(2026, 3, 28, 23, 59, tzinfo=UTC), "Europe/London", NOW) == "yesterday"


def test_midnight_is_read_on_the_persons_clock_not_the_servers():
    # 23:30 UTC on the 28th is already the 29th in Auckland, where it is now the 29th too
    # (09:00 UTC is 22:00 there).
    late = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)
    assert which_day(late, "Pacific/Auckland", NOW) == "today"
    assert which_day(late, "America/Los_Angeles", NOW) == "yesterday"


def test_an_older_moment_names_its_date():
    assert which_day(datetime(2025, 3, 1, 19, 30, tzinfo=UTC), "Europe/London", NOW) == \
        "on Saturday 1 March 2025"


def test_no_moment_says_nothing():
    assert which_day(None, "Europe/London", NOW) == ""
