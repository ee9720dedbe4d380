"""Privacy pages in real Chromium: axe-clean, inline delete with htmx, and a full goodbye."""

from __future__ import annotations

import base64
import re

import pytest

from tests.browser.fixtures import DESKTOP, PHONE, axe_serious, sign_up

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
    assert "The critic is deleted." in page.inner_text("main")

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
    from tests.browser.test_offline import ready_offline

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
