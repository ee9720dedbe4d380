"""What the phone holds, in words the person can act on: a hint to sign in again when the session
is gone, and a refused entry listed with what was entered under the labels they saw (never the
hidden fields such as made_at)."""

from __future__ import annotations

import pytest

from tests.browser.fixtures import axe_serious, sign_up
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


def test_a_refused_entry_says_why_and_opens_in_its_form_to_be_fixed(context_factory, app):
    """The server's own reason is shown; "Open it to fix" fills the questionnaire with what was
    answered (and says so); once the missing answer is given the entry goes in, at the moment
    it was first made, and leaves the phone. Until then it stays."""
    from datetime import UTC

    from sqlalchemy import func, select

    from ifs_pwa.extensions import db
    from ifs_pwa.measures.models import MeasureResult

    context, page = who5_queued_offline(context_factory)
    made_at = page.evaluate("""Befriend.outbox().then(function (o) { return o.all().then(
        function (all) { var entry = all[0];
        entry.fields = entry.fields.filter(function (p) { return p[0] !== 'q3'; });
        return o.put(entry).then(function () { return entry.fields.filter(
          function (p) { return p[0] === 'made_at'; })[0][1]; }); }); })""")
    context.set_offline(False)
    page.evaluate("Befriend.flush(true)")
    page.click("summary:has-text('1 entry needs your attention')")
    reasons = page.inner_text(".outbox-item .outbox-reasons")
    assert "Befriend said:" in reasons and "question 3" in reasons

    page.goto("/")  # the list is on every page; fixing starts wherever the person sees it
    page.click("summary:has-text('1 entry needs your attention')")
    page.click("text=Open it to fix")
    page.wait_for_url("**/measures/who5")
    page.wait_for_selector(".outbox-fixing:has-text('as you entered it on this phone')")
    assert "question 3" in page.inner_text(".outbox-fixing")
    assert axe_serious(page) == []
    for n in (1, 2, 4, 5):
        assert page.is_checked(f"input[name=q{n}][value='1']"), n  # "Some of the time"
    assert not page.locator("input[name=q3]:checked").count()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MeasureResult)) == 0

    # The server's own form: question 3 is the one on screen, marked as needing an answer.
    assert page.locator("fieldset:visible:has(input[name=q3])").count() == 1
    assert "Please choose an answer" in page.inner_text("fieldset:has(input[name=q3])")
    page.locator("fieldset:visible:has(input[name=q3]) label:has-text('Most of the time')").click()
    while page.locator("button[data-submit]").is_hidden():
        page.click("[data-next]")
    page.click("button[data-submit]")
    page.wait_for_selector("#result-title")
    with app.app_context():
        saved = db.session.scalars(select(MeasureResult)).one()
        taken = saved.taken_at.astimezone(UTC) if saved.taken_at.tzinfo else saved.taken_at
        taken = taken.replace(tzinfo=None).isoformat(timespec="seconds")
    assert made_at[:19] == taken  # made offline then, not when it was fixed
    page.wait_for_function("""() => Befriend.outbox().then((o) => o.all())
        .then((all) => all.length === 0)""")
