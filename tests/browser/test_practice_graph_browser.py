"""The stepper in real Chromium follows exactly the server's graph: a sample of paths covering
every link of every practice; every "no" turns the practice to the protector and ends with a
save; exile work waits on hard days and asks for the caution again each session."""

from __future__ import annotations

import pytest

from ifs_pwa.practices.graph import FINISH, step_paths
from ifs_pwa.practices.loader import load_library
from tests.browser.fixtures import DESKTOP, PHONE, axe_serious, sign_up
from tests.browser.test_parts_practices import add_part
from tests.factories import add_checkin, add_phq9
from tests.web.practice_paths import answers_for, covering_sample, expected_screens

pytestmark = [pytest.mark.browser, pytest.mark.walk]
LIBRARY = load_library()
VISIBLE = "document.querySelector('form[data-practice] [data-step]:not([hidden])').dataset.step"


def pass_readiness(page, slug: str) -> None:
    page.goto(f"/practices/{slug}")
    page.check("#understood")
    page.check("#self_here-yes")
    with page.expect_navigation():
        page.click("text=Show me the practice")
    page.wait_for_selector("form[data-practice].stepping")


def open_practice(page, slug: str) -> None:
    if LIBRARY[slug].gated:
        pass_readiness(page, slug)
    else:
        page.goto(f"/practices/{slug}")
        page.wait_for_selector("form[data-practice].stepping")


def step_through(page, slug: str, path) -> list[str]:
    """Press Next along the path in the real stepper, noting each screen it shows."""
    practice = LIBRARY[slug]
    choices = answers_for(path)
    seen = []
    while True:
        screen = page.evaluate(VISIBLE)
        assert page.locator("form[data-practice] [data-step]:visible").count() == 1
        seen.append(screen)
        if screen == FINISH or len(seen) > 60:
            return seen
        step = practice.step(screen)
        if step and step.kind == "choose":
            page.check(f"input[name='answer-{screen}'][value='{choices[screen]}']")
        page.click("[data-next]")


@pytest.mark.parametrize("slug", list(LIBRARY))
def test_the_stepper_shows_exactly_the_servers_sequence(page, page_errors, slug):
    sign_up(page)
    practice = LIBRARY[slug]
    for path in covering_sample(practice):
        open_practice(page, slug)
        assert step_through(page, slug, path) == expected_screens(practice, path), path
        text = page.inner_text("[data-progress]")
        position, total = text.removeprefix("Step ").split(" of ")
        assert position == total
    assert page_errors == []


REFUSALS = [(slug, step.id, option.value)
            for slug, practice in LIBRARY.items() for step in practice.steps
            for option in step.options if option.refusal]


@pytest.mark.parametrize(("slug", "step_id", "value"), REFUSALS,
                         ids=[f"{s}-{v}" for s, _, v in REFUSALS])
def test_every_no_stays_with_the_protector_and_ends_with_a_save(page, slug, step_id, value):
    sign_up(page)
    practice = LIBRARY[slug]
    path = next(p for p in step_paths(practice) if (step_id, value) in p)
    open_practice(page, slug)
    seen = step_through(page, slug, path)
    after = seen[seen.index(step_id) + 1:]
    assert after[-1] == FINISH and len(after) >= 2
    for screen in after:
        assert page.locator(f"[data-step='{screen}'][data-exile]").count() == 0, screen
    page.click("text=Save this practice")
    page.wait_for_selector("text=Saved. Thank you for doing this.")


