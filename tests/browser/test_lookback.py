"""Looking back in Chromium: a year pixel opens its day and a check-in added there lands on that
day; the chart's dates match the data and a gap is as wide as the days it spans; Today's
controls are all full-size targets; no check-in page scrolls sideways at phone widths, with long
part names; axe finds nothing serious in light or dark."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.clock import today
from ifs_pwa.extensions import db
from tests.factories import insert_checkin, insert_parts, person

from .fixtures import axe_serious, sign_up, watch

pytestmark = [pytest.mark.browser, pytest.mark.screen]

# 80 characters (the longest a name may be), and one long word that cannot wrap at a space.
LONG_NAMES = ("The one who keeps everything running smoothly at work and at home, every day ok",
              "Theonewhoworriesaboutabsolutelyeverythingallthetimeandneverrests")
GAP_DAYS = (date(2025, 11, 17), date(2025, 11, 18), date(2025, 11, 22))  # 18 -> 22: four days


def seed(app, username: str = "sam") -> date:
    """Check-ins with long-named parts around a four-day gap, and on the last three days (so
    Today lists one and shows its suggestions); returns the person's today."""
    with app.app_context():
        owner = person(username)
        parts = list(insert_parts(owner, *LONG_NAMES).values())
        for day, mood in zip(GAP_DAYS, (4, 5, 8), strict=True):
            insert_checkin(owner, day, mood, qualities=("calm", "curiosity"), parts=parts)
        local_today = today(owner.timezone)
        for days_ago in (1, 2):
            insert_checkin(owner, local_today - timedelta(days=days_ago), 6, parts=parts)
        insert_checkin(owner, local_today, 3, parts=parts, hour=0)
        db.session.commit()
        return local_today


def centre_x(page, selector: str) -> float:
    return page.eval_on_selector(
        selector, "el => { const r = el.getBoundingClientRect(); return r.x + r.width / 2; }")


def test_a_year_pixel_opens_its_day_and_adding_there_saves_on_that_day(app, page, page_errors):
    sign_up(page)
    seed(app)
    page.goto("/checkins/?year=2025")
    pixel = page.locator('a[href="/checkins/day/2025-11-18"]')
    assert pixel.get_attribute("aria-label") == "18 Nov: 5.0"  # its name for screen readers
    with page.expect_navigation(url="**/checkins/day/2025-11-18"):
        pixel.click()
    assert "18 November 2025" in page.inner_text("h1")
    assert "with " + LONG_NAMES[0] in page.inner_text("main")

    page.click("label[for=mood-7]")
    with page.expect_response(lambda r: r.request.method == "POST"
                              and r.url.endswith("/checkins")) as saving:
        page.click("button.save")
    assert saving.value.status == 201
    page.locator("#checkin-saved").wait_for()
    assert axe_serious(page) == []  # the confirmation, swapped into the day's page
    with app.app_context():
        moods = db.session.scalars(select(CheckIn.mood).where(
            CheckIn.local_date == date(2025, 11, 18)).order_by(CheckIn.id)).all()
    assert moods == [5, 7]

    # By keyboard: the pixel of the 22nd takes focus and Enter opens it.
    page.goto("/checkins/?year=2025")
    page.focus('a[href="/checkins/day/2025-11-22"]')
    with page.expect_navigation(url="**/checkins/day/2025-11-22"):
        page.keyboard.press("Enter")
    assert page_errors == []


