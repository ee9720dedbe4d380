"""Forms the server answers in place (422s, results): what comes back is wired like the page it
replaced, because every page script starts on htmx:load and the outbox swaps with htmx.swap.
And a questionnaire on a phone: one tap per question, the history updated at once."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import parse_qs

import pytest
from sqlalchemy import select

from ifs_pwa.extensions import db
from ifs_pwa.measures.models import MeasureResult

from .fixtures import answer_question, axe_serious, sign_up, watch

pytestmark = pytest.mark.browser


def is_save(path: str):
    return lambda request: request.method == "POST" and request.url.endswith(path)


def test_a_phq9_is_nine_taps_and_a_submit_and_the_history_shows_it_at_once(page, page_errors, app):
    sign_up(page)
    page.goto("/measures/phq9")
    history = page.locator("#history")
    assert "Once you've answered" in history.inner_text()
    assert page.locator("button[data-back]").is_hidden()  # nothing to go back to yet
    taps = 0
    for n in range(1, 10):
        assert page.inner_text("[data-progress]") == f"Question {n} of 9"
        if n == 2:
            assert page.locator("button[data-back]").is_visible()
        answer_question(page, "Several days" if n < 9 else "Not at all")
        taps += 1
    assert page.inner_text("[data-progress]") == "One last question, if you like"
    with page.expect_response(lambda r: r.request.method == "POST") as saving:
        page.click("button[data-submit]")
    assert saving.value.status == 201 and taps == 9
    page.locator(".measure-result").wait_for()
    assert "8</strong> out of 27" in page.inner_html(".measure-result")
    # The history under the result has the new score, without a reload.
    assert "Once you've answered" not in history.inner_text()
    assert page.locator("#history circle.dot").count() == 1
    assert "8 of 27" in history.inner_text() or "8 of 27" in page.inner_html("#history")
    assert page.locator("#history").count() == 1
    with app.app_context():
        (row,) = db.session.scalars(select(MeasureResult)).all()
        assert row.score == 8 and row.answers["items"] == [1] * 8 + [0]
    assert axe_serious(page) == []
    assert page_errors == []


def test_after_a_422_the_questionnaire_still_steps_and_back_still_works(page, page_errors):
    sign_up(page)
    page.goto("/measures/phq9")
    for _ in range(9):
        answer_question(page, "Not at all")
    # Stepping lets nobody past an unanswered question, so the server's 422 is reached by an
    # answer lost on the way (as from an old page's form): question 9's is taken out.
    page.evaluate("document.querySelector('input[name=q9]:checked').checked = false")
    with page.expect_response(lambda r: r.request.method == "POST") as saving:
        page.click("button[data-submit]")
    assert saving.value.status == 422
    form = page.locator("#measure-form")
    form.locator(".form-error").wait_for()
    # The form that came back steps one question at a time, at the one that needs an answer.
    assert form.locator("fieldset:visible").count() == 1
    assert page.inner_text("[data-progress]") == "Question 9 of 9"
    assert "Please choose an answer" in form.locator("fieldset:visible").inner_text()
    page.click("button[data-back]")
    assert page.inner_text("[data-progress]") == "Question 8 of 9"
    assert form.locator("fieldset:visible input:checked").count() == 1  # answers kept
    page.click("button[data-next]")
    answer_question(page, "Not at all")
    page.click("button[data-submit]")
    page.locator(".measure-result").wait_for()
    assert page.locator("#history circle.dot").count() == 1
    assert page_errors == []


def test_after_a_422_the_checkins_when_is_still_taken_at_the_moment_of_saving(context_factory):
    context = context_factory(timezone_id="Europe/London")
    start = datetime(2026, 3, 10, 9, 0)
    context.clock.install(time=start)
    page = context.new_page()
    errors: list[str] = []
    watch(page, errors)
    sign_up(page)
    page.goto("/")
    drawn = page.input_value("#checkin-form input[name=occurred_at]")
    with page.expect_response(lambda r: r.request.method == "POST") as refused:
        page.evaluate("document.querySelector('#checkin-form').requestSubmit()")  # no mood
    assert refused.value.status == 422
    page.locator("#checkin-form .error, #checkin-form [role=alert]").first.wait_for()

    context.clock.fast_forward("25:00")  # the person comes back to it 25 minutes later
    page.click("label[for=mood-6]")
    with page.expect_request(is_save("/checkins")) as saving:
        page.click("#checkin-form button.save")
    sent = datetime.fromisoformat(parse_qs(saving.value.post_data)["occurred_at"][0])
    # The phone's clock at the moment of saving (London is on UTC in March), not the time the
    # form was drawn with, nor the 422's.
    later = start + timedelta(minutes=25)
    assert later <= sent <= later + timedelta(minutes=1), (drawn, sent)
    page.locator("#checkin-saved").wait_for()
    assert errors == []


def test_after_a_422_a_practice_still_steps_and_opens_at_the_answer_to_look_at(
        page, page_errors, app):
    """A practice refused (one answer far too long) comes back as the server's form: practice.js
    starts on it again, so it is one screen at a time, on the screen of that answer, with what
    was written kept; shortened, it saves."""
    from ifs_pwa.practices.models import PracticeSession

    def saving_practice(response):
        return is_save("/practices/appreciation-minute")(response.request)

    sign_up(page)
    page.goto("/practices/appreciation-minute")
    while not page.locator("[data-step=effort]").is_visible():
        page.click("[data-next]")
    # 11,400 characters, past the box's maxlength as a paste from elsewhere can be
    page.eval_on_selector("#answer-effort",
                          "el => { el.value = 'It keeps me going. '.repeat(600); }")
    while page.locator("[data-next]").is_visible():
        page.click("[data-next]")
    with page.expect_response(saving_practice) as refused:
        page.click("text=Save this practice")
    assert refused.value.status == 422
    page.locator("[data-step=effort] .error").wait_for()
    assert page.locator("[data-step]:visible").count() == 1  # stepping again, not every screen
    assert page.locator("[data-step=effort]").is_visible()
    assert page.inner_text("[data-progress]").startswith("Step ")
    assert page.input_value("#answer-effort").startswith("It keeps me going.")
    assert axe_serious(page) == []
    page.fill("#answer-effort", "It keeps me going.")
    while page.locator("[data-next]").is_visible():
        page.click("[data-next]")
    with page.expect_response(saving_practice) as saving:
        page.click("text=Save this practice")
    assert saving.value.status == 201
    with app.app_context():
        assert db.session.scalars(select(PracticeSession)).one().answers["effort"] == \
            "It keeps me going."
    assert page_errors == []
