"""Reminders in real Chromium: the worker shows a pushed reminder and a tap opens Today; the
settings are axe clean and work by keyboard.

Headless Chromium has no push service, so a push is delivered through the DevTools protocol
(ServiceWorker.deliverPushMessage: a real, trusted push event in the worker). DevTools has no
way to click a notification, so the click is the worker's own notificationclick handler called
with the real notification the push made (a synthetic NotificationEvent can't be used: its
waitUntil throws, as the spec says for untrusted events).
"""

from __future__ import annotations

import json
import time
from types import SimpleNamespace

import pytest

from tests.browser.fixtures import axe_serious, sign_up, watch

pytestmark = pytest.mark.browser

NOTIFICATIONS = """() => navigator.serviceWorker.getRegistration().then((r) =>
    r.getNotifications()).then((ns) => ns.map((n) => ({title: n.title, body: n.body, tag: n.tag,
    icon: n.icon, data: n.data})))"""


def controlled_page(context_factory, live_server, page_errors, **options):
    context = context_factory(**options)
    context.grant_permissions(["notifications"], origin=live_server)
    page = context.new_page()
    watch(page, page_errors)
    sign_up(page)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60_000)
    return context, page


def registration_id(context, page) -> tuple[object, str]:
    cdp = context.new_cdp_session(page)
    found: list[str] = []
    cdp.on("ServiceWorker.workerRegistrationUpdated",
           lambda event: found.extend(r["registrationId"] for r in event["registrations"]
                                      if not r.get("isDeleted")))
    cdp.send("ServiceWorker.enable")
    deadline = time.time() + 10
    while not found and time.time() < deadline:
        page.wait_for_timeout(100)
    assert found, "no service worker registration reported over CDP"
    return cdp, found[0]


def deliver(cdp, registration: str, origin: str, message: dict) -> None:
    cdp.send("ServiceWorker.deliverPushMessage", {"origin": origin, "registrationId": registration,
                                                  "data": json.dumps(message)})


def notifications(page, count: int) -> list[dict]:
    deadline = time.time() + 15
    shown = page.evaluate(NOTIFICATIONS)
    while len(shown) != count and time.time() < deadline:
        page.wait_for_timeout(200)
        shown = page.evaluate(NOTIFICATIONS)
    return shown


REMINDER = {"title": "Befriend", "body": "A moment for yourself, if you'd like one.", "url": "/",
            "tag": "befriend-reminder", "kind": "checkin"}


def test_a_push_shows_one_reminder_and_a_tap_opens_today(context_factory, live_server,
                                                         page_errors):
    context, page = controlled_page(context_factory, live_server, page_errors)
    cdp, registration = registration_id(context, page)
    deliver(cdp, registration, live_server, REMINDER)
    [shown] = notifications(page, 1)
    assert (shown["title"], shown["body"], shown["tag"]) == (
        "Befriend", REMINDER["body"], "befriend-reminder")
    assert "/static/icons/icon-192" in shown["icon"]
    deliver(cdp, registration, live_server, {**REMINDER, "body": "Another kind word."})
    page.wait_for_timeout(500)
    assert len(notifications(page, 1)) == 1  # one tag: the second replaces the first

    page.goto("/account")
    [worker] = context.service_workers
    worker.evaluate("""() => self.registration.getNotifications().then((ns) => {
        var work; onNotificationClick({notification: ns[0], waitUntil: (p) => { work = p; }});
        return work; })""")
    page.wait_for_url(live_server + "/", timeout=10_000)
    assert page.locator("h1.greeting").is_visible()
    assert notifications(page, 0) == []  # the tapped notification is closed
    assert page_errors == []


def test_a_checkin_waiting_in_the_outbox_turns_the_reminder_into_a_sync_note(
        context_factory, live_server, page_errors):
    context, page = controlled_page(context_factory, live_server, page_errors)
    cdp, registration = registration_id(context, page)
    [worker] = context.service_workers
    worker.evaluate("""() => self.BefriendOutbox.add({url: "/checkins", fields: [["mood", "5"]],
        client_id: "c0ffee00-0000-4000-8000-000000000000", label: "Check-in", user: "1"})""")
    deliver(cdp, registration, live_server, REMINDER)
    [shown] = notifications(page, 1)
    assert "waiting to sync" in shown["body"]
    assert shown["data"]["url"] == "/"


