"""Small helpers shared by the check-in tests."""

from __future__ import annotations

import re
import uuid
from html import escape, unescape

from sqlalchemy import func, select

from ifs_pwa.auth.models import User
from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.checkins.vocab import FEELINGS, SELF_QUALITIES
from ifs_pwa.extensions import db
from ifs_pwa.parts.models import Part


def checkin_data(**fields) -> dict:
    return {"client_id": str(uuid.uuid4()), "mood": "6", **fields}


def count_checkins(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(CheckIn))


def add_part(app, username: str, name: str) -> int:
    with app.app_context():
        owner = db.session.scalar(select(User).where(User.username_key == username))
        part = Part(user_id=owner.id, client_id=uuid.uuid4(), name=name)
        db.session.add(part)
        db.session.commit()
        return part.id


def only_checkin(app) -> dict:
    with app.app_context():
        row = db.session.scalars(select(CheckIn)).one()
        return {"id": row.id, "mood": row.mood, "energy": row.energy, "note": row.note,
                "feelings": row.feelings, "self": row.self_qualities,
                "parts": [p.name for p in row.parts], "local_date": row.local_date,
                "occurred_at": row.occurred_at}


# What every bad-input case also types, so each can check that nothing of it is lost.
TYPED = {"note": "still here", "energy": "3", "feelings": ["hopeful"],
         "self_qualities": ["courage"], "new_part": "Someone Small",
         "occurred_at": "2025-01-05T08:15"}
# A part of the person's own, chosen in every case: "{mine}" in a case stands for its id.
MINE = "{mine}"


def typed_data(mine: int, **fields) -> dict:
    """A whole check-in as typed: TYPED, the person's own part chosen, then the case's fields."""
    fields = {k: v() if callable(v) else v for k, v in fields.items()}
    if "parts" in fields:
        fields["parts"] = [str(mine) if p == MINE else p for p in fields["parts"]]
    return checkin_data(**{**TYPED, "parts": [str(mine)], **fields})


def assert_everything_typed_is_back(html: str, data: dict) -> None:
    """The re-rendered form holds every value the person typed that its controls can hold
    (an unknown word or a part that isn't theirs has no chip to be checked)."""
    assert f"{escape(data['note'])}</textarea>" in html
    checked = set(CHECKED.findall(html))
    assert {w for n, w in checked if n == "feelings"} == set(data["feelings"]) & set(FEELINGS)
    assert ({q for n, q in checked if n == "self_qualities"}
            == set(data["self_qualities"]) & set(SELF_QUALITIES))
    offered = set(re.findall(r'name="parts" id="part-(\d+)"', html))
    assert offered and {p for n, p in checked if n == "parts"} == set(data["parts"]) & offered
    assert {m for n, m in checked if n == "mood"} == {data["mood"]} & set(map(str, range(1, 11)))
    assert {e for n, e in checked if n == "energy"} == {data["energy"]} & set("12345")
    assert text_value(html, "new_part") == data["new_part"]
    assert text_value(html, "occurred_at") == data["occurred_at"]


CHECKED = re.compile(r'<input type="(?:checkbox|radio)" name="(\w+)" id="[^"]*" '
                     r'value="([^"]*)"(?: required)? checked>')


def text_value(html: str, name: str) -> str:
    """The value of the one-line input called `name`, unescaped."""
    tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html)[0]
    return unescape(re.search(r'\bvalue="([^"]*)"', tag)[1])
