"""The safety net in real Chromium: crisis link everywhere, item 9 support at once, axe clean."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

from tests.browser.fixtures import DESKTOP, PHONE, answer_question, axe_serious, sign_up

pytestmark = pytest.mark.browser

SKIP_PREFIXES = ("/static/", "/logout")


def same_site_links(page, origin: str) -> set[str]:
    """Every link on the page that stays on this site, as a path (query kept); downloads (the
    account's exports) are files, not pages."""
    found = set()
    for href in page.eval_on_selector_all("a[href]:not([download])",
                                          "els => els.map(e => e.href)"):
        parts = urlsplit(urljoin(page.url, href))
        if f"{parts.scheme}://{parts.netloc}" != origin or parts.path.startswith(SKIP_PREFIXES):
            continue
        found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def test_crisis_link_is_on_every_page_reachable_from_the_nav_and_more(page, live_server,
                                                                      page_errors):
    sign_up(page)
    queue, seen, checked = ["/", "/more"], set(), []
    while queue and len(checked) < 60:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(path)
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        link = page.locator("header a.help-now")
        assert link.is_visible(), path
        assert link.get_attribute("href") == "/crisis", path
        assert link.bounding_box()["height"] >= 44, path
        checked.append(path)
        queue.extend(sorted(same_site_links(page, live_server) - seen))
    assert {"/", "/more", "/crisis", "/safety-plan", "/measures/", "/measures/phq9"} <= set(checked)
    page.goto(checked[-1])
    page.locator("header a.help-now").click()
    page.wait_for_url("**/crisis")
    assert page.get_by_role("heading", level=1).inner_text() == "You don't have to carry this alone"
    assert page_errors == []


def test_phq9_item9_brings_support_before_the_questionnaire_ends(page, page_errors):
    sign_up(page)
    page.goto("/measures/phq9")
    form = page.locator("#measure-form")
    assert form.locator("fieldset:visible").count() == 1  # one question per screen on a phone
    for _ in range(8):
        answer_question(page, "Not at all")  # each answer moves on by itself
    assert page.inner_text("[data-progress]") == "Question 9 of 9"
    assert page.locator("#crisis-now .crisis-card").is_hidden()  # in the page, not yet shown
    form.locator("fieldset:visible label:has-text('Several days')").click()
    card = page.locator("#crisis-now .crisis-card")
    card.wait_for(state="visible")
    assert "support right now" in card.inner_text().lower()
    assert card.get_by_role("link", name="All crisis lines and a grounding exercise").is_visible()
    assert page.locator("button[data-submit]").is_hidden()  # the questionnaire has not ended

    page.click("button[data-next]")
    assert card.is_visible()  # stays with the person through the last question
    page.click("button[data-submit]")
    # The outbox swaps the result in place of the form; support comes first in it.
    page.locator(".measure-result .crisis-card").wait_for(state="visible")
    page.goto("/measures/phq9")
    assert page.locator("circle.dot.flagged").count() == 1  # flagged in the history
    assert page_errors == []


def test_choosing_a_country_on_the_crisis_page_works_without_the_network(page):
    page.goto("/crisis")
    page.context.set_offline(True)
    page.select_option("#country", "AU")
    page.click("text=Show lines")
    australia = page.locator("#country-AU")
    assert australia.get_attribute("open") is not None
    assert australia.get_by_role("link", name="Call 13 11 14").is_visible()
    page.context.set_offline(False)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_safety_pages_pass_axe(context_factory, viewport, scheme):
    page = context_factory(viewport=viewport, color_scheme=scheme).new_page()
    sign_up(page)
    for path in ["/crisis", "/safety-plan", "/measures/phq9", "/measures/who5", "/welcome"]:
        page.goto(path)
        assert axe_serious(page) == [], path
    page.goto("/measures/phq9")
    if viewport is DESKTOP:  # no stepping on a wide screen: every question at once
        assert page.locator("#measure-form fieldset:visible").count() == 10
        for n in range(1, 10):
            page.check(f"input[name=q{n}][value='{1 if n == 9 else 2}']")
        page.click("button[data-submit]")
        page.locator(".measure-result").wait_for()  # swapped in by the outbox
        assert axe_serious(page) == [], "result"
    page.goto("/safety-plan")
    page.fill("#reasons", "My sister, and the sea.")
    page.fill("#helpers-0-name", "Jo")
    page.fill("#helpers-0-phone", "not a number")
    page.click("text=Save my plan")
    page.wait_for_selector("#helpers-0-phone[aria-invalid=true]")
    assert page.input_value("#reasons") == "My sister, and the sea."
    assert axe_serious(page) == [], "plan with errors"
    page.fill("#helpers-0-phone", "+44 7700 900123")
    page.click("text=Save my plan")
    page.get_by_text("Your safety plan is saved.").wait_for()
    page.goto("/safety-plan")
    assert page.get_by_role("link", name="Call Jo").get_attribute("href") == "tel:+447700900123"
    assert axe_serious(page) == [], "saved plan"
    page.goto("/crisis")
    assert page.get_by_role("link", name="Call Jo").is_visible()
    assert axe_serious(page) == [], "crisis with plan"
