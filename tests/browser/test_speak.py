"""Following a practice or a breath with eyes closed, in real Chromium: "Read it to me" (a spy in
place of speechSynthesis records every utterance), the timed pause's countdown and hands-free
mode (on Playwright's clock), lighter screens at 390×844 above the tab bar, and axe."""

from __future__ import annotations

import pytest

from ifs_pwa.practices.loader import load_library
from tests.browser.fixtures import DESKTOP, axe_serious, sign_up, watch

pytestmark = [pytest.mark.browser, pytest.mark.screen]
SLUG = "befriend-depressed-part"
PRACTICE = load_library()[SLUG]
TALL_PHONE = {"width": 390, "height": 844}
VISIBLE = "document.querySelector('form[data-practice] [data-step]:not([hidden])').dataset.step"
# Every utterance is recorded and "ends" after 300 ms unless cancelled first; a chime is counted
# by its oscillators.
SPY = """
(() => {
  const log = window.__speech = { spoken: [], rates: [], cancels: 0, oscillators: 0 };
  let live = [];
  speechSynthesis.speak = (u) => {
    log.spoken.push(u.text); log.rates.push(u.rate);
    const entry = { cancelled: false }; live.push(entry);
    setTimeout(() => { if (!entry.cancelled) u.dispatchEvent(new Event("end")); }, 300);
  };
  speechSynthesis.cancel = () => {
    log.cancels++; live.forEach((e) => { e.cancelled = true; }); live = [];
  };
  speechSynthesis.getVoices = () => [];
  const make = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function () {
    log.oscillators++; return make.call(this);
  };
})();
"""


def spied(context_factory, **options):
    context = context_factory(**options)
    context.add_init_script(SPY)
    page = context.new_page()
    errors = []
    watch(page, errors)
    page.errors = errors
    return page


def spoken(page) -> list[str]:
    return page.evaluate("window.__speech.spoken")


def open_practice(page, breathe_first=True) -> None:
    page.goto(f"/practices/{SLUG}")
    page.wait_for_selector("form[data-practice].stepping [data-speak-pause]", state="attached")
    if not breathe_first:
        page.uncheck("#breathe_first")


def step_words(page) -> list[str]:
    """What the visible step marks to be read, whitespace as speech has it."""
    return page.evaluate("""Array.from(document.querySelectorAll(
        'form[data-practice] [data-step]:not([hidden]) [data-say]'))
        .map((n) => n.textContent.replace(/\\s+/g, ' ').trim())""")


def library_words(step_id: str) -> list[str]:
    step = PRACTICE.step(step_id)
    paragraphs = [" ".join(p.split()) for p in step.text.split("\n\n") if p.strip()]
    return [step.title, *paragraphs, *([step.prompt] if step.prompt else [])]


def wait_spoken(page, count: int) -> None:
    page.wait_for_function("n => window.__speech.spoken.length >= n", arg=count)


def turn_on(page, what: str) -> None:
    details = page.locator(".speak-settings")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    details.get_by_label(what).check()


def test_read_it_to_me_speaks_each_step_in_order_and_pause_stops_it(context_factory):
    page = spied(context_factory)
    sign_up(page)
    open_practice(page, breathe_first=False)
    assert page.locator("[data-speak-pause]").is_hidden()
    box = page.get_by_label("Read it to me")
    description = page.locator("#" + box.get_attribute("aria-describedby")).text_content()
    assert "screen reader" in description and "only starts when you tap" in description
    assert spoken(page) == []  # nothing before a tap
    page.locator(".speak-settings summary").click()
    page.locator(".speak-settings").get_by_label("Reading speed").select_option("slower")
    turn_on(page, "Read it to me")
    expected = step_words(page)
    assert expected[0] == "Before you begin"
    wait_spoken(page, len(expected))
    for step_id in ("system_ok", "welcome", "find", "focus", "flesh_out"):
        if step_id == "welcome":
            okay_with_the_system(page)
        page.click("[data-next]")
        assert page.evaluate(VISIBLE) == step_id
        words = step_words(page)
        assert words[:len(library_words(step_id))] == library_words(step_id)
        expected += words
        wait_spoken(page, len(expected))
    page.wait_for_timeout(400)
    assert spoken(page) == expected  # in order, each once, nothing else
    assert {round(r, 2) for r in page.evaluate("window.__speech.rates")} == {0.8}
    assert page.evaluate("window.__speech.oscillators") >= 8  # a chime for each of four steps

    # Pause: cancel() at once, then silence until Resume picks up where it stopped.
    page.click("[data-back]")
    assert page.evaluate(VISIBLE) == "focus"
    words = step_words(page)
    wait_spoken(page, len(expected) + 1)
    cancels = page.evaluate("window.__speech.cancels")
    pause = page.locator("[data-speak-pause]")
    assert pause.inner_text() == "Pause"
    pause.click()
    assert page.evaluate("window.__speech.cancels") == cancels + 1
    heard = len(spoken(page))
    page.wait_for_timeout(1500)
    assert len(spoken(page)) == heard and pause.inner_text() == "Resume"
    pause.click()
    wait_spoken(page, len(expected) + len(words) + 1)
    page.wait_for_timeout(400)
    after = spoken(page)[len(expected):]
    assert after[-1] == words[-1] and set(after) <= set(words)
    assert after[:heard - len(expected)] == words[:heard - len(expected)]
    assert page.errors == []


