"""Where each part sits on the map: Self in the middle, protectors around, exiles further out.

Plain geometry with no Flask, so the picture can be tested and rendered server-side as SVG.

The map is WIDTH layout units wide (about one CSS pixel each on a phone, where the SVG fills
the card) and as tall as its parts need (`frame_height`). Each part is a circle with its name
wrapped onto lines below it; the circle and the label together make the part's box, and no
two boxes (nor Self's) ever overlap: every part is placed in turn at the first free spot
nearest where it would like to be.

Where the person put a part (`map_x`, `map_y` on the model) is the centre of its circle as a
fraction (0 to 1) of the frame's width and height; fractions, not units, so that a map which
grows taller as parts are added keeps each moved part in the same place around Self. A saved
spot is used as it is, unless a part moved more recently already stands there (the caller
passes saved parts most recent first); unsaved parts are placed around them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH = 320
NODE_RADIUS = 27  # 54 units: at least 44 CSS px even at 320 px, where the SVG is ~270 px wide
SELF_RADIUS = 32
FONT = 14  # label size in units (about 15 px at 390 px wide)
LINE = 17  # label line height
LABEL_WIDTH = 100  # the widest a label line may be
LABEL_GAP = 6  # between the circle and its label
GAP = 6  # kept clear between any two boxes
MARGIN = 4  # kept clear inside the map's edge
PACKING = 1.8  # frame area for each unit of box area: room for the layout to breathe
STEP = 8  # how far apart the spots tried around a wished-for place are
REACH = 640  # how far from the wished-for spot a free one is looked for inside the map

# Leading words that say nothing about the part ("the Critic" shows C, not T).
ARTICLES = frozenset({"the", "a", "an", "my", "our", "your", "this", "that"})

# Advance widths in em of DejaVu Sans, the widest common sans-serif (Chromium's system-ui on
# Linux); phones' system fonts are narrower, so a label measured with these fits everywhere.
_WIDTHS = {
    **dict.fromkeys("0123456789", 0.64), **dict.fromkeys("abdeghnopqu", 0.64),
    **dict.fromkeys("ckvxyz", 0.6), "s": 0.53, "f": 0.36, "t": 0.4, "r": 0.42,
    **dict.fromkeys("ijlIJ'|", 0.3), "m": 0.98, "w": 0.83, **dict.fromkeys("ACEKPRSTVXYZBF", 0.7),
    **dict.fromkeys("DGHNOQU", 0.8), "L": 0.57, "M": 0.87, "W": 1.0, " ": 0.32,
    **dict.fromkeys(".,:;", 0.33), **dict.fromkeys("-()!", 0.4), "?": 0.54, "&": 0.79,
}
_OTHER = 1.0  # anything else (accents included, which are rarely wider than this): a full em


def text_width(words: str, size: float = FONT) -> float:
    return sum(_WIDTHS.get(ch, _OTHER) for ch in words) * size


def wrap(name: str, width: float = LABEL_WIDTH) -> list[str]:
    """The name on as many lines as it needs, broken between words; a word too long for one
    line is broken at a hyphen of its own, else inside it with one added. Never shortened: the
    whole name is always shown."""
    lines: list[str] = []
    current = ""
    for word in name.split():
        while text_width(word) > width:  # a very long word: as much as fits, then a hyphen
            if current:
                lines.append(current)
                current = ""
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut] + "-") > width:
                cut -= 1
            own = word.rfind("-", 0, cut)  # a hyphen of its own ("Seven-Year-Old") is better
            piece = word[:own + 1] if own > 0 else word[:cut] + "-"
            lines.append(piece)
            word = word[own + 1:] if own > 0 else word[cut:]
        trial = f"{current} {word}" if current else word
        if text_width(trial) <= width:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [name]


def meaningful_word(name: str) -> str:
    """The first word that isn't an article ("the Critic" → "Critic"), else the first word."""
    words = [w for w in name.split() if any(ch.isalnum() for ch in w)]
    for word in words:
        if word.lower().strip("'’") not in ARTICLES:
            return word
    return words[0] if words else name


