"""XSS payloads in every free-text field, rendered by real Chromium: shown as text, never run.

Any `dialog`, any CSP violation (an injected inline handler or script would cause one), any
request for the injected `<img src=x>`, or any live injected element fails the test; each payload
must also be visible as text on some page, so it really was rendered.
"""

from __future__ import annotations

import pytest

from ifs_pwa.checkins.models import CheckIn
from tests.browser.fixtures import watch

from .registry import PASSWORD, Person, gets, newest_id, seed, url
from .xss import PAYLOADS, inject

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations = window.__violations || [];
  window.__violations.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline'));
});
"""
LIVE_INJECTIONS = """() => document.querySelectorAll(
  '[onerror], [onload], [onclick], script:not([src]), img[src="x"], svg[onload], ' +
  'a[href^="javascript:" i], [src^="javascript:" i], [action^="javascript:" i]').length"""


class Alarms:
    """Everything that would mean an injected payload came alive in the page."""

    def __init__(self, page):
        self.dialogs, self.errors, self.requests, self.violations = [], [], [], []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda request: self.requests.append(request.url)
                if request.url.rstrip("/").endswith("/x") else None)
        watch(page, self.errors)

    def check(self, page, where: str) -> list:
        self.violations += [(where, v) for v in page.evaluate("window.__violations || []")]
        live = page.evaluate(LIVE_INJECTIONS)
        return [(where, "live injected elements", live)] if live else []

    def raised(self) -> dict:
        found = {"dialogs": self.dialogs, "console errors": self.errors,
                 "requests for x": self.requests, "CSP violations": self.violations}
        return {name: items for name, items in found.items() if items}


def log_in(page, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def test_saved_payloads_render_inert_on_every_page(app, context_factory):
    owner = Person(app, "owner")
    ids = seed(owner)
    injected = inject(owner, ids)
    paths = [url(app, e.name, **e.route.args(ids)) for e in gets(app)
             if owner.client.get(url(app, e.name, **e.route.args(ids))).mimetype == "text/html"]
    paths += injected.pages
    assert len(paths) >= 30, paths

    page = context_factory().new_page()
    alarms = Alarms(page)
    log_in(page, "owner")
    live, seen = [], []
    for path in paths:
        page.goto(path)
        live += alarms.check(page, path)
        seen.append(page.inner_text("body"))
    text = "\n".join(seen)
    assert not live, live
    assert alarms.raised() == {}
    missing = {where: payload for where, payload in injected.texts.items() if payload not in text}
    assert not missing, f"not visible as text anywhere: {missing}"


def test_payloads_typed_into_forms_come_back_inert(app, context_factory):
    """A refused sign-up echoes the typed name; a check-in note is swapped in by htmx."""
    page = context_factory().new_page()
    alarms = Alarms(page)
    for payload in PAYLOADS:
        page.goto("/signup")
        page.fill("#username", payload)
        page.fill("#password", "short")
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert page.input_value("#username") == payload
        assert not alarms.check(page, "/signup")

    Person(app, "writer")
    log_in(page, "writer")
    for payload in PAYLOADS:
        page.goto("/")
        page.click("label[for=mood-4]")
        page.click("#checkin-form summary")
        page.fill("#note", payload)
        page.click("button.save")
        page.get_by_text("Saved. Thank you for checking in.").wait_for()
        page.goto(f"/checkins/{newest_id(app, CheckIn, 'writer')}", wait_until="networkidle")
        assert payload in page.inner_text("body"), payload
        assert not alarms.check(page, "check-in")
    assert alarms.raised() == {}
