"""Small helpers shared by the check-in tests."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from ifs_pwa.auth.models import User
from ifs_pwa.checkins.models import CheckIn
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
