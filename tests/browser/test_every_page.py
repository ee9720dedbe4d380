"""Every page of the route registry, in Chromium, at phone widths, for a person whose records
carry the longest names and words the forms allow: nothing scrolls sideways, every disclosure
shows that it opens, and axe finds nothing serious in light or dark.

The walk takes its addresses from the same registry the access and fuzz tests use
(tests/security/pages.py), so a page added to the app is walked here without anyone
remembering to add it.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.extensions import db
from tests.factories import insert_checkin, insert_parts, person, seed_everything
from tests.security.pages import signed_in_pages

from .fixtures import axe_serious, sign_up, watch
from .test_lookback import LONG_NAMES

pytestmark = [pytest.mark.browser, pytest.mark.screen]

WIDTHS = (320, 390)
LONG_NOTE = ("Woke at four again and lay there listing everything I haven't done; "
             "Supercalifragilisticexpialidociousandthensomemorewithoutanyspaceatall " * 3)


def seed_long(app, username: str) -> None:
    """seed_everything's records, plus long-named parts and a check-in naming them all with a
    long note."""
    seed_everything(app, username, tz="Europe/London")
    with app.app_context():
        owner = person(username)
        parts = list(insert_parts(owner, *LONG_NAMES).values())
        insert_checkin(owner, date(2025, 3, 3), 7, qualities=("calm", "curiosity"), parts=parts)
        newest = db.session.scalars(select(CheckIn).order_by(CheckIn.id.desc())).first()
        newest.note = LONG_NOTE
        db.session.commit()


def html_pages(app, username: str) -> list[str]:
    """The registry's pages that draw HTML (the export and other downloads are files)."""
    return [path for path in signed_in_pages(app, username)
            if not any(path.startswith(p) for p in ("/account/export", "/manifest", "/sw.js"))]


def is_html(response) -> bool:
    return response.headers.get("content-type", "").startswith("text/html")


SIDEWAYS = """() => {
  const doc = document.documentElement;
  if (doc.scrollWidth <= innerWidth) return null;
  // Name the widest offender, to say what to fix.
  let worst = null;
  for (const el of document.querySelectorAll("main *")) {
    const r = el.getBoundingClientRect();
    if (r.right > innerWidth + 0.5 && (!worst || r.right > worst.right)) {
      worst = {right: Math.round(r.right), tag: el.tagName,
               cls: el.className && String(el.className),
               text: (el.textContent || "").trim().slice(0, 40)};
    }
  }
  return {scrollWidth: doc.scrollWidth, innerWidth: innerWidth, worst: worst};
}"""

MARKERLESS = """() => Array.from(document.querySelectorAll("details > summary")).filter((s) => {
  if (s.offsetParent === null) return false;  // not on screen (a closed parent)
  const style = getComputedStyle(s);
  if (style.display === "list-item") return false;  // the browser's own triangle
  const before = getComputedStyle(s, "::before").content;
  const after = getComputedStyle(s, "::after").content;
  return !(before && before !== "none" && before !== "normal") &&
         !(after && after !== "none" && after !== "normal");
}).map((s) => s.textContent.trim().slice(0, 40))"""


def test_no_page_scrolls_sideways_and_every_disclosure_shows_its_marker(
        app, context_factory, page_errors):
    setup = context_factory().new_page()
    sign_up(setup)
    seed_long(app, "sam")
    cookies = setup.context.cookies()
    paths = html_pages(app, "sam")
    assert len(paths) > 40  # the registry really was walked
    sideways, markerless = [], []
    for width in WIDTHS:
        context = context_factory(viewport={"width": width, "height": 800})
        context.add_cookies(cookies)
        page = context.new_page()
        watch(page, page_errors)
        for path in paths:
            response = page.goto(path)
            assert response.status < 400, (path, response.status)
            if not is_html(response):
                continue  # a health check or token answer: data, not a page
            page.eval_on_selector_all("details", "ds => ds.forEach(d => d.open = true)")
            wrong = page.evaluate(SIDEWAYS)
            if wrong:
                sideways.append((width, path, wrong))
            if width == WIDTHS[0]:
                found = page.evaluate(MARKERLESS)
                if found:
                    markerless.append((path, found))
    assert sideways == [], "\n".join(map(str, sideways))
    assert markerless == [], "\n".join(map(str, markerless))
    assert page_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_passes_axe(app, context_factory, page_errors, scheme):
    setup = context_factory().new_page()
    sign_up(setup)
    seed_long(app, "sam")
    cookies = setup.context.cookies()
    context = context_factory(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    context.add_cookies(cookies)
    page = context.new_page()
    watch(page, page_errors)
    problems = []
    for path in html_pages(app, "sam"):
        if not is_html(page.goto(path)):
            continue  # a health check or token answer: data, not a page
        page.eval_on_selector_all("details", "ds => ds.forEach(d => d.open = true)")
        found = axe_serious(page)
        if found:
            problems.append((path, found))
    assert problems == []
    assert page_errors == []
