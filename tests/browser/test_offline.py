"""The phone experience in real Chromium: service worker, offline pages, outbox, breathing."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sqlalchemy import func, select

from ifs_pwa.breathing.models import BreathingSession
from ifs_pwa.extensions import db
from tests.browser.fixtures import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    axe_serious,
    serve_htmx,
    sign_up,
    watch,
)

pytestmark = pytest.mark.browser

COUNT = "[data-outbox-count]"


def rows(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(BreathingSession.id)))


WORKER_STATE = """() => navigator.serviceWorker.getRegistration().then((r) => r ? {
    installing: r.installing && r.installing.state, waiting: r.waiting && r.waiting.state,
    active: r.active && r.active.state} : "no registration")"""


def ready_offline(page) -> None:
    """Wait until the worker controls the page and has kept this person's shell pages."""
    # Installing precaches every static file and the shell pages; give a busy machine time.
    try:
        page.wait_for_function("() => navigator.serviceWorker.controller !== null",
                               timeout=60_000)
    except PlaywrightTimeout as exc:
        state = page.evaluate(WORKER_STATE)
        raise AssertionError(f"the service worker never controlled the page: {state}") from exc
    page.wait_for_selector("html[data-offline-ready]", state="attached", timeout=60_000)


def quick_custom_session(page, by_keyboard=False) -> None:
    """Three half-second breaths of the custom pattern: a real option, and quick."""
    page.check("#pattern-custom")
    for key, value in (("in", "0.5"), ("hold1", "0"), ("out", "0.5"), ("hold2", "0")):
        page.fill(f"#custom-{key}", value)
    page.dispatch_event("#custom-hold2", "change")
    page.click("label[for=length-breaths]")
    if by_keyboard:
        page.focus(".pacer-actions button:has-text('Start')")
        page.keyboard.press("Enter")
    else:
        page.click(".pacer-actions button:has-text('Start')")
    page.wait_for_selector(".pacer-word:has-text('Well done')")


def test_offline_pages_breathing_and_the_outbox(context_factory, app):
    context = context_factory()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_up(page)
    page.goto("/breathe")
    ready_offline(page)

    context.set_offline(True)
    for path, heading in (("/", "Hello, sam"), ("/breathe", "Breathe"),
                          ("/crisis", "You don't have to carry this alone")):
        page.goto(path)
        assert page.inner_text("h1") == heading, path
    page.goto("/account")
    assert page.inner_text("h1") == "You're offline just now"
    assert page.url.endswith("/account")

    page.goto("/breathe")
    quick_custom_session(page, by_keyboard=True)
    page.wait_for_selector(".outbox-queued:has-text('Saved on this phone')")
    assert page.inner_text(COUNT) == "1 entry waiting to sync"
    quick_custom_session(page)
    page.wait_for_selector(f"{COUNT}:has-text('2 entries waiting to sync')")
    page.reload()  # still offline: the count survives on the phone
    page.wait_for_selector(f"{COUNT}:has-text('2 entries waiting to sync')")
    assert rows(app) == 0

    context.set_offline(False)
    page.wait_for_selector("[data-outbox-status]", state="hidden")
    assert rows(app) == 2
    with app.app_context():
        session = db.session.scalars(select(BreathingSession)).first()
        assert (session.pattern, session.spec, session.seconds) == ("custom", "0.5,0,0.5,0", 3)
    page.reload()
    assert page.inner_text(COUNT) == ""
    assert errors == []


