"""Entries made offline late in the evening count for that evening, in real Chromium.

The phone's clock is Playwright's (context.clock); the server keeps its own, real one, so the
save arrives "the next morning" (two days later, in fact) and must still be stored at 23:50 of
the evening it was taken.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from ifs_pwa.clock import as_utc
from ifs_pwa.extensions import db
from ifs_pwa.measures.models import MeasureResult
from ifs_pwa.safety.models import SafetyPlan
from tests.browser.fixtures import answer_question, axe_serious, sign_up
from tests.browser.test_offline import COUNT, ready_offline

pytestmark = pytest.mark.browser

ZONE_NAME = "America/New_York"


def evening_and_morning() -> tuple[datetime, datetime]:
    """23:50 two days ago on the person's clock, and 08:05 the morning after: both before the
    server's real now, which is when the entry actually arrives."""
    zone = ZoneInfo(ZONE_NAME)
    day = datetime.now(zone).date() - timedelta(days=2)
    return (datetime.combine(day, time(23, 50), zone),
            datetime.combine(day + timedelta(days=1), time(8, 5), zone))


def phone_at(context_factory, moment: datetime):
    """A signed-up person's phone whose clock reads `moment` (and runs on from there)."""
    context = context_factory(timezone_id=ZONE_NAME)
    context.clock.install(time=moment)
    page = context.new_page()
    errors: list[str] = []  # script errors (the console rightly notes the offline fetch)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_up(page)  # the account takes the phone's zone
    return context, page, errors


def back_online_the_next_morning(context, page, morning: datetime) -> None:
    page.wait_for_selector(f"{COUNT}:has-text('1 entry waiting to sync')")
    context.clock.set_system_time(morning)
    context.set_offline(False)
    page.wait_for_selector("[data-outbox-status]", state="hidden", timeout=15_000)


def test_a_who5_taken_offline_at_2350_is_stored_at_2350_after_syncing_the_next_morning(
        context_factory, app):
    evening, morning = evening_and_morning()
    evening_day = evening.date()
    context, page, errors = phone_at(context_factory, evening - timedelta(minutes=20))
    page.goto("/measures/who5")
    ready_offline(page)
    page.wait_for_function("() => window.BefriendOutboxUI !== undefined")

    context.set_offline(True)
    for _ in range(4):
        answer_question(page, "More than half of the time")
    answer_question(page, "Most of the time", moves_on=False)  # the last one
    context.clock.set_system_time(evening)  # the moment the person presses the button
    page.click("button[data-submit]")
    page.wait_for_selector(".outbox-queued:has-text('Saved on this phone')")
    with app.app_context():
        assert db.session.scalars(select(MeasureResult)).all() == []

    back_online_the_next_morning(context, page, morning)
    with app.app_context():
        (row,) = db.session.scalars(select(MeasureResult)).all()
    taken = as_utc(row.taken_at).astimezone(evening.tzinfo)
    assert (taken.date(), taken.strftime("%H:%M")) == (evening_day, "23:50")
    assert row.local_date == evening_day
    assert row.score == 3 * 4 + 4

    page.goto("/measures/who5")  # the history shows it on that evening's day
    history = page.locator("table").last.inner_text()
    assert evening_day.strftime("%d %b %Y") in history
    assert axe_serious(page) == []
    assert errors == []


def test_a_safety_plan_edited_offline_at_2350_says_it_was_updated_then(context_factory, app):
    evening, morning = evening_and_morning()
    context, page, errors = phone_at(context_factory, evening - timedelta(minutes=20))
    page.goto("/safety-plan")
    ready_offline(page)
    page.wait_for_function("() => window.BefriendOutboxUI !== undefined")

    context.set_offline(True)
    page.fill("#reasons", "The sea at dawn.")
    context.clock.set_system_time(evening)
    page.click("text=Save my plan")
    page.wait_for_selector(".outbox-queued:has-text('Saved on this phone')")
    back_online_the_next_morning(context, page, morning)
    with app.app_context():
        (plan,) = db.session.scalars(select(SafetyPlan)).all()
        assert plan.reasons == "The sea at dawn."
    updated = as_utc(plan.updated_at).astimezone(evening.tzinfo)
    assert (updated.date(), updated.strftime("%H:%M")) == (evening.date(), "23:50")

    page.goto("/safety-plan")
    assert f"Updated {evening.strftime('%a %-d %b %Y, 23:50')}" in page.content()
    assert axe_serious(page) == []
    assert errors == []