def test_witnessing_protector_says_no_screens_are_about_the_protector(page):
    sign_up(page)
    pass_readiness(page, "witnessing-an-exile")
    page.click("[data-next]")  # intro
    page.click("[data-next]")  # breathe first
    page.check("text=It says no, or it's worried")
    page.click("[data-next]")
    assert page.locator("[data-step=protector_worry]").is_visible()
    assert "protector" in page.inner_text("[data-step=protector_worry]")
    page.fill("#answer-protector_worry", "That it will be too much for me")
    page.click("[data-next]")
    body = page.inner_text("[data-step=protector_thanks]")
    assert "Thank the protector" in body and "remember" in body
    page.click("[data-next]")
    assert page.locator("[data-step=finish]").is_visible()
    page.click("text=Save this practice")
    page.wait_for_selector("text=Saved. Thank you for doing this.")
    page.click("text=Read your answers")
    assert page.locator("text=That it will be too much for me").is_visible()
    assert page.locator("text=It says no, or it's worried").is_visible()


def test_going_back_and_changing_a_no_to_a_yes_follows_the_new_branch(page):
    sign_up(page)
    pass_readiness(page, "unburdening")
    page.click("[data-next]")
    page.click("[data-next]")
    page.check("text=Not yet")
    page.click("[data-next]")
    assert page.evaluate(VISIBLE) == "not_yet"
    page.click("[data-back]")
    page.check("text=Yes to both")
    page.click("[data-next]")
    assert page.evaluate(VISIBLE) == "approach"
    assert "flood" in page.inner_text("[data-step=approach]")
    page.click("[data-next]")
    assert page.evaluate(VISIBLE) == "feel_toward"
    page.click("[data-next]")  # no choice made: stays, and says why
    assert page.evaluate(VISIBLE) == "feel_toward"
    assert page.locator("[data-step=feel_toward] [data-choose-hint]").is_visible()


@pytest.mark.parametrize("slug", ["witnessing-an-exile", "unburdening"])
def test_a_low_check_in_today_offers_grounding_instead(app, page, slug):
    sign_up(page)
    add_checkin(app, "sam", 2)
    page.goto(f"/practices/{slug}")
    assert page.locator("[data-hard-day]").is_visible()
    assert page.locator("form[data-practice]").count() == 0
    for link in ("Ground yourself", "Breathe slowly", "Open your safety plan"):
        assert page.locator(f"text={link}").is_visible()
    page.click("text=Ground yourself")
    page.wait_for_url("**/practices/grounding-5-4-3-2-1")


@pytest.mark.parametrize("slug", ["witnessing-an-exile", "unburdening"])
def test_a_recent_phq9_item9_answer_offers_grounding_instead(app, page, slug):
    sign_up(page)
    add_phq9(app, "sam", item9=1, days_ago=10)
    page.goto(f"/practices/{slug}")
    assert page.locator("[data-hard-day]").is_visible()
    assert page.locator("text=Thank you for being honest about this").is_visible()
    assert page.locator("form[data-practice]").count() == 0


def test_a_second_exile_session_the_same_day_asks_for_the_caution_again(page):
    sign_up(page)
    pass_readiness(page, "witnessing-an-exile")
    page.click("[data-next]")
    page.click("[data-next]")
    page.check("text=It says no, or it's worried")
    page.click("[data-next]")
    page.click("text=Pause and ground me")
    page.click("text=Save what I have and stop")
    page.wait_for_selector("text=Saved where you stopped.")
    for slug in ("witnessing-an-exile", "unburdening"):
        page.goto(f"/practices/{slug}")
        assert page.locator("text=A reminder, as every time").is_visible()
        assert page.locator("#understood").is_visible()
        assert page.locator("form[data-practice]").count() == 0
    page.reload()
    assert page.locator("#understood").is_visible()  # a reload is a new session too


