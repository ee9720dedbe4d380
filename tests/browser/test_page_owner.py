"""Cached pages belong to their owner (issue #15, item 1), in real Chromium.

A phone keeps the pages a person opened, for offline use. Once that person is no longer signed
in on the phone — their cookies cleared, or their session ended from another device by a
password change — none of their pages may be shown again, offline or online, to whoever holds
the phone next; crisis help stays. The next person's offline edits go to their own account."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from ifs_pwa.auth.models import User
from ifs_pwa.extensions import db
from ifs_pwa.safety.models import SafetyPlan
from tests.browser.fixtures import axe_serious, sign_up
from tests.browser.test_offline import ready_offline
from tests.browser.test_parts_practices import add_part

pytestmark = pytest.mark.browser

A_NAME = "marguerite"
A_PART = "The lighthouse keeper"
A_NOTE = "Wrote to her about the orchard"
A_PLAN = "The orchard in spring, and the sea."
A_ZONE = "Pacific/Chatham"
A_WORDS = ("marguerite", "lighthouse keeper", "orchard", "chatham")
B_NAME = "robin"
B_PLAN = "A quiet walk by the canal with Juniper."
PASSWORD = "correct horse battery"
OFFLINE = "You're offline just now"

KEPT_TEXT = """async (path) => {
  for (const name of await caches.keys()) {
    const hit = await (await caches.open(name)).match(path, {ignoreVary: true});
    if (hit) return await hit.text();
  }
  return null;
}"""


def words_of_a(page) -> list[str]:
    # The list of every time zone (Pacific/Chatham among them) is the same for everyone: A's
    # zone would leak as the field's value, not as one of the zones offered.
    text = re.sub(r"<datalist.*?</datalist>", "", page.content().lower(), flags=re.S)
    return [word for word in A_WORDS if word in text]


def kept(page, path: str, word: str) -> None:
    """Wait until the worker has kept `path` as drawn for A (the copy that must not leak)."""
    page.wait_for_function(
        f"() => ({KEPT_TEXT})('{path}')"
        f".then(t => t !== null && t.toLowerCase().includes('{word}'))", timeout=30_000)


def a_person_whose_pages_are_kept(context):
    """A signs up, checks in with a new part, writes a safety plan and opens history, the part,
    account and the plan, each kept on the phone."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_up(page, A_NAME, PASSWORD)
    page.click("label[for=mood-3]")
    page.click("#checkin-form summary")
    page.fill("#new_part", A_PART)
    page.fill("#checkin-form textarea[name=note]", A_NOTE)
    page.click("button.save")
    page.locator("#checkin-saved").wait_for()
    page.goto("/safety-plan")
    page.fill("#reasons", A_PLAN)
    page.click("text=Save my plan")
    page.get_by_text("Your safety plan is saved.").wait_for()
    page.goto("/account")
    page.fill("#timezone", A_ZONE)
    with page.expect_navigation():
        page.click("form[action='/account/settings'] button[type=submit]")
    page.goto("/parts/")
    with page.expect_navigation():
        page.click(f"main a:has-text('{A_PART}')")
    part_path = "/parts/" + page.url.rsplit("/parts/", 1)[1]
    ready_offline(page)
    for path, word in (("/checkins/", "lighthouse keeper"), (part_path, "lighthouse keeper"),
                       ("/account", "chatham"), ("/safety-plan", "orchard")):
        page.goto(path)
        kept(page, path, word)
    return page, part_path, errors


def a_sees_own_pages_offline(context, page, part_path: str) -> None:
    """The copies are really there: until A leaves, A reads them offline (as before)."""
    context.set_offline(True)
    page.goto(part_path)
    assert A_PART in page.inner_text("main")
    page.goto("/checkins/")
    assert A_PART in page.inner_text("main")
    assert page.locator("html[data-saved-copy]").count() == 1


def nothing_of_a_offline(page, part_path: str, nobody_here: bool) -> None:
    for path in ("/checkins/", part_path, "/account", "/safety-plan", "/"):
        page.goto(path)
        assert words_of_a(page) == [], path
    if nobody_here:  # (B's own account page, once B opened it, is B's to read offline)
        page.goto("/account")
        assert page.inner_text("h1") == OFFLINE
        assert axe_serious(page) == []
    page.goto("/crisis")  # crisis help never leaves the phone
    assert page.inner_text("h1") == "You don't have to carry this alone"
    assert page.locator('main a[href^="tel:"]').count() >= 1
    page.goto("/breathe")
    assert page.locator(".pacer-actions button:has-text('Start')").is_visible()


def change_password_elsewhere(context_factory) -> None:
    """A, on a laptop, changes the password: every other device of A's is signed out."""
    laptop = context_factory().new_page()
    laptop.goto("/login")
    laptop.fill("#username", A_NAME)
    laptop.fill("#password", PASSWORD)
    with laptop.expect_navigation():
        laptop.click("button[type=submit]")
    laptop.goto("/account")
    laptop.fill("#current", PASSWORD)
    laptop.fill("#new", "a different long phrase")
    laptop.fill("#confirm", "a different long phrase")
    with laptop.expect_navigation():
        laptop.click("form[action='/account/password'] button[type=submit]")
    laptop.close()