def letters(name: str, count: int = 1) -> str:
    """The first `count` letters or digits of the name's meaningful word, the first capital."""
    found = [ch for ch in meaningful_word(name) if ch.isalnum()][:count]
    return "".join(found).capitalize() or "?"


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box, gap: float = 0) -> bool:
        return (self.left < other.right + gap and other.left < self.right + gap
                and self.top < other.bottom + gap and other.top < self.bottom + gap)


@dataclass
class Node:
    part_id: int
    name: str
    lines: list[str]
    mark: str  # the emoji, or one or two letters of the name
    emoji: str
    role: str
    colour: str
    x: float
    y: float
    half_width: float  # the box around circle and label, from the centre of the circle
    below: float  # how far the label reaches below the centre
    label_width: float = 0.0
    saved: bool = False
    label_top: float = NODE_RADIUS + LABEL_GAP - 2  # the label's backing, from the centre
    label_y: float = NODE_RADIUS + LABEL_GAP + FONT - 2  # first baseline, from the centre

    @property
    def label_height(self) -> float:
        return len(self.lines) * LINE + 3

    @property
    def box(self) -> Box:
        return box_at(self.x, self.y, self.half_width, self.below)

    def bounds(self, frame_height: float) -> tuple[float, float, float, float]:
        """Where the centre may go (min x, max x, min y, max y) with the box inside the map."""
        return (self.half_width + MARGIN, WIDTH - self.half_width - MARGIN,
                NODE_RADIUS + MARGIN, max(NODE_RADIUS + MARGIN, frame_height - self.below - MARGIN))


@dataclass
class Edge:
    kind: str
    from_id: int
    to_id: int
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass
class MapLayout:
    width: int
    height: float  # what is drawn: the frame, or more if a part had to go below it
    frame_height: float  # what saved fractions are of
    self_x: float
    self_y: float
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    radius: int = NODE_RADIUS
    self_radius: int = SELF_RADIUS
    line: int = LINE


class Taken:
    """The boxes placed so far, filed by the squares of a grid they touch, so a candidate is
    checked only against its neighbours."""

    CELL = 64

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[Box]] = {}
        self.lowest = 0.0

    def _keys(self, box: Box, gap: float = 0):
        c = self.CELL
        for i in range(math.floor((box.left - gap) / c), math.floor((box.right + gap) / c) + 1):
            for j in range(math.floor((box.top - gap) / c),
                           math.floor((box.bottom + gap) / c) + 1):
                yield i, j

    def add(self, box: Box) -> None:
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(box)
        self.lowest = max(self.lowest, box.bottom)

    def clashes(self, box: Box, gap: float) -> bool:
        return any(box.overlaps(other, gap) for key in self._keys(box, gap)
                   for other in self.cells.get(key, ()))


def box_at(x: float, y: float, half_width: float, below: float) -> Box:
    return Box(x - half_width, y - NODE_RADIUS, x + half_width, y + below)


def protector_of(relations, exile_ids: set[int], protector_ids: set[int]) -> dict[int, int]:
    """The first protector noted for each exile, which decides where the exile sits."""
    found: dict[int, int] = {}
    for from_id, to_id, kind in relations:
        if kind == "protects" and to_id in exile_ids and from_id in protector_ids:
            found.setdefault(to_id, from_id)
    return found


def saved_spot(part) -> tuple[float, float] | None:
    x, y = getattr(part, "map_x", None), getattr(part, "map_y", None)
    if x is None or y is None or not (math.isfinite(x) and math.isfinite(y)):
        return None
    return min(max(x, 0.0), 1.0), min(max(y, 0.0), 1.0)


def read_spot(raw_x, raw_y) -> tuple[float, float] | str:
    """A spot sent by the map (fractions of its width and height), brought inside the map;
    or, when either isn't a number, a message saying what was wrong."""
    spot = []
    for name, raw in (("x", raw_x), ("y", raw_y)):
        try:
            value = float(str(raw).strip()) if raw is not None else None
        except ValueError:
            value = None
        if value is None or not math.isfinite(value):
            return (f"The part's place needs {name} as a number from 0 to 1 "
                    "(a fraction of the map's width and height).")
        spot.append(min(max(value, 0.0), 1.0))
    return spot[0], spot[1]


