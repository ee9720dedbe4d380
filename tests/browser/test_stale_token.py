"""A page whose form token belongs to a session that has since been renewed (signed in again on
this phone, the session cookie restored, a late answer putting an older cookie back) still saves:
the server says the token was refused, the page asks for this session's token and sends once
more, exactly once. But never as somebody else: when another person is signed in on the phone
now, or nobody is, nothing is sent and what was typed stays on the screen."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.extensions import db

from .fixtures import sign_up

pytestmark = pytest.mark.browser

NOTE = "Slept badly, but the walk helped."
BREAK_TOKEN = "document.querySelector('meta[name=csrf-token]').content = 'from-a-bygone-session'"


def checkins(app) -> list[tuple[int, int]]:
    with app.app_context():
        return [tuple(row) for row in db.session.execute(select(CheckIn.user_id, CheckIn.mood))]


def saves(page) -> list[int]:
    seen: list[int] = []
    page.on("response", lambda r: seen.append(r.status)
            if r.request.method == "POST" and r.url.endswith("/checkins") else None)
    return seen


def write_checkin(page, mood: int) -> None:
    page.click(f"label[for=mood-{mood}]")
    page.click("#checkin-form summary")
    page.fill("#checkin-form textarea[name=note]", NOTE)


def test_a_token_from_a_renewed_session_is_refreshed_and_the_save_sent_once(app, page):
    sign_up(page)
    statuses = saves(page)
    page.evaluate(BREAK_TOKEN)
    write_checkin(page, 4)
    page.click("button.save")
    page.locator("#checkin-saved").get_by_text("Saved.").wait_for()
    assert statuses == [400, 201]
    assert [mood for _, mood in checkins(app)] == [4]
    fresh = page.evaluate("document.querySelector('meta[name=csrf-token]').content")
    assert fresh != "from-a-bygone-session"


def written_then_signed_out_in_another_tab(context_factory, mood: int):
    """Sam writes a check-in (not saved yet); meanwhile Sam logs out in another tab of the same
    phone. Returns Sam's tab and the other one."""
    context = context_factory()
    sams_tab = context.new_page()
    sign_up(sams_tab, "sam")
    write_checkin(sams_tab, mood)
    other_tab = context.new_page()
    other_tab.goto("/more")
    other_tab.click("form[action='/logout'] button")
    other_tab.wait_for_url("**/")
    return sams_tab, other_tab


def refusal_shown(tab) -> str:
    problem = tab.locator("#checkin-form .outbox-problem")
    problem.wait_for()
    return problem.inner_text()


def test_nothing_is_sent_as_the_next_person_and_the_words_stay(app, context_factory):
    sams_tab, other_tab = written_then_signed_out_in_another_tab(context_factory, 3)
    sign_up(other_tab, "robin")
    statuses = saves(sams_tab)
    sams_tab.click("button.save")
    assert "Someone else is signed in on this phone" in refusal_shown(sams_tab)
    assert statuses == [400]
    assert checkins(app) == []
    assert sams_tab.input_value("#checkin-form textarea[name=note]") == NOTE
    assert sams_tab.is_checked("#mood-3")


def test_signed_out_elsewhere_keeps_the_words_and_says_how_to_go_on(app, context_factory):
    tab, _ = written_then_signed_out_in_another_tab(context_factory, 5)
    tab.click("button.save")
    assert "signed out on this phone" in refusal_shown(tab)
    assert checkins(app) == []
    assert tab.input_value("#checkin-form textarea[name=note]") == NOTE