def test_sync_replays_each_entry_once_and_keeps_what_the_server_refuses(context_factory, app):
    context = context_factory()
    page = context.new_page()
    sign_up(page)
    page.goto("/breathe")
    ready_offline(page)
    context.set_offline(True)
    quick_custom_session(page)
    quick_custom_session(page)
    page.wait_for_selector(f"{COUNT}:has-text('2 entries waiting to sync')")
    # A copy of the first entry, as if a replay had reached the server but not been cleared.
    page.evaluate("""Befriend.outbox().then(function (outbox) { return outbox.all(); })
      .then(function (entries) {
        var copy = Object.assign({}, entries[0]); delete copy.id; return BefriendOutbox.add(copy);
    })""")
    # And one the server will refuse: the timing is tampered with before it is sent.
    page.evaluate("""document.addEventListener('submit', function (e) {
        e.target.elements.spec.value = 'not a pattern'; }, {capture: true, once: true})""")
    quick_custom_session(page)
    page.wait_for_selector(f"{COUNT}:has-text('4 entries waiting to sync')")
    page.close()

    # Back online with no page open: only the worker's Background Sync sends the outbox.
    context.set_offline(False)
    quiet = context.new_page()
    quiet.goto("/session-token")
    cdp = context.new_cdp_session(quiet)
    registrations: list[str] = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(
        r["registrationId"] for r in event["registrations"] if not r["isDeleted"]))
    cdp.send("ServiceWorker.enable")
    for _ in range(100):
        if registrations:
            break
        quiet.wait_for_timeout(50)
    origin = quiet.url.rsplit("/", 1)[0]
    for _ in range(2):
        cdp.send("ServiceWorker.dispatchSyncEvent", {
            "origin": origin, "registrationId": registrations[0], "tag": "outbox",
            "lastChance": False})
    for _ in range(200):  # the worker alone has sent them: no page with app.js is open
        if rows(app) == 2:
            break
        quiet.wait_for_timeout(50)
    assert rows(app) == 2
    page = context.new_page()
    page.goto("/breathe")
    page.wait_for_selector(f"{COUNT}:text-is('')", state="attached")
    page.wait_for_selector("summary:has-text('1 entry needs your attention')")
    assert rows(app) == 2

    kept = page.evaluate("Befriend.outbox().then(function (o) { return o.all(); })")
    assert [(e["state"], e["status"]) for e in kept] == [("attention", 422)]
    page.click("summary:has-text('1 entry needs your attention')")
    page.click("summary:has-text('What you entered')")
    assert "not a pattern" in page.inner_text(".outbox-item")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click(".outbox-item button:has-text('Discard')")
    page.wait_for_selector("[data-outbox-status]", state="hidden")
    assert page.evaluate("Befriend.outbox().then(function (o) { return o.all(); })") == []
    assert rows(app) == 2


def test_reduced_motion_uses_the_text_pacer(context_factory):
    page = context_factory(reduced_motion="reduce").new_page()
    page.goto("/breathe")
    page.wait_for_selector(".pacer.pacer-text")
    assert page.is_hidden(".pacer-shape") and page.is_visible(".pacer-progress")
    page.check("#pattern-box")
    page.click(".pacer-actions button:has-text('Start')")
    page.wait_for_function("() => document.querySelector('.pacer-progress').value > 0.1")
    assert page.inner_text(".pacer-word") == "Breathe in"
    assert page.inner_text(".pacer-count") in {"4", "3"}
    page.keyboard.press("Escape")
    assert page.inner_text(".pacer-word").startswith("Stopped")


def test_the_shape_breathes_with_the_pattern(page, page_errors):
    page.goto("/breathe")
    page.check("#pattern-gentle")
    page.click(".pacer-actions button:has-text('Start')")
    page.wait_for_function("""() => parseFloat(getComputedStyle(
        document.querySelector('.pacer-shape')).getPropertyValue('--breath')) > 0.2""")
    assert page.is_visible(".pacer-shape") and page.is_hidden(".pacer-progress")
    page.click(".pacer-actions button:has-text('Pause')")
    assert page.inner_text(".pacer-word") == "Paused"
    page.click(".pacer-actions button:has-text('Resume')")
    page.click(".pacer-actions button:has-text('Stop')")
    assert page_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_breathe_and_offline_pages_pass_axe(context_factory, scheme):
    page = context_factory(color_scheme=scheme).new_page()
    for path in ("/breathe", "/offline"):
        page.goto(path)
        assert axe_serious(page) == [], path
    sign_up(page)
    page.goto("/breathe?pattern=box")
    page.check("#pattern-custom")
    assert axe_serious(page) == []