def in_claim_order(parts) -> list:
    """Parts the person moved, most recently changed first (a spot two were put on is the
    later one's), then the rest as they came."""
    moved = [p for p in parts if saved_spot(p) is not None]
    def changed(part):
        at = getattr(part, "updated_at", None)
        return (0,) if at is None else (1, at)
    moved.sort(key=changed, reverse=True)
    return moved + [p for p in parts if saved_spot(p) is None]


def new_node(part, marks: dict[int, str]) -> Node:
    lines = wrap(part.name)
    label_width = max(text_width(line) for line in lines)
    half_width = max(NODE_RADIUS, label_width / 2) + 1
    below = NODE_RADIUS + LABEL_GAP + len(lines) * LINE + 3
    return Node(part.id, part.name, lines, part.emoji or marks[part.id], part.emoji or "",
                part.role, part.colour, 0.0, 0.0, half_width, below, round(label_width + 6, 1))


def avatar_marks(parts) -> dict[int, str]:
    """One letter each; where two parts without an emoji would look the same (same letter,
    same colour), both show two ("the Critic" Cr, "the Carer" Ca)."""
    marks = {p.id: letters(p.name) for p in parts}
    seen: dict[tuple[str, str], list[int]] = {}
    for p in parts:
        if not p.emoji:
            seen.setdefault((marks[p.id], p.colour), []).append(p.id)
    by_id = {p.id: p for p in parts}
    for ids in seen.values():
        if len(ids) > 1:
            for part_id in ids:
                marks[part_id] = letters(by_id[part_id].name, 2)
    return marks


def area(node: Node) -> float:
    return (2 * node.half_width + GAP) * (NODE_RADIUS + node.below + GAP)


def frame_height_for(nodes: list[Node]) -> float:
    """Tall enough for every box with room around them (PACKING), and never less than square."""
    needed = (2 * SELF_RADIUS + GAP) ** 2 + sum(area(n) for n in nodes)
    return max(float(WIDTH), math.ceil(needed * PACKING / WIDTH / 20) * 20)


def wished(angle: float, rx: float, ry: float, cx: float, cy: float) -> tuple[float, float]:
    return cx + rx * math.cos(angle), cy + ry * math.sin(angle)


def spots_near(x: float, y: float, away: float, reach: float):
    """Candidate centres: the wished-for spot, then rings around it, each starting in the
    direction `away` (from Self) so that crowded parts are pushed outward, not onto Self."""
    yield x, y
    radius = STEP
    while radius <= reach:
        # Finely near the wished-for spot, more coarsely further away (a crowded map's search
        # stays quick).
        count = max(8, int(2 * math.pi * radius / (STEP + radius / 32)))
        for k in range(count):
            turn = (k + 1) // 2 * (1 if k % 2 else -1)
            angle = away + turn * 2 * math.pi / count
            yield x + radius * math.cos(angle), y + radius * math.sin(angle)
        radius += STEP


def place(node: Node, x: float, y: float, taken: Taken, frame_height: float,
          cx: float, cy: float) -> None:
    """Put the node at the free spot nearest (x, y) inside the map; if the map has no room
    left, at the nearest free spot below it (the drawing then grows taller than the frame)."""
    min_x, max_x, min_y, max_y = node.bounds(frame_height)
    x, y = min(max(x, min_x), max_x), min(max(y, min_y), max_y)
    away = math.atan2(y - cy, x - cx) if (x, y) != (cx, cy) else -math.pi / 2
    # Inside the map, not too far from the wished-for spot; else below the map, from its foot.
    for sx0, sy0, bottom in ((x, y, max_y), (x, max_y, math.inf)):
        for sx, sy in spots_near(sx0, sy0, away, REACH):
            if not (min_x <= sx <= max_x and min_y <= sy <= bottom):
                continue
            if not taken.clashes(box_at(sx, sy, node.half_width, node.below), GAP):
                node.x, node.y = round(sx, 1), round(sy, 1)
                taken.add(node.box)
                return
    node.x = WIDTH / 2  # beyond every ring tried: below everything
    node.y = round(taken.lowest + GAP + NODE_RADIUS, 1)
    taken.add(node.box)


