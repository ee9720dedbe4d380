"""The parts map in real Chromium at 390×844: twelve long-named parts, labels that never overlap,
44 px nodes, dragging with the pointer and moving with the keyboard (kept across a reload),
and axe in light and dark."""

from __future__ import annotations

import re
import uuid

import pytest

from ifs_pwa.extensions import db
from ifs_pwa.parts.models import COLOURS, Part, PartRelation
from tests.browser.fixtures import axe_serious, sign_up, watch
from tests.factories import person

pytestmark = [pytest.mark.browser, pytest.mark.screen]

PHONE_390 = {"width": 390, "height": 844}
PHONE_320 = {"width": 320, "height": 740}
TWELVE = [
    ("The Critic Who Never Sleeps", "manager"),
    ("The Worried Planner of Absolutely Everything", "manager"),
    ("The one that keeps me in bed all morning", "protector"),
    ("The Little Girl Under The Stairs", "exile"),
    ("My Angry Teenager Who Slams Doors", "firefighter"),
    ("The Scroller at Midnight", "firefighter"),
    ("The Perfectionist Accountant", "manager"),
    ("The Caretaker of Everyone Else", "manager"),
    ("Supercalifragilisticexpialidocious Guardian", "unknown"),
    ("The Frozen Seven-Year-Old at the Window", "exile"),
    ("The Bingeing Comforter", "firefighter"),
    ("The Judge", "manager"),
]


def seed_twelve(app, username: str = "sam") -> list[int]:
    """Twelve parts with long names (colours repeating, as people's do) and a few relations."""
    with app.app_context():
        owner = person(username)
        parts = [Part(user_id=owner.id, client_id=uuid.uuid4(), name=name, role=role,
                      colour=COLOURS[index % 4]) for index, (name, role) in enumerate(TWELVE)]
        db.session.add_all(parts)
        db.session.flush()
        ids = [p.id for p in parts]
        for a, b, kind in [(0, 3, "protects"), (1, 9, "protects"), (4, 5, "allied"),
                           (0, 6, "polarised"), (10, 3, "protects")]:
            db.session.add(PartRelation(user_id=owner.id, from_part_id=ids[a],
                                        to_part_id=ids[b], kind=kind))
        db.session.commit()
        return ids


def boxes(page, selector: str) -> list[dict]:
    return [page.locator(selector).nth(i).bounding_box()
            for i in range(page.locator(selector).count())]


def overlapping(found: list[dict]) -> list[tuple[int, int]]:
    def meet(a, b):
        return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
                and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])
    return [(i, j) for i, a in enumerate(found) for j, b in enumerate(found)
            if i < j and meet(a, b)]


def spot(page, part_id: int) -> tuple[float, float]:
    node = page.locator(f"a.node[data-part-id='{part_id}']")
    return float(node.get_attribute("data-x")), float(node.get_attribute("data-y"))


def centre(page, part_id: int) -> tuple[float, float]:
    """Where the part's circle is in the viewport, brought to the middle of it first (clear of
    the tab bar), as a person would scroll to it."""
    page.eval_on_selector(f"a.node[data-part-id='{part_id}']",
                          "node => node.scrollIntoView({block: 'center'})")
    box = page.locator(f"a.node[data-part-id='{part_id}'] circle").bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def on_map(page, part_id: int) -> tuple[float, float]:
    """Where the part's circle is drawn, in CSS px from the map's top left corner."""
    box = page.locator(f"a.node[data-part-id='{part_id}'] circle").bounding_box()
    svg = page.locator("svg.parts-map").bounding_box()
    return (round(box["x"] + box["width"] / 2 - svg["x"], 1),
            round(box["y"] + box["height"] / 2 - svg["y"], 1))


def assert_readable(page, viewport) -> None:
    """No two labels (nor a label and a circle, nor anything and Self) overlap; each circle is
    at least 44×44 CSS px; the map is no wider than the screen; every name is whole."""
    labels = boxes(page, "svg.parts-map .node-label")
    circles = boxes(page, "svg.parts-map .node-circle")
    assert len(labels) == len(circles) == 12
    assert overlapping(labels) == []
    # Nor a label another part's circle, nor two circles, nor anything Self.
    everything = labels + circles + boxes(page, "svg.parts-map .self-node")
    assert [(i, j) for i, j in overlapping(everything) if j != i + 12] == []
    assert all(c["width"] >= 44 and c["height"] >= 44 for c in circles), circles
    assert page.locator("svg.parts-map").bounding_box()["width"] <= viewport["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    shown = page.eval_on_selector_all(
        "svg.parts-map .node-label",
        "els => els.map(e => Array.from(e.children).map(t => t.textContent).join(' '))")
    def letters(words):
        return re.sub(r"[\s-]", "", words)
    # Wrapped (a long word broken with a hyphen), never cut short.
    assert sorted(map(letters, shown)) == sorted(letters(name) for name, _ in TWELVE)


@pytest.mark.parametrize("viewport", [PHONE_390, PHONE_320], ids=["390", "320"])
def test_twelve_long_names_never_overlap_and_nodes_are_big_enough(app, context_factory,
                                                                   page_errors, viewport):
    page = context_factory(viewport=viewport).new_page()
    watch(page, page_errors)
    sign_up(page)
    seed_twelve(app)
    page.goto("/parts/map")
    assert_readable(page, viewport)
    marks = page.eval_on_selector_all("svg.parts-map .node-mark",
                                      "els => els.map(e => e.textContent)")
    assert marks.count("T") == 0  # "The …" shows its meaningful word's letter
    assert page.locator(".map-list li").count() >= 12  # the list for screen readers stays
    assert page_errors == []