def test_a_practice_reminder_leads_to_its_page(context_factory, live_server, page_errors):
    context, page = controlled_page(context_factory, live_server, page_errors)
    cdp, registration = registration_id(context, page)
    deliver(cdp, registration, live_server, {**REMINDER, "kind": "practice", "url": "/breathe",
                                             "body": "An evening pause."})
    [shown] = notifications(page, 1)
    assert shown["data"]["url"] == "/breathe"
    [worker] = context.service_workers
    worker.evaluate("""() => self.registration.getNotifications().then((ns) => {
        var work; onNotificationClick({notification: ns[0], waitUntil: (p) => { work = p; }});
        return work; })""")
    page.wait_for_url(live_server + "/breathe", timeout=10_000)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_settings_are_axe_clean_and_work_by_keyboard(context_factory, live_server, page_errors,
                                                     app, scheme):
    context, page = controlled_page(context_factory, live_server, page_errors,
                                    color_scheme=scheme, reduced_motion="reduce")
    page.goto("/account#reminders")
    page.wait_for_selector("[data-push-on]:not([hidden])")
    assert axe_serious(page) == []
    page.focus("#enabled")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "remind_at"
    page.keyboard.press("Control+A")
    page.keyboard.type("07:30")
    page.keyboard.press("Tab")  # Monday
    page.keyboard.press("Space")  # not on Mondays
    page.focus("#evening_at")
    page.keyboard.type("21:00")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Save reminders"
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Reminder settings saved.")
    assert page.input_value("#remind_at") == "07:30"
    assert not page.is_checked("#days-0") and page.is_checked("#days-1")
    assert axe_serious(page) == []

    # Turning on: permission is granted here, but headless Chromium has no push service, so the
    # subscription fails and the page says so plainly.
    page.focus("[data-push-on]")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-push-status]:has-text('couldn')")
    assert axe_serious(page) == []


IPHONE_SAFARI = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
                 "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1")


def test_an_iphone_safari_tab_is_told_to_add_to_home_screen_first(context_factory, live_server,
                                                                 page_errors):
    """Safari in a tab has no PushManager (only a Home Screen web app does, iOS 16.4+)."""
    context = context_factory(user_agent=IPHONE_SAFARI)
    context.add_init_script("delete window.PushManager;")
    page = context.new_page()
    watch(page, page_errors)
    sign_up(page)
    page.goto("/account#reminders")
    status = page.locator("[data-push-status]")
    status.filter(has_text="Add to Home Screen").wait_for()
    assert page.locator("[data-push-on]").is_hidden()
    assert axe_serious(page) == []


def test_a_browser_without_push_says_so_plainly(context_factory, live_server, page_errors):
    context = context_factory()
    context.add_init_script("delete window.PushManager;")
    page = context.new_page()
    sign_up(page)
    page.goto("/account#reminders")
    page.locator("[data-push-status]").filter(has_text="can't receive reminders").wait_for()
    assert page.locator("[data-push-on]").is_hidden()


def test_the_offer_on_today_is_axe_clean_and_not_now_removes_it(context_factory, live_server,
                                                                page_errors, app):
    from datetime import UTC, datetime, timedelta

    from ifs_pwa.auth.models import User
    from ifs_pwa.extensions import db
    from tests.web.test_reminders import checkin_on

    context = context_factory()
    page = context.new_page()
    watch(page, page_errors)
    sign_up(page)

    with app.app_context():
        someone = SimpleNamespace(id=db.session.query(User.id).scalar())
    checkin_on(app, someone, datetime.now(UTC).date() - timedelta(days=2), n=3)
    page.goto("/")
    offer = page.locator("#reminder-offer")
    offer.wait_for()
    assert axe_serious(page) == []
    page.focus("#reminder-offer button:has-text('Not now')")
    page.keyboard.press("Enter")
    offer.wait_for(state="detached")
    page.reload()
    assert page.locator("#reminder-offer").count() == 0
    assert page_errors == []
