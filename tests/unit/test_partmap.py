"""The map's layout (parts/partmap.py), with no Flask: boxes that never overlap, 44 px nodes,
whole names, meaningful avatar letters, and the places the person chose kept."""

from __future__ import annotations

import itertools
import math
import re
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from ifs_pwa.parts import partmap
from ifs_pwa.parts.models import COLOURS, ROLES

LONG_NAMES = [
    "The Critic Who Never Sleeps", "The Worried Planner of Absolutely Everything",
    "The one that keeps me in bed all morning", "The Little Girl Under The Stairs",
    "My Angry Teenager Who Slams Doors", "The Scroller at Midnight",
    "The Perfectionist Accountant", "The Caretaker of Everyone Else",
    "Supercalifragilisticexpialidocious Guardian", "The Frozen Seven-Year-Old at the Window",
    "The Bingeing Comforter", "The Judge Who Weighs Every Word I Say Before I Say It Out Loud",
]
# The phone's map is about 270 CSS px wide at 320 px (main and card padding): the scale of
# one layout unit there, the smallest it is drawn.
SMALLEST_SCALE = 270 / partmap.WIDTH


def part(part_id, name, role="manager", colour="sage", emoji="", spot=None, moved=None):
    x, y = spot if spot else (None, None)
    return SimpleNamespace(id=part_id, name=name, role=role, colour=colour, emoji=emoji,
                           map_x=x, map_y=y, updated_at=moved)


def twelve(**spots):
    roles = ["manager", "protector", "exile", "firefighter", "unknown", "exile"]
    return [part(i + 1, name, role=roles[i % len(roles)], spot=spots.get(f"p{i + 1}"))
            for i, name in enumerate(LONG_NAMES)]


RELATIONS = [(1, 3, "protects"), (2, 6, "protects"), (4, 5, "allied"), (1, 7, "polarised"),
             (10, 3, "protects")]


def self_box(layout):
    r = layout.self_radius
    return partmap.Box(layout.self_x - r, layout.self_y - r, layout.self_x + r, layout.self_y + r)


def assert_no_overlaps(layout):
    boxes = [n.box for n in layout.nodes] + [self_box(layout)]
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), (a, b)
    for node in layout.nodes:  # every box inside the map
        assert node.box.left >= 0 and node.box.right <= layout.width, node
        assert node.box.top >= 0 and node.box.bottom <= layout.height, node


def test_twelve_long_names_never_overlap_and_fit_the_map():
    layout = partmap.layout(twelve(), RELATIONS)
    assert len(layout.nodes) == 12
    assert_no_overlaps(layout)
    assert layout.height == layout.frame_height  # nobody had to go below the frame
    labels = [n.box for n in layout.nodes]
    assert all(b.right - b.left <= partmap.LABEL_WIDTH + 2 for b in labels)


def test_nodes_are_at_least_44_css_px_on_the_smallest_phone():
    assert 2 * partmap.NODE_RADIUS * SMALLEST_SCALE >= 44
    assert partmap.layout(twelve(), []).radius == partmap.NODE_RADIUS


def test_long_names_wrap_whole_never_cut():
    layout = partmap.layout(twelve(), [])
    for node in layout.nodes:
        assert "…" not in "".join(node.lines)
        assert re.sub(r"[\s-]", "", "".join(node.lines)) == re.sub(r"[\s-]", "", node.name)
        assert all(partmap.text_width(line) <= partmap.LABEL_WIDTH for line in node.lines)
    lines = {n.name: n.lines for n in layout.nodes}
    assert lines["The Frozen Seven-Year-Old at the Window"][1] == "Seven-Year-"  # its own hyphen
    assert len(lines["The Judge Who Weighs Every Word I Say Before I Say It Out Loud"]) >= 5
    eighty = partmap.wrap("x" * 80)
    assert "".join(eighty).replace("-", "") == "x" * 80
    assert all(line.endswith("-") for line in eighty[:-1])


def test_saved_places_are_used_exactly_and_the_rest_placed_around_them():
    spots = {"p1": (0.2, 0.15), "p5": (0.8, 0.8), "p12": (0.5, 0.62)}
    free = partmap.layout(twelve(), RELATIONS)
    layout = partmap.layout(partmap.in_claim_order(twelve(**spots)), RELATIONS)
    by_id = {n.part_id: n for n in layout.nodes}
    for key, (fx, fy) in spots.items():
        node = by_id[int(key[1:])]
        assert node.saved
        assert (node.x, node.y) == (round(fx * partmap.WIDTH, 1),
                                    round(fy * layout.frame_height, 1))
    assert layout.frame_height == free.frame_height  # the frame depends on the parts, not spots
    assert_no_overlaps(layout)
    assert not any(n.saved for n in layout.nodes if n.part_id not in (1, 5, 12))


def test_a_saved_place_beyond_the_edge_is_brought_inside_with_its_label():
    layout = partmap.layout([part(1, "The Worried Planner of Absolutely Everything",
                                  spot=(1.0, 1.0)), part(2, "Judge", spot=(0.0, 0.0))], [])
    assert_no_overlaps(layout)
    planner, judge = layout.nodes
    assert planner.box.right <= layout.width - partmap.MARGIN + 0.1
    assert judge.box.left >= partmap.MARGIN - 0.1 and judge.box.top >= partmap.MARGIN - 0.1