# Where unsaved parts would like to be, as fractions of the map: protectors on an inner ring
# (across, down), exiles on an outer one. The first that leaves no part below the frame wins;
# the others are tried only when it doesn't (a crowded map, or saved places in the way).
RINGS = ((0.3, 0.26, 0.36, 0.42), (0.22, 0.18, 0.38, 0.44), (0.34, 0.34, 0.4, 0.46),
         (0.18, 0.12, 0.3, 0.34))


def layout(parts, relations) -> MapLayout:
    """Place every part; `parts` have id/name/emoji/role/colour (and map_x/map_y if moved), in
    the order they should claim a contested spot: saved parts most recently moved first.
    Relations are (from, to, kind)."""
    marks = avatar_marks(parts)
    frame = frame_height_for([new_node(p, marks) for p in parts])
    cx, cy = WIDTH / 2, frame / 2
    best: tuple[float, dict[int, Node]] | None = None
    for rings in RINGS if len(parts) <= 40 else RINGS[:1]:  # a big map: one try is enough
        nodes = {p.id: new_node(p, marks) for p in parts}
        place_all(parts, nodes, relations, frame, rings)
        height = max([frame] + [n.y + n.below + MARGIN for n in nodes.values()])
        if best is None or height < best[0]:
            best = (height, nodes)
        if height <= frame:
            break
    height, nodes = best
    result = MapLayout(width=WIDTH, height=round(height, 1), frame_height=frame,
                       self_x=cx, self_y=cy)
    result.nodes = [nodes[p.id] for p in parts]
    result.edges = edges_between(nodes, relations)
    return result


def place_all(parts, nodes: dict[int, Node], relations, frame: float, rings) -> None:
    """Saved parts first, where they were put; then protectors around Self and exiles further
    out, behind the part that protects them."""
    cx, cy = WIDTH / 2, frame / 2
    inner_x, inner_y, outer_x, outer_y = rings
    taken = Taken()
    taken.add(Box(cx - SELF_RADIUS, cy - SELF_RADIUS, cx + SELF_RADIUS, cy + SELF_RADIUS))
    for part in parts:
        spot = saved_spot(part)
        if spot is not None:
            nodes[part.id].saved = True
            place(nodes[part.id], spot[0] * WIDTH, spot[1] * frame, taken, frame, cx, cy)

    free = [p for p in parts if not nodes[p.id].saved]
    protectors = [p for p in free if p.role != "exile"]
    exiles = [p for p in free if p.role == "exile"]
    step = 2 * math.pi / max(len(protectors), 1)
    for index, part in enumerate(protectors):
        x, y = wished(-math.pi / 2 + index * step, WIDTH * inner_x, frame * inner_y, cx, cy)
        place(nodes[part.id], x, y, taken, frame, cx, cy)
    behind = protector_of(relations, {p.id for p in exiles},
                          {p.id for p in parts if p.role != "exile"})
    free_step = 2 * math.pi / max(len(exiles), 1)
    for index, part in enumerate(exiles):
        guard = nodes.get(behind.get(part.id))
        if guard is not None:  # straight out from Self, beyond the part that protects it
            angle = math.atan2((guard.y - cy) / frame, (guard.x - cx) / WIDTH)
        else:
            angle = -math.pi / 2 + (index + 0.5) * free_step
        x, y = wished(angle, WIDTH * outer_x, frame * outer_y, cx, cy)
        place(nodes[part.id], x, y, taken, frame, cx, cy)


def edges_between(nodes: dict[int, Node], relations) -> list[Edge]:
    """Lines stop at the circles' rims, so arrowheads stay visible (map.js does the same when a
    part is dragged)."""
    edges = []
    for from_id, to_id, kind in relations:
        a, b = nodes.get(from_id), nodes.get(to_id)
        if a is None or b is None:
            continue
        dx, dy = b.x - a.x, b.y - a.y
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        trim = NODE_RADIUS + 3
        edges.append(Edge(kind, from_id, to_id, round(a.x + ux * trim, 1),
                          round(a.y + uy * trim, 1), round(b.x - ux * trim, 1),
                          round(b.y - uy * trim, 1)))
    return edges