def plans(app) -> dict[str, str]:
    with app.app_context():
        rows = db.session.execute(select(User.username, SafetyPlan).join(
            SafetyPlan, SafetyPlan.user_id == User.id))
        return {name: plan.reasons for name, plan in rows}


@pytest.mark.parametrize("how_a_leaves", ["cookies cleared", "password changed elsewhere"])
def test_a_persons_kept_pages_never_reach_the_next_person(context_factory, app, how_a_leaves):
    context = context_factory()
    page, part_path, errors = a_person_whose_pages_are_kept(context)
    a_sees_own_pages_offline(context, page, part_path)

    if how_a_leaves == "cookies cleared":
        # Still offline: nobody can be asked, yet the phone's cookies no longer name A.
        context.clear_cookies()
    else:
        change_password_elsewhere(context_factory)
        # The phone comes back online on A's saved copy of history: /session-token says nobody
        # is signed in, and the copy is taken off the screen at once.
        with page.expect_navigation(timeout=30_000):  # the copy gives way: a reload
            context.set_offline(False)
        page.wait_for_load_state()
        assert words_of_a(page) == [] and "/login" in page.url
        context.set_offline(True)
    nothing_of_a_offline(page, part_path, nobody_here=True)

    context.set_offline(False)
    sign_up(page, B_NAME, PASSWORD)
    for path in ("/", "/checkins/", "/account", "/safety-plan"):
        page.goto(path)
        assert words_of_a(page) == [], path
    response = page.goto(part_path)
    assert response.status == 404 and words_of_a(page) == []
    page.goto("/safety-plan")
    ready_offline(page)
    page.reload()  # the plan's form, kept for B

    context.set_offline(True)
    nothing_of_a_offline(page, part_path, nobody_here=False)
    page.goto("/safety-plan")
    page.fill("#reasons", B_PLAN)
    page.click("text=Save my plan")
    page.locator(".outbox-queued").wait_for()
    entries = page.evaluate("Befriend.outbox().then((o) => o.all())")
    assert [e["user"] for e in entries] == [page.evaluate("Befriend.sessionOwner()")]
    assert entries[0]["user"] == page.get_attribute("html", "data-user") != ""

    page.wait_for_selector("[data-outbox-status]", state="visible")
    context.set_offline(False)
    page.wait_for_selector("[data-outbox-status]", state="hidden", timeout=15_000)
    assert plans(app) == {A_NAME: A_PLAN, B_NAME: B_PLAN}
    assert errors == []


def test_offline_words_are_not_kept_for_a_page_of_someone_no_longer_signed_in(context_factory):
    """An old tab of A's, offline, after A's cookies are gone: the save is not queued as A (nor
    as anyone), and what was typed stays on the screen."""
    context = context_factory()
    page = context.new_page()
    sign_up(page, A_NAME, PASSWORD)
    page.goto("/safety-plan")
    ready_offline(page)
    page.wait_for_function("() => window.BefriendOutboxUI !== undefined")
    context.set_offline(True)
    context.clear_cookies()
    page.fill("#reasons", A_PLAN)
    page.click("text=Save my plan")
    problem = page.locator("#safety-plan-form .outbox-problem")
    problem.wait_for()
    assert "signed out on this phone" in problem.inner_text()
    assert page.input_value("#reasons") == A_PLAN
    assert page.evaluate("Befriend.outbox().then((o) => o.all())") == []
    assert axe_serious(page) == []
    context.set_offline(False)


def test_signing_in_again_keeps_the_persons_pages_afresh(context_factory):
    """A's pages went when A's cookies did; once A signs in again the phone keeps them again
    (it must not believe it still has them)."""
    context = context_factory()
    page = context.new_page()
    sign_up(page, A_NAME, PASSWORD)
    page.goto("/safety-plan")
    page.fill("#reasons", A_PLAN)
    page.click("text=Save my plan")
    page.get_by_text("Your safety plan is saved.").wait_for()
    ready_offline(page)
    kept(page, "/safety-plan", "orchard")
    context.set_offline(True)
    context.clear_cookies()
    page.goto("/safety-plan")
    assert words_of_a(page) == [] and page.inner_text("h1") == OFFLINE

    context.set_offline(False)
    page.goto("/login")
    page.fill("#username", A_NAME)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    ready_offline(page)
    context.set_offline(True)
    page.goto("/safety-plan")
    assert A_PLAN in page.inner_text("main")
    context.set_offline(False)


def test_a_one_time_message_is_never_shown_again_from_the_phone(context_factory):
    """The part's page right after adding it says so once; the copy the phone keeps of that
    very page doesn't say it again offline."""
    context = context_factory()
    page = context.new_page()
    sign_up(page)
    ready_offline(page)
    part_url = add_part(page, "The quiet one")
    assert "in your parts library now" in page.inner_text("main")
    context.set_offline(True)
    page.goto(part_url)
    assert page.locator("html[data-saved-copy]").count() == 1
    assert "The quiet one" in page.inner_text("main")
    assert "in your parts library now" not in page.inner_text("body")