def test_dragging_a_part_moves_it_and_the_place_survives_a_reload(app, context_factory,
                                                                   page_errors):
    page = context_factory(viewport=PHONE_390).new_page()
    watch(page, page_errors)
    sign_up(page)
    ids = seed_twelve(app)
    page.goto("/parts/map")
    moved = ids[11]  # the Judge: a short name
    before = spot(page, moved)
    x, y = centre(page, moved)
    with page.expect_response(lambda r: r.url.endswith(f"/parts/{moved}/position")) as answer:
        page.mouse.move(x, y)
        page.mouse.down()
        for step in range(1, 11):
            page.mouse.move(x + 6 * step, y + 5 * step)
        page.mouse.up()
    assert answer.value.status == 200
    assert page.url.endswith("/parts/map")  # the drag did not open the part
    page.wait_for_selector(".map-status:has-text('kept where you put it')")
    after = spot(page, moved)
    assert after[0] - before[0] > 30 and after[1] - before[1] > 25, (before, after)
    drawn = on_map(page, moved)
    assert_readable(page, PHONE_390)

    page.reload()
    assert spot(page, moved) == after
    assert on_map(page, moved) == drawn
    assert_readable(page, PHONE_390)
    with app.app_context():
        kept = db.session.get(Part, moved)
        assert 0 < kept.map_x < 1 and 0 < kept.map_y < 1

    page.click(f"a.node[data-part-id='{ids[0]}'] circle")  # a tap, not a drag, opens it
    page.wait_for_url(f"**/parts/{ids[0]}")
    assert page_errors == []


def test_arrow_keys_move_the_focused_part_and_the_place_survives_a_reload(app, context_factory,
                                                                          page_errors):
    page = context_factory(viewport=PHONE_390).new_page()
    watch(page, page_errors)
    sign_up(page)
    ids = seed_twelve(app)
    page.goto("/parts/map")
    # The part furthest left has room to go right.
    moved = min(ids, key=lambda part_id: spot(page, part_id)[0])
    before = spot(page, moved)
    node = page.locator(f"a.node[data-part-id='{moved}']")
    node.focus()
    with page.expect_response(lambda r: r.url.endswith(f"/parts/{moved}/position")) as answer:
        for _ in range(5):
            page.keyboard.press("ArrowRight")
        assert spot(page, moved) == (before[0] + 50, before[1])  # ten units a press
    assert answer.value.status == 200
    page.wait_for_selector(".map-status:has-text('kept where you put it')")
    after = spot(page, moved)
    assert after[0] - before[0] >= 40, (before, after)
    # The map was drawn again; the part still has the focus, so the keys go on moving it.
    assert page.evaluate("document.activeElement.dataset.partId") == str(moved)
    assert page.url.endswith("/parts/map")
    drawn = on_map(page, moved)

    page.reload()
    assert spot(page, moved) == after
    assert on_map(page, moved) == drawn
    assert_readable(page, PHONE_390)
    page.locator(f"a.node[data-part-id='{moved}']").focus()
    page.keyboard.press("Enter")  # Enter still opens it
    page.wait_for_url(f"**/parts/{moved}")

    page.goto("/parts/map")
    page.click("text=Reset the layout")
    page.wait_for_selector("text=The map is arranged for you again.")
    assert spot(page, moved) == before
    assert page.locator("text=Reset the layout").count() == 0
    assert page_errors == []


def test_a_finger_drags_a_part_too(app, context_factory, page_errors):
    """Touch, as on a phone (Chromium's own touch events through the DevTools protocol): the
    part follows the finger instead of the page scrolling, and the place is kept."""
    context = context_factory(viewport=PHONE_390, has_touch=True, is_mobile=True)
    page = context.new_page()
    watch(page, page_errors)
    sign_up(page)
    ids = seed_twelve(app)
    page.goto("/parts/map")
    moved = ids[11]
    before = spot(page, moved)
    x, y = centre(page, moved)
    scrolled = page.evaluate("window.scrollY")
    touch = context.new_cdp_session(page)
    with page.expect_response(lambda r: r.url.endswith(f"/parts/{moved}/position")) as answer:
        touch.send("Input.dispatchTouchEvent",
                   {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
        for step in range(1, 11):
            touch.send("Input.dispatchTouchEvent", {
                "type": "touchMove", "touchPoints": [{"x": x - 5 * step, "y": y - 6 * step}]})
        touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    assert answer.value.status == 200
    page.wait_for_selector(".map-status:has-text('kept where you put it')")
    after = spot(page, moved)
    assert before[0] - after[0] > 25 and before[1] - after[1] > 30, (before, after)
    assert page.evaluate("window.scrollY") == scrolled  # the page stayed; the part moved
    assert page.url.endswith("/parts/map")
    page.reload()
    assert spot(page, moved) == after
    assert page_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_map_with_twelve_parts_passes_axe(app, context_factory, scheme):
    page = context_factory(viewport=PHONE_390, color_scheme=scheme).new_page()
    sign_up(page)
    ids = seed_twelve(app)
    page.goto("/parts/map")
    assert axe_serious(page) == []
    node = page.locator(f"a.node[data-part-id='{ids[2]}']")
    node.focus()
    with page.expect_response(lambda r: r.url.endswith("/position")):
        page.keyboard.press("ArrowDown")
    page.wait_for_selector(".map-status:has-text('kept where you put it')")
    assert axe_serious(page) == []  # with the reset button and the status shown