def test_the_chart_puts_dates_under_their_days_and_draws_a_gap_as_wide_as_it_is(app, page):
    sign_up(page)
    seed(app)
    page.goto("/checkins/?month=2025-11")
    chart = "svg.trend-chart"
    page.locator(chart).wait_for()
    x17, x18, x22 = (centre_x(page, f'{chart} circle[data-label="{label}"]')
                     for label in ("Mon 17 Nov", "Tue 18 Nov", "Sat 22 Nov"))
    day = x18 - x17
    assert day > 3  # a day is a visible step, not squashed to nothing
    assert x22 - x18 == pytest.approx(4 * day, abs=1)
    dates = page.eval_on_selector_all(f"{chart} text.date", "els => els.map(e => e.textContent)")
    assert dates == ["1 Nov", "8 Nov", "15 Nov", "22 Nov", "29 Nov"]
    assert centre_x(page, f'{chart} text[data-date="22 Nov"]') == pytest.approx(x22, abs=1.5)
    assert centre_x(page, f'{chart} text[data-date="15 Nov"]') == pytest.approx(x18 - 3 * day,
                                                                                abs=1.5)
    titles = page.eval_on_selector_all(f"{chart} text.panel-title",
                                       "els => els.map(e => e.textContent)")
    assert titles == ["Mood, 1 to 10", "Self-energy: C's noticed, 0 to 8"]
    key = page.locator(".trend-key")
    spans = key.locator("span").all_text_contents()
    assert spans == ["Mood (1–10)", "Self-energy (C's noticed, 0–8)"]
    assert "—" not in key.inner_text()
    # Nothing drawn before the key itself (the parts map's .key line once stood there as "—").
    assert key.evaluate("el => getComputedStyle(el, '::before').content") in ("none", "normal")
    # The numbers stay readable without the picture.
    assert page.locator(".trend table th[scope=row]").all_text_contents() == [
        "Mon 17 Nov", "Tue 18 Nov", "Sat 22 Nov"]


# Radios and checkboxes are tapped through their labels (the inputs are hidden under them); a
# text field's label is a caption, and the field itself is the target.
TAPPABLE = """() => [...document.querySelectorAll(
    'a, button, summary, label[for], select, textarea, ' +
    'input:not([type=radio]):not([type=checkbox]):not([type=hidden])')]
  .filter(el => el.tagName !== 'LABEL'
    || ['radio', 'checkbox'].includes(el.control && el.control.type))
  .filter(el => {
    const r = el.getBoundingClientRect(), style = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && r.right > 0
      && r.left < innerWidth;
  })
  .map(el => { const r = el.getBoundingClientRect();
    return {what: el.outerHTML.slice(0, 80), w: r.width, h: r.height}; })"""


@pytest.mark.parametrize("width", [320, 390])
def test_every_control_on_today_is_a_full_size_target(app, context_factory, page_errors, width):
    page = context_factory(viewport={"width": width, "height": 800}).new_page()
    watch(page, page_errors)
    sign_up(page)
    seed(app)
    page.goto("/")
    page.click("summary")  # "Add more": its chips and fields count too
    page.locator("#feeling-sad").wait_for(state="attached")
    assert "You checked in today" in page.inner_text("main")
    assert page.locator("a", has_text="Look back").count() == 1
    targets = page.evaluate(TAPPABLE)
    assert len(targets) > 40
    small = [t for t in targets if t["w"] < 44 - 0.5 or t["h"] < 44 - 0.5]
    assert small == []
    assert page_errors == []


CHECKIN_PAGES = ("/", "/checkins/", "/checkins/?month=2025-11", "/checkins/?year=2025",
                 "/checkins/day/2025-11-18", "/checkins/insights")


def test_check_in_pages_never_scroll_sideways_and_axe_is_clean_light_and_dark(
        app, context_factory, page_errors):
    setup = context_factory().new_page()
    sign_up(setup)
    local_today = seed(app)
    cookies = setup.context.cookies()
    wrong, problems = [], []
    for scheme in ("light", "dark"):
        for width in (320, 390):
            context = context_factory(viewport={"width": width, "height": 800},
                                      color_scheme=scheme)
            context.add_cookies(cookies)
            page = context.new_page()
            watch(page, page_errors)
            for path in (*CHECKIN_PAGES, f"/checkins/day/{local_today}"):
                page.goto(path)
                page.locator("main").wait_for()
                if page.locator("details.more").count():
                    page.click("details.more > summary")
                sizes = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
                if sizes[0] > sizes[1]:
                    wrong.append((scheme, width, path, sizes))
                if width == 320:  # axe once per scheme; the widths share their markup
                    found = axe_serious(page)
                    if found:
                        problems.append((scheme, path, found))
    assert wrong == []
    assert problems == []
    assert page_errors == []