def test_off_nothing_is_spoken_and_remembered_on_it_waits_for_a_tap(context_factory):
    page = spied(context_factory)
    sign_up(page)
    open_practice(page)
    for _ in range(5):
        page.click("[data-next]")
    page.wait_for_timeout(1200)
    assert spoken(page) == [] and page.evaluate("window.__speech.oscillators") == 0
    turn_on(page, "Read it to me")
    wait_spoken(page, 1)
    # Remembered on this phone; a new page still says nothing until the person taps.
    open_practice(page)
    assert page.get_by_label("Read it to me").is_checked()
    page.wait_for_timeout(1200)
    assert spoken(page) == []
    assert page.locator("[data-speak-pause]").inner_text() == "Read this step"
    page.click("[data-next]")
    wait_spoken(page, 1)
    assert spoken(page)[0] == "Breathe first"


def test_without_speech_synthesis_there_is_no_read_aloud_control(context_factory):
    context = context_factory()
    context.add_init_script(
        "Object.defineProperty(window, 'speechSynthesis', { value: undefined })")
    page = context.new_page()
    sign_up(page)
    open_practice(page)
    page.locator(".speak-settings summary").click()
    assert page.locator(".speak-settings").get_by_label("Read it to me").count() == 0
    assert page.get_by_label("Hands-free: move on by itself after a timed pause").is_visible()


def okay_with_the_system(page) -> None:
    """The befriending practice first asks whether it is okay with the system today: yes."""
    page.locator("[data-step=system_ok]").get_by_label("Yes, it feels okay").check()


def walk_to_the_pause(page) -> None:
    page.click("[data-next]")  # intro
    okay_with_the_system(page)
    for _ in range(3):  # is it okay, welcome, find
        page.click("[data-next]")
    assert page.evaluate(VISIBLE) == "focus"


@pytest.mark.parametrize("hands_free", [True, False], ids=["hands-free", "by-hand"])
def test_a_stay_counts_down_and_hands_free_moves_on(context_factory, hands_free):
    page = context_factory().new_page()
    page.clock.install()
    sign_up(page)
    open_practice(page, breathe_first=False)
    if hands_free:
        turn_on(page, "Hands-free: move on by itself after a timed pause")
    walk_to_the_pause(page)
    timer = page.locator("[data-step=focus] [role=timer]")
    assert page.locator("[data-step=focus] .stay-ring").is_visible()
    assert timer.inner_text() == "30 seconds left"
    page.clock.run_for(10_000)
    assert timer.inner_text() == "20 seconds left"
    page.clock.run_for(21_000)
    if hands_free:
        assert page.evaluate(VISIBLE) == "flesh_out"
        page.clock.run_for(60_000)  # a question: hands-free waits for the person
        assert page.evaluate(VISIBLE) == "flesh_out"
    else:
        assert page.evaluate(VISIBLE) == "focus"
        assert timer.inner_text() == "Take your time. Go on when you're ready."


def test_hands_free_pause_holds_the_countdown(context_factory):
    page = context_factory().new_page()
    page.clock.install()
    sign_up(page)
    open_practice(page, breathe_first=False)
    turn_on(page, "Hands-free: move on by itself after a timed pause")
    walk_to_the_pause(page)
    page.clock.run_for(5_000)
    page.click("[data-speak-pause]")
    page.clock.run_for(60_000)
    assert page.evaluate(VISIBLE) == "focus"
    assert page.locator("[data-step=focus] [role=timer]").inner_text() == "25 seconds left"
    page.click("[data-speak-pause]")
    page.clock.run_for(26_000)
    assert page.evaluate(VISIBLE) == "flesh_out"


