"""Privacy pages in real Chromium: axe-clean, inline delete with htmx, and a full goodbye."""

from __future__ import annotations

import base64
import re

import pytest
from sqlalchemy import func, select

from ifs_pwa.auth.models import User
from ifs_pwa.extensions import db
from tests.browser.fixtures import DESKTOP, PHONE, axe_serious, sign_up, watch
from tests.browser.test_offline import ready_offline

pytestmark = pytest.mark.browser

PUBLIC = ["/privacy", "/recover", "/goodbye"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_new_pages_pass_axe(context_factory, viewport, scheme):
    page = context_factory(viewport=viewport, color_scheme=scheme).new_page()
    for path in PUBLIC:
        page.goto(path)
        assert axe_serious(page) == [], path
    page.goto("/signup")
    page.fill("#username", "sam")
    page.fill("#password", "correct horse battery")
    page.fill("#confirm", "correct horse battery")
    page.click("button[type=submit]")
    page.wait_for_url("**/welcome")
    assert page.locator(".recovery-code-value code").is_visible()
    assert axe_serious(page) == [], "/welcome with the recovery code"
    page.goto("/parts/new")
    page.fill("#name", "The critic")
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/parts/\d+$"))
    part_path = page.url.split(page.url.split("/parts/")[0])[1]
    for path in ["/account", "/account/delete", "/breathe/sessions", f"{part_path}/delete",
                 "/safety-plan/clear"]:
        page.goto(path)
        assert axe_serious(page) == [], path


def test_delete_a_part_inline_then_the_whole_account(page, page_errors):
    sign_up(page)
    page.goto("/parts/new")
    page.fill("#name", "The critic")
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/parts/\d+$"))

    page.click("text=Delete The critic…")
    confirm = page.locator("#delete-area form.delete-confirm")
    confirm.wait_for()
    assert "/parts/" in page.url and not page.url.endswith("/delete")  # asked in place
    assert axe_serious(page) == []
    confirm.locator("button[type=submit]").click()
    page.wait_for_url("**/parts/")
    assert "That part is deleted." in page.inner_text("main")

    page.goto("/account/delete")
    page.fill("#username", "SAM")
    page.click("button.danger")
    page.wait_for_url("**/goodbye")
    assert page.get_by_role("heading", level=1).inner_text() == "Your account is deleted"
    # The old cookies are gone; the goodbye page only starts a fresh, anonymous session.
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert set(cookies) <= {"session"}
    if cookies:
        payload = cookies["session"].split(".")[0]
        assert "_user_id" not in base64.urlsafe_b64decode(payload + "==").decode()
    page.goto("/account")
    page.wait_for_url("**/login**")
    assert page_errors == []


CACHED_TEXT = """async (path) => {
  const hit = await caches.match(path, {ignoreVary: true});
  return hit ? await hit.text() : null;
}"""


def test_a_page_showing_a_recovery_code_is_not_kept_offline(page, page_errors):
    sign_up(page)
    ready_offline(page)
    page.goto("/account")
    page.fill("#recovery_current", "correct horse battery")
    page.click("text=Make a new recovery code")
    page.wait_for_url("**/account")
    code = page.inner_text(".recovery-code-value code")
    assert re.fullmatch(r"[2-9A-Z]{5}(-[2-9A-Z]{5}){3}", code)
    page.goto("/more")  # an ordinary page: the worker does keep this one
    page.wait_for_function(f"() => ({CACHED_TEXT})('/more').then(t => t !== null)",
                           timeout=30_000)
    cached_account = page.evaluate(CACHED_TEXT, "/account")
    assert cached_account is None or code not in cached_account
    assert page_errors == []


KEPT_PAGES = """async () => {
  const kept = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      if (!(response.headers.get("content-type") || "").startsWith("text/html")) continue;
      const markup = await response.text();
      const user = /<html[^>]*\\sdata-user="([^"]*)"/.exec(markup);
      kept.push({cache: name, url: request.url, user: user ? user[1] : null,
                 critic: markup.includes("The critic")});
    }
  }
  return kept;
}"""

OUTBOX_ROWS = """async () => {
  const names = (await indexedDB.databases()).map((d) => d.name);
  if (!names.includes("befriend-outbox")) return null;
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open("befriend-outbox");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  if (!db.objectStoreNames.contains("entries")) { db.close(); return []; }
  const rows = await new Promise((resolve, reject) => {
    const request = db.transaction("entries").objectStore("entries").getAll();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  db.close();
  return rows.map((row) => ({user: row.user, label: row.label}));
}"""

WAITING_ENTRY = """() => Befriend.outbox().then((outbox) => outbox.add({
  url: "/breathe/sessions", fields: [["pattern", "box"], ["spec", "4,4,4,4"], ["seconds", "64"]],
  client_id: "9b3c1f0e-2f4d-4c7e-9a51-0c2d6f1e8a77", label: "Breathing session",
  user: Befriend.user(), state: "attention", status: 422}))"""


def without_clear_site_data(route) -> None:
    """Answer the deletion as a browser that ignores Clear-Site-Data would see it."""
    if route.request.method != "POST":
        route.fallback()
        return
    response = route.fetch(max_redirects=0)
    headers = {k: v for k, v in response.headers.items() if k.lower() != "clear-site-data"}
    route.fulfill(response=response, headers=headers)


def test_deleting_the_account_leaves_nothing_of_the_person_on_the_phone(context_factory, app):
    """Even where the browser ignores Clear-Site-Data, the form itself clears the phone."""
    context = context_factory()
    page = context.new_page()
    errors: list[str] = []
    watch(page, errors)
    sign_up(page)
    page.goto("/parts/new")
    page.fill("#name", "The critic")
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/parts/\d+$"))
    part_path = "/parts/" + page.url.rsplit("/parts/", 1)[1]
    ready_offline(page)
    page.goto(part_path)  # kept on the phone for offline use, as every page opened is
    page.wait_for_function(f"() => ({CACHED_TEXT})('{part_path}').then(t => t !== null)",
                           timeout=30_000)
    page.evaluate(WAITING_ENTRY)
    user_id = page.evaluate("Befriend.user()")
    assert page.evaluate(OUTBOX_ROWS) == [{"user": user_id, "label": "Breathing session"}]
    context.route("**/account/delete", without_clear_site_data)

    page.goto("/account/delete")
    page.fill("#username", "sa")  # a typo: the server refuses, and nothing is cleared
    page.click("button.danger")
    page.wait_for_selector("text=That isn't your username")
    assert page.evaluate(OUTBOX_ROWS) == [{"user": user_id, "label": "Breathing session"}]
    assert page.evaluate(f"({CACHED_TEXT})('{part_path}')") is not None

    page.fill("#username", "SAM")
    page.click("button.danger")
    page.wait_for_url("**/goodbye")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0
    ready_offline(page)  # the worker keeps the signed-out pages again

    kept = page.evaluate(KEPT_PAGES)
    assert kept, "the signed-out shell pages are kept for offline use"
    assert [page for page in kept if page["user"] != "" or page["critic"]] == []
    assert page.evaluate(OUTBOX_ROWS) in (None, [])
    assert page.evaluate("Object.keys(localStorage).filter((k) => k !== 'befriend-warm')") == []

    context.set_offline(True)
    for path in (part_path, "/parts/", "/account"):
        page.goto(path)
        assert page.inner_text("h1") == "You're offline just now", path
        assert "The critic" not in page.content()
    page.goto("/")
    assert "Hello, sam" not in page.inner_text("main")
    assert errors == []


def save_a_checkin_and_open_it(page, mood: int) -> str:
    page.click(f"label[for=mood-{mood}]")
    # Wait for the save itself: leaving at once could cancel it before it reached the server.
    with page.expect_response(lambda r: r.request.method == "POST"
                              and r.url.endswith("/checkins")):
        page.click("button.save")
    page.goto("/checkins/")
    page.click("ol a[href*='/checkins/'], ul a[href*='/checkins/']")
    page.wait_for_url(re.compile(r"/checkins/\d+$"))
    return page.url


def test_delete_a_checkin_inline_like_every_entry(page, page_errors):
    """Check-ins delete as every entry does (deleting.py): asked in place under the entry, then
    back to the history with a note. The page asking without JavaScript passes axe too."""
    sign_up(page)
    entry = save_a_checkin_and_open_it(page, 6)
    page.goto(f"{entry}/delete")
    assert "Delete this check-in?" in page.inner_text("main")
    assert axe_serious(page) == [], "the confirm page"
    page.goto(entry)

    page.click("text=Delete…")
    confirm = page.locator("#delete-area form.delete-confirm")
    confirm.wait_for()
    assert page.url == entry and "Delete this check-in?" in confirm.inner_text()
    assert axe_serious(page) == []
    confirm.locator("button[type=submit]").click()
    page.wait_for_url("**/checkins/")
    assert "That check-in is deleted." in page.inner_text("main")
    assert page.goto(entry).status == 404
    assert page_errors == []


def test_delete_a_checkin_without_javascript(context_factory):
    page = context_factory(java_script_enabled=False).new_page()
    sign_up(page)
    entry = save_a_checkin_and_open_it(page, 4)
    page.click("text=Delete…")
    page.wait_for_url(f"{entry}/delete")
    assert "Delete this check-in?" in page.inner_text("main")
    assert "4 out of 10" in page.inner_text("main")  # what would be lost, shown first
    page.click("form.delete-confirm button[type=submit]")
    page.wait_for_url("**/checkins/")
    assert "That check-in is deleted." in page.inner_text("main")
