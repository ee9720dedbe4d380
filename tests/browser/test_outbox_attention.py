"""What the phone holds, in words the person can act on: a hint to sign in again when the session
is gone, and a refused entry listed with what was entered under the labels they saw (never the
hidden fields such as made_at)."""

from __future__ import annotations

import pytest

from tests.browser.fixtures import sign_up
from tests.browser.test_offline import COUNT, ready_offline

pytestmark = pytest.mark.browser


def who5_queued_offline(context_factory):
    context = context_factory()
    page = context.new_page()
    sign_up(page)
    page.goto("/measures/who5")
    ready_offline(page)
    page.wait_for_function("() => window.BefriendOutboxUI !== undefined")
    context.set_offline(True)
    form = page.locator("#measure-form")
    for n in range(1, 6):
        form.locator(f"fieldset:visible:has(input[name=q{n}]) "
                     "label:has-text('Some of the time')").click()
    page.click("button[data-submit]")
    page.wait_for_selector(".outbox-queued:has-text('Saved on this phone')")
    page.wait_for_selector(f"{COUNT}:has-text('1 entry waiting to sync')")
    return context, page


def test_entries_waiting_without_a_session_ask_to_sign_in_again(context_factory):
    context, page = who5_queued_offline(context_factory)
    context.clear_cookies()  # the session ended (cookies cleared, or ended elsewhere)
    page.evaluate("Befriend.refreshStatus()")
    page.wait_for_selector(f"{COUNT}:has-text('Sign in again to send 1 entry.')")


def test_a_refused_entry_shows_what_was_entered_in_its_own_words(context_factory):
    context, page = who5_queued_offline(context_factory)
    # The kept entry loses an answer before it is sent, so the server refuses it (422).
    page.evaluate("""Befriend.outbox().then(function (o) { return o.all().then(function (all) {
        var entry = all[0];
        entry.fields = entry.fields.filter(function (p) { return p[0] !== 'q3'; });
        return o.put(entry); }); })""")
    context.set_offline(False)
    page.evaluate("Befriend.flush(true)")
    page.wait_for_selector("summary:has-text('1 entry needs your attention')")
    page.click("summary:has-text('1 entry needs your attention')")
    page.click("summary:has-text('What you entered')")
    shown = page.inner_text(".outbox-item dl")
    assert "Some of the time" in shown  # the chosen answer's own words
    assert "1." in shown  # under the question as it was asked
    for internal in ("made at", "made_at", "client", "csrf"):
        assert internal not in shown.lower()