def test_with_reduced_motion_the_countdown_is_text(context_factory):
    page = context_factory(reduced_motion="reduce").new_page()
    page.clock.install()
    sign_up(page)
    open_practice(page, breathe_first=False)
    walk_to_the_pause(page)
    assert page.locator("[data-step=focus] .stay-ring").is_hidden()
    timer = page.locator("[data-step=focus] [role=timer]")
    page.clock.run_for(3_000)
    assert timer.is_visible() and timer.inner_text() == "27 seconds left"


def overlaps(a, b) -> bool:
    return not (a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]
                or a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"])


CHOICES = {"feel_toward": "curious"}


def test_every_befriending_screen_is_light_and_its_controls_clear_the_tab_bar(context_factory):
    page = context_factory(viewport=TALL_PHONE, has_touch=True, is_mobile=True).new_page()
    sign_up(page)
    open_practice(page)
    tabbar = page.locator(".tabbar").bounding_box()
    head = page.locator("[data-practice-head]")
    seen = []
    while True:
        screen = page.evaluate(VISIBLE)
        seen.append(screen)
        first = screen == "intro"
        assert page.locator("[data-summary]").is_visible() is first, screen
        assert (head.locator("h1").bounding_box()["height"] > 1) is first, screen
        stepper = page.locator("[data-stepper]").bounding_box()
        assert not overlaps(stepper, tabbar), screen
        for control in ("[data-next]", "[data-back]"):
            if page.locator(control).is_visible():
                assert not overlaps(page.locator(control).bounding_box(), tabbar), (screen, control)
        # The step's own words: in view, above the controls, without scrolling.
        assert page.evaluate("window.scrollY") == 0, screen
        words = page.locator("form[data-practice] [data-step]:not([hidden]) [data-say]")
        for k in range(words.count()):
            box = words.nth(k).bounding_box()
            assert box["y"] >= 0 and box["y"] + box["height"] <= stepper["y"], (screen, k)
        if screen == "finish" or len(seen) > 30:
            break
        if screen in CHOICES:
            page.check(f"input[name='answer-{screen}'][value='{CHOICES[screen]}']")
        if page.evaluate(VISIBLE) == "system_ok":
            okay_with_the_system(page)
        page.click("[data-next]")
    assert seen[-1] == "finish" and "focus" in seen and len(seen) > 12


@pytest.mark.parametrize(("options", "shown"), [
    ({"has_touch": True, "is_mobile": True, "viewport": TALL_PHONE}, False),
    ({"viewport": DESKTOP}, True),
])
def test_keyboard_hints_only_with_a_keyboard(context_factory, options, shown):
    page = context_factory(**options).new_page()
    page.goto("/breathe")
    hint = page.locator("[data-main] .keys")
    hint.wait_for(state="attached")
    assert hint.is_visible() is shown


@pytest.mark.parametrize("read", [True, False], ids=["reading", "off"])
def test_breathing_reads_each_phase_and_pause_stops_it(context_factory, read):
    page = spied(context_factory)
    page.clock.install()
    page.goto("/breathe")
    box = page.locator("[data-breathe-setup]").get_by_label("Read it to me")
    box.wait_for()
    page.check("#pattern-box")
    if read:
        box.check()
    page.click("[data-main] button:has-text('Start')")
    page.clock.run_for(8_500)  # box breathing: 4 s in, 4 s hold, then out
    if not read:
        page.clock.run_for(20_000)
        assert spoken(page) == []
        return
    assert spoken(page) == ["Breathe in", "Hold", "Breathe out"]
    cancels = page.evaluate("window.__speech.cancels")
    page.click("[data-main] button:has-text('Pause')")
    assert page.evaluate("window.__speech.cancels") == cancels + 1
    page.clock.run_for(20_000)
    assert len(spoken(page)) == 3
    page.click("[data-main] button:has-text('Resume')")
    page.clock.run_for(4_000)
    assert spoken(page)[3:] == ["Breathe out", "Rest"]
    assert page.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_read_aloud_and_countdown_screens_pass_axe(context_factory, scheme):
    page = context_factory(viewport=TALL_PHONE, color_scheme=scheme).new_page()
    page.goto("/breathe")
    page.locator("[data-breathe-setup]").get_by_label("Read it to me").wait_for()
    assert axe_serious(page) == [], "breathe"
    sign_up(page)
    open_practice(page, breathe_first=False)
    turn_on(page, "Read it to me")
    turn_on(page, "Hands-free: move on by itself after a timed pause")
    walk_to_the_pause(page)
    page.click("[data-speak-pause]")
    assert page.locator("[data-step=focus] [role=timer]").is_visible()
    assert axe_serious(page) == [], "practice pause step"