def test_two_parts_put_on_one_spot_the_later_move_keeps_it():
    now = datetime(2026, 3, 1, tzinfo=UTC)
    first = part(1, "The Critic", spot=(0.25, 0.2), moved=now - timedelta(minutes=5))
    later = part(2, "The Carer", spot=(0.25, 0.2), moved=now)
    layout = partmap.layout(partmap.in_claim_order([first, later]), [])
    by_id = {n.part_id: n for n in layout.nodes}
    assert (by_id[2].x, by_id[2].y) == (round(0.25 * partmap.WIDTH, 1),
                                       round(0.2 * layout.frame_height, 1))
    assert (by_id[1].x, by_id[1].y) != (by_id[2].x, by_id[2].y)
    assert_no_overlaps(layout)


def test_a_saved_place_on_self_makes_way_for_self():
    layout = partmap.layout([part(1, "The Critic", spot=(0.5, 0.5))], [])
    assert_no_overlaps(layout)


def test_exiles_sit_further_out_than_protectors_behind_their_protector():
    parts = [part(1, "Critic"), part(2, "Planner"), part(3, "Little one", role="exile")]
    layout = partmap.layout(parts, [(1, 3, "protects")])
    by_id = {n.part_id: n for n in layout.nodes}

    def out(node):
        return math.hypot((node.x - layout.self_x) / layout.width,
                          (node.y - layout.self_y) / layout.frame_height)

    assert out(by_id[3]) > out(by_id[1])
    assert math.dist((by_id[3].x, by_id[3].y), (by_id[1].x, by_id[1].y)) < math.dist(
        (by_id[3].x, by_id[3].y), (by_id[2].x, by_id[2].y))


@pytest.mark.parametrize("name, letter", [
    ("the Critic", "C"), ("The critic", "C"), ("A Worrier", "W"), ("an Old Ache", "O"),
    ("my Inner Judge", "I"), ("The", "T"), ("Judge", "J"), ("the 'Good Girl'", "G"),
    ("élan", "É"), ("The 3am voice", "3"), ("   ", "?"),
])
def test_avatar_letter_is_the_meaningful_words(name, letter):
    assert partmap.letters(name) == letter


def test_eight_parts_called_the_something_do_not_all_show_t():
    names = ["the Critic", "the Planner", "the Sleeper", "the Scroller", "the Judge",
             "the Carer", "the Little One", "the Worrier"]
    parts = [part(i, n, colour=COLOURS[i % len(COLOURS)]) for i, n in enumerate(names)]
    marks = {n.part_id: n.mark for n in partmap.layout(parts, []).nodes}
    assert "T" not in marks.values()
    assert marks[0] == "C" and marks[1] == "P"


def test_alike_avatars_get_two_letters_and_an_emoji_wins():
    parts = [part(1, "the Critic"), part(2, "the Carer"), part(3, "the Cook", colour="sky"),
             part(4, "the Cat", emoji="🐈")]
    marks = {n.part_id: n.mark for n in partmap.layout(parts, []).nodes}
    assert marks == {1: "Cr", 2: "Ca", 3: "C", 4: "🐈"}


def test_every_role_is_drawn_and_protectors_of_unknown_kind_sit_with_the_protectors():
    assert "protector" in ROLES and "unknown" in ROLES
    parts = [part(i, f"Part {i}", role=role) for i, role in enumerate(ROLES)]
    layout = partmap.layout(parts, [])
    assert {n.role for n in layout.nodes} == set(ROLES)
    assert_no_overlaps(layout)


def test_edges_stop_at_the_rims_and_know_their_parts():
    layout = partmap.layout([part(1, "A"), part(2, "B", role="exile")], [(1, 2, "protects")])
    (edge,) = layout.edges
    a, b = layout.nodes
    assert (edge.from_id, edge.to_id, edge.kind) == (1, 2, "protects")
    trim = partmap.NODE_RADIUS + 3
    assert math.dist((edge.x1, edge.y1), (a.x, a.y)) == pytest.approx(trim, abs=0.2)
    assert math.dist((edge.x2, edge.y2), (b.x, b.y)) == pytest.approx(trim, abs=0.2)


@pytest.mark.parametrize("raw_x, raw_y, expected", [
    ("0.25", "0.75", (0.25, 0.75)), (" 1 ", "0", (1.0, 0.0)), ("1.7", "-3", (1.0, 0.0)),
    ("1e400", "0.5", None), ("nan", "0.5", None), ("0.5", "inf", None), ("", "0.5", None),
    (None, "0.5", None), ("left", "0.5", None), ("0.5", "0x10", None),
])
def test_read_spot_clamps_numbers_and_explains_the_rest(raw_x, raw_y, expected):
    found = partmap.read_spot(raw_x, raw_y)
    if expected is None:
        assert isinstance(found, str) and "number from 0 to 1" in found
    else:
        assert found == expected


def test_a_hundred_parts_still_never_overlap():
    parts = [part(i, f"{LONG_NAMES[i % 12]} {i}", role=ROLES[i % len(ROLES)]) for i in range(100)]
    layout = partmap.layout(parts, [])
    assert_no_overlaps(layout)