def test_manifest_parses_and_the_app_is_installable(playwright_instance, live_server, htmx_js,
                                                    tmp_path):
    context = playwright_instance.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
        viewport=PHONE, base_url=live_server)
    try:
        context.route("https://cdn.jsdelivr.net/**", serve_htmx(htmx_js))
        page = context.pages[0] if context.pages else context.new_page()
        watch(page, errors := [])
        page.goto("/")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["errors"] == [], manifest["errors"]
        assert json.loads(manifest["data"])["short_name"] == "Befriend"
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        assert errors == []
    finally:
        context.close()


def test_a_new_version_is_offered_and_loads_on_tap(page, app, page_errors):
    sign_up(page)
    ready_offline(page)
    old_cache = f"befriend-static-{app.config['STATIC_VERSION']}"
    app.config["STATIC_VERSION"] = "next-release"
    page.evaluate("() => navigator.serviceWorker.getRegistration().then((r) => r.update())")
    page.wait_for_selector("[data-update]:has-text('A new version of Befriend is ready')")
    with page.expect_navigation():
        page.click("[data-update] button")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    assert page.get_attribute("html", "data-version") == "next-release"
    page.wait_for_function(
        f"() => caches.keys().then((k) => !k.includes('{old_cache}'))", polling=100)
    assert "befriend-static-next-release" in page.evaluate("() => caches.keys()")
    assert page_errors == []


def test_a_new_version_keeps_the_shell_pages_once_not_twice(context_factory, app):
    """Installing while signed in already keeps this person's pages; the warm-up that follows
    must not fetch them all again (it used to: every release cost the phone each page twice)."""
    context = context_factory()
    page = context.new_page()
    sign_up(page)
    ready_offline(page)
    by_worker: list[str] = []
    public: list[str] = []  # the copies drawn for nobody, kept beside the person's own
    context.on("request", lambda request: (
        public if request.headers.get("x-befriend-copy") == "public" else by_worker
    ).append(urlsplit(request.url).path) if request.service_worker else None)
    app.config["STATIC_VERSION"] = "next-release"
    page.evaluate("() => navigator.serviceWorker.getRegistration().then((r) => r.update())")
    page.wait_for_selector("[data-update]:has-text('A new version of Befriend is ready')")
    with page.expect_navigation():
        page.click("[data-update] button")
    ready_offline(page)
    assert page.get_attribute("html", "data-version") == "next-release"
    shell = [path for path in by_worker if path in ("/crisis", "/breathe", "/safety-plan")]
    assert sorted(shell) == ["/breathe", "/crisis", "/safety-plan"], by_worker
    assert sorted(p for p in public if p in ("/crisis", "/breathe")) == ["/breathe", "/crisis"]
    context.set_offline(True)
    page.goto("/safety-plan")
    assert page.inner_text("h1") != "You're offline just now"


def test_a_new_version_taken_in_one_tab_leaves_no_offer_in_the_others(context_factory, app):
    context = context_factory()
    first = context.new_page()
    sign_up(first)
    ready_offline(first)
    second = context.new_page()
    second.goto("/checkins/")
    second.wait_for_function("() => navigator.serviceWorker.controller !== null")
    app.config["STATIC_VERSION"] = "next-release"
    first.evaluate("() => navigator.serviceWorker.getRegistration().then((r) => r.update())")
    for page in (first, second):
        page.wait_for_selector("[data-update]:has-text('A new version of Befriend is ready')")
    with first.expect_navigation():
        first.click("[data-update] button")
    second.wait_for_selector("[data-update]", state="hidden")
    assert second.url.endswith("/checkins/")  # not reloaded under the person's hands