def test_no_part_page_offers_exile_work_as_its_main_action(page):
    sign_up(page)
    protector = add_part(page, "Guard")
    exile = add_part(page, "Little one", role="exile")
    add_part(page, "Numbing", role="firefighter")
    page.goto(protector)
    page.select_option("#other", label="Little one")
    page.click("text=Add relationship")
    page.goto("/parts/")
    for url in [protector, exile]:
        page.goto(url)
        main = page.locator(".main-action a")
        hrefs = [main.nth(i).get_attribute("href") for i in range(main.count())]
        assert hrefs and not any("witnessing" in h or "unburdening" in h for h in hrefs), hrefs
    page.goto(exile)
    guard_id = protector.rstrip("/").split("/")[-1]
    page.click(".main-action >> text=Get to know Guard")
    page.wait_for_url(f"**/practices/get-to-know-a-protector?part={guard_id}")
    page.goto(exile)
    page.click("text=Witnessing an exile")  # further down, and through the readiness check
    assert page.locator("#understood").is_visible()


def test_without_javascript_the_browser_walks_the_same_graph(context_factory):
    page = context_factory(java_script_enabled=False).new_page()
    sign_up(page)
    slug = "witnessing-an-exile"
    page.goto(f"/practices/{slug}")
    page.check("#understood")
    page.check("#self_here-yes")
    with page.expect_navigation():  # without JavaScript every step is a page of its own
        page.click("text=Show me the practice")
    practice = LIBRARY[slug]
    path = next(p for p in step_paths(practice) if dict(p).get("permission") == "no")
    seen = []
    while True:
        visible = page.locator("form[data-practice] [data-step]:visible")
        visible.first.wait_for(state="visible")
        assert visible.count() == 1
        screen = visible.get_attribute("data-step")
        seen.append(screen)
        assert len(seen) < 30, seen
        if screen == FINISH:
            break
        if screen == "permission":
            page.check("input[name='answer-permission'][value='no']")
            # Enter in a field moves on, as Next does: it never saves the practice early.
            with page.expect_navigation():
                page.press("input[name='answer-permission'][value='no']", "Enter")
            continue
        with page.expect_navigation():
            page.click(".stepper[data-nojs] >> text=Next")
    assert seen == expected_screens(practice, path)
    page.click("text=Save this practice")
    page.wait_for_selector("text=Saved. Thank you for doing this.")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_readiness_and_gentler_screens_pass_axe(app, context_factory, viewport, scheme):
    page = context_factory(viewport=viewport, color_scheme=scheme).new_page()
    sign_up(page)
    protector = add_part(page, "Guard")
    exile = add_part(page, "Little one", role="exile")
    page.goto(protector)
    page.select_option("#other", label="Little one")
    page.click("text=Add relationship")
    checks = []
    page.goto("/practices/")
    checks.append(("catalogue", axe_serious(page)))
    page.goto(exile)
    checks.append(("exile part", axe_serious(page)))
    page.goto("/practices/witnessing-an-exile")
    checks.append(("caution, first time", axe_serious(page)))
    with page.expect_navigation():
        page.click("text=Show me the practice")  # nothing ticked: 422 with messages
    checks.append(("caution with errors", axe_serious(page)))
    page.check("#understood")
    page.check("#self_here-no")
    with page.expect_navigation():
        page.click("text=Show me the practice")
    checks.append(("not now", axe_serious(page)))
    pass_readiness(page, "witnessing-an-exile")
    checks.append(("witnessing", axe_serious(page)))
    page.click("[data-next]")
    page.click("[data-next]")
    page.click("[data-next]")  # no choice made: the hint shows
    checks.append(("choose hint", axe_serious(page)))
    page.goto("/practices/unburdening")
    checks.append(("caution, shorter", axe_serious(page)))
    page.goto("/practices/self-check")
    while page.evaluate(VISIBLE) != "calm":
        page.click("[data-next]")
    for step_id in ("calm", "curious_low", "confident_low", "creative_low"):
        page.check(f"input[name='answer-{step_id}'][value='little']")
        page.click("[data-next]")
    assert page.evaluate(VISIBLE) == "all_low"
    checks.append(("self check, all low", axe_serious(page)))
    add_checkin(app, "sam", 1)
    page.goto("/practices/witnessing-an-exile")
    checks.append(("not today", axe_serious(page)))
    assert [(name, found) for name, found in checks if found] == []
