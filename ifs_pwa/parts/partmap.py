"""Where each part sits on the map: Self in the middle, protectors around, exiles behind them.

Plain geometry with no Flask, so the picture can be tested and rendered server-side as SVG.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

NODE_RADIUS = 22
LABEL_LIMIT = 14


@dataclass
class Node:
    part_id: int
    name: str
    label: str
    emoji: str
    role: str
    colour: str
    x: float
    y: float


@dataclass
class Edge:
    kind: str
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass
class MapLayout:
    size: int
    centre: float
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


def short_label(name: str) -> str:
    """Long names are cut on the map (the list below it has them whole)."""
    return name if len(name) <= LABEL_LIMIT else name[: LABEL_LIMIT - 1].rstrip() + "…"


def protector_of(relations, exile_ids: set[int], protector_ids: set[int]) -> dict[int, int]:
    """The first protector noted for each exile, which decides where the exile sits."""
    found: dict[int, int] = {}
    for from_id, to_id, kind in relations:
        if kind == "protects" and to_id in exile_ids and from_id in protector_ids:
            found.setdefault(to_id, from_id)
    return found


def ring_radius(count: int, spacing: float, minimum: float) -> float:
    return max(minimum, count * spacing / (2 * math.pi))


def layout(parts, relations) -> MapLayout:
    """Place every part; `parts` have id/name/emoji/role/colour, relations are (from, to, kind)."""
    protectors = [p for p in parts if p.role != "exile"]
    exiles = [p for p in parts if p.role == "exile"]
    inner = ring_radius(len(protectors), 64, 92)
    outer = inner + 78
    size = round(2 * ((outer if exiles else inner) + NODE_RADIUS + 30))
    centre = size / 2
    angles: dict[int, float] = {}
    step = 2 * math.pi / max(len(protectors), 1)
    for index, part in enumerate(protectors):
        angles[part.id] = -math.pi / 2 + index * step
    behind = protector_of(relations, {p.id for p in exiles}, {p.id for p in protectors})
    spread: dict[int, int] = {}
    free_step = 2 * math.pi / max(len(exiles), 1)
    for index, part in enumerate(exiles):
        if part.id in behind:
            seat = spread.get(behind[part.id], 0)
            spread[behind[part.id]] = seat + 1
            offset = (seat + 1) // 2 * 0.38 * (1 if seat % 2 else -1)
            angles[part.id] = angles[behind[part.id]] + offset
        else:
            angles[part.id] = -math.pi / 2 + (index + 0.5) * free_step
    result = MapLayout(size=size, centre=centre)
    for part in protectors + exiles:
        radius = outer if part.role == "exile" else inner
        angle = angles[part.id]
        x = round(centre + radius * math.cos(angle), 1)
        y = round(centre + radius * math.sin(angle), 1)
        result.nodes.append(Node(part.id, part.name, short_label(part.name), part.emoji,
                                 part.role, part.colour, x, y))
    result.edges = edges_between({n.part_id: n for n in result.nodes}, relations)
    return result


def edges_between(nodes: dict[int, Node], relations) -> list[Edge]:
    """Lines stop at the circles' rims, so arrowheads stay visible."""
    edges = []
    for from_id, to_id, kind in relations:
        a, b = nodes.get(from_id), nodes.get(to_id)
        if a is None or b is None:
            continue
        dx, dy = b.x - a.x, b.y - a.y
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        trim = NODE_RADIUS + 3
        edges.append(Edge(kind, round(a.x + ux * trim, 1), round(a.y + uy * trim, 1),
                          round(b.x - ux * trim, 1), round(b.y - uy * trim, 1)))
    return edges
