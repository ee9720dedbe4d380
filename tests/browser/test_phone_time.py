"""A questionnaire taken offline late in the evening counts for that evening, in real Chromium.

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
from tests.browser.fixtures import axe_serious, sign_up
from tests.browser.test_offline import COUNT, ready_offline

pytestmark = pytest.mark.browser

ZONE_NAME = "America/New_York"


def test_a_who5_taken_offline_at_2350_is_stored_at_2350_after_syncing_the_next_morning(
        context_factory, app):
    zone = ZoneInfo(ZONE_NAME)
    evening_day = datetime.now(zone).date() - timedelta(days=2)
    evening = datetime.combine(evening_day, time(23, 50), zone)
    morning = datetime.combine(evening_day + timedelta(days=1), time(8, 5), zone)
    context = context_factory(timezone_id=ZONE_NAME)
    context.clock.install(time=evening - timedelta(minutes=20))
    page = context.new_page()
    errors: list[str] = []  # script errors (the console rightly notes the offline fetch)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_up(page)  # the account takes the phone's zone
    page.goto("/measures/who5")
    ready_offline(page)
    page.wait_for_function("() => window.BefriendOutboxUI !== undefined")

    context.set_offline(True)
    form = page.locator("#measure-form")
    for _ in range(4):
        form.locator("fieldset:visible label:has-text('More than half of the time')").click()
        page.click("button[data-next]")
    form.locator("fieldset:visible label:has-text('Most of the time')").click()
    context.clock.set_system_time(evening)  # the moment the person presses the button
    page.click("button[data-submit]")
    page.wait_for_selector(".outbox-queued:has-text('Saved on this phone')")
    page.wait_for_selector(f"{COUNT}:has-text('1 entry waiting to sync')")
    with app.app_context():
        assert db.session.scalars(select(MeasureResult)).all() == []

    context.clock.set_system_time(morning)  # the next morning, the phone finds the network
    context.set_offline(False)
    page.wait_for_selector("[data-outbox-status]", state="hidden", timeout=15_000)
    with app.app_context():
        (row,) = db.session.scalars(select(MeasureResult)).all()
    taken = as_utc(row.taken_at).astimezone(zone)
    assert (taken.date(), taken.strftime("%H:%M")) == (evening_day, "23:50")
    assert row.local_date == evening_day
    assert row.score == 3 * 4 + 4

    page.goto("/measures/who5")  # the history shows it on that evening's day
    history = page.locator("table").last.inner_text()
    assert evening_day.strftime("%d %b %Y") in history
    assert axe_serious(page) == []
    assert errors == []
