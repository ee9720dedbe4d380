"""Small helpers shared by the parts and practices tests."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from ifs_pwa.extensions import db
from ifs_pwa.parts.models import Part


def add_part(auth, name="The heavy one", **fields) -> int:
    """Create a part through the real form; returns its id."""
    data = {"name": name, "role": "manager", "status": "noticed", "colour": "sage",
            "client_id": str(uuid.uuid4()), **fields}
    response = auth.post("/parts/", data)
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def part_named(app, name) -> Part:
    with app.app_context():
        part = db.session.scalar(select(Part).where(Part.name == name))
        db.session.expunge(part)
        return part
