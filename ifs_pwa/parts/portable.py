"""Parts and their relations in the export file; relations name parts by client_id."""

from __future__ import annotations

from ..shapes import LONG_TEXT, At, boolean, choice, client_id, integer, moment, number, text
from ..versions import exported_waiting, portable_waiting
from .forms import PartForm
from .models import COLOURS, RELATION_KINDS, ROLES, STATUSES, Part, PartRelation

PART = {
    "client_id": client_id, "name": text(80, required=True), "role": choice(ROLES),
    "status": choice(STATUSES), "colour": choice(COLOURS), "emoji": text(16),
    "description": text(LONG_TEXT), "body_location": text(200), "age": text(40),
    "job": text(LONG_TEXT), "fears": text(LONG_TEXT), "needs": text(LONG_TEXT),
    "burdens": text(LONG_TEXT), "trust_in_self": integer(0, 10, optional=True),
    "archived": boolean, "map_x": number(0, 1, optional=True),
    "map_y": number(0, 1, optional=True), "created_at": moment(), "updated_at": moment(),
}
# An edit made from an older version, waiting beside the part (ifs_pwa/versions.py).
PART["waiting"] = portable_waiting({name: PART[name] for name in PartForm.PROFILE_FIELDS}, dict)
PART_RELATION = {"from_part": client_id, "to_part": client_id, "kind": choice(RELATION_KINDS),
                 "created_at": moment()}


def exported(part: Part, at: At) -> dict:
    return {
        "client_id": str(part.client_id), "name": part.name, "role": part.role,
        "status": part.status, "colour": part.colour, "emoji": part.emoji,
        "description": part.description, "body_location": part.body_location, "age": part.age,
        "job": part.job, "fears": part.fears, "needs": part.needs, "burdens": part.burdens,
        "trust_in_self": part.trust_in_self, "archived": part.archived,
        "map_x": part.map_x, "map_y": part.map_y,
        "created_at": at(part.created_at), "updated_at": at(part.updated_at),
        "waiting": exported_waiting(part, at),
    }


def exported_relation(relation: PartRelation, part_ref: dict[int, str], at: At) -> dict:
    return {"from_part": part_ref[relation.from_part_id], "to_part": part_ref[relation.to_part_id],
            "kind": relation.kind, "created_at": at(relation.created_at)}
