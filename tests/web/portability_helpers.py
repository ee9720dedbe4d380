"""A person with one of everything, for export and import tests."""

from __future__ import annotations

import io
import json
import re
import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from ifs_pwa.auth.models import CAUTION_KEY, User
from ifs_pwa.breathing.models import BreathingSession
from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.extensions import db
from ifs_pwa.measures.models import MeasureResult
from ifs_pwa.parts.models import Part, PartRelation
from ifs_pwa.practices.models import PracticeSession
from ifs_pwa.safety.models import SafetyPlan

PERSONAL_MODELS = (Part, PartRelation, CheckIn, PracticeSession, BreathingSession, MeasureResult,
                   SafetyPlan)


def person(username: str) -> User:
    return db.session.scalar(select(User).where(User.username_key == username.lower()))


def seed_everything(app, username: str = "sam", tz: str = "Pacific/Auckland") -> None:
    """Parts (one archived), relations, check-ins linked to parts, a practice with a part,
    breathing, questionnaires and a safety plan, with times that carry microseconds."""
    with app.app_context():
        owner = person(username)
        owner.timezone, owner.country = tz, "AU"
        owner.settings = {**(owner.settings or {}),
                          CAUTION_KEY: "2025-03-01T19:30:15.123456+00:00"}
        base = datetime(2025, 3, 1, 19, 30, 15, 123456, tzinfo=UTC)
        sleeper = Part(user_id=owner.id, client_id=uuid.uuid4(), name="The Sleeper",
                       role="manager", status="getting_to_know", colour="sky", emoji="😴",
                       description="Keeps me in bed", body_location="chest", age="12",
                       job="Keeps me safe from failing", fears="That I get hurt",
                       needs="Rest", burdens="Shame", trust_in_self=4,
                       created_at=base, updated_at=base + timedelta(hours=1))
        little = Part(user_id=owner.id, client_id=uuid.uuid4(), name="Little one",
                      role="exile", created_at=base, updated_at=base)
        critic = Part(user_id=owner.id, client_id=uuid.uuid4(), name="Critic",
                      role="firefighter", archived=True, created_at=base, updated_at=base)
        db.session.add_all([sleeper, little, critic])
        db.session.flush()
        db.session.add_all([
            PartRelation(user_id=owner.id, from_part_id=sleeper.id, to_part_id=little.id,
                         kind="protects", created_at=base),
            # Two-way kinds are stored smaller id first (parts/relations.py `canonical`).
            PartRelation(user_id=owner.id, from_part_id=sleeper.id, to_part_id=critic.id,
                         kind="polarised", created_at=base),
        ])
        for day in range(4):
            moment = base + timedelta(days=day)
            checkin = CheckIn(user_id=owner.id, client_id=uuid.uuid4(), mood=3 + day,
                              energy=None if day == 2 else 2, note=f"Day {day}: =SUM(A1)",
                              feelings=["tired", "hopeful"][: day % 3], occurred_at=moment,
                              local_date=date(2025, 3, 2) + timedelta(days=day),
                              created_at=moment, updated_at=moment)
            checkin.self_qualities = ["calm", "curiosity"][: day % 3]
            checkin.parts = [sleeper, little][: day % 3]
            db.session.add(checkin)
        db.session.add_all([
            PracticeSession(user_id=owner.id, client_id=uuid.uuid4(),
                            practice_slug="befriend-depressed-part", part_id=sleeper.id,
                            answers={"find": "Heavy, in my chest",
                                     "fears": "That I will fail again"}, started_at=base,
                            finished_at=base + timedelta(minutes=9), finished=True,
                            self_energy_before=3, self_energy_after=6, part_updated=True,
                            created_at=base),
            BreathingSession(user_id=owner.id, client_id=uuid.uuid4(), pattern="box",
                             spec="4,4,4,4", seconds=180, finished_at=base,
                             local_date=date(2025, 3, 2), created_at=base),
            MeasureResult(user_id=owner.id, client_id=uuid.uuid4(), instrument="phq9",
                          answers={"items": [1, 2, 1, 1, 0, 2, 1, 0, 0], "difficulty": None},
                          score=8, band="mild", item9_flag=False, taken_at=base,
                          local_date=date(2025, 3, 2)),
            SafetyPlan(user_id=owner.id, warning_signs="Not sleeping", reasons="My dog",
                       helpers=[{"name": "Alex", "phone": "+64 21 000 000"}],
                       professional_contacts=[], client_id=uuid.uuid4(), updated_at=base),
        ])
        db.session.commit()


def counts(app, username: str) -> dict[str, int]:
    with app.app_context():
        owner = person(username)
        return {model.__tablename__: db.session.scalar(
            select(func.count()).select_from(model).where(model.user_id == owner.id))
            for model in PERSONAL_MODELS}


def total_rows(app) -> dict[str, int]:
    with app.app_context():
        return {model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
                for model in PERSONAL_MODELS}


def upload(auth, data: bytes | str, filename: str = "befriend.json", path="/account/import",
           headers=None, **fields):
    body = data.encode() if isinstance(data, str) else data
    return auth.post(path, {"file": (io.BytesIO(body), filename), **fields},
                     content_type="multipart/form-data", headers=headers or {})


CONFIRM = re.compile(r'name="confirm" value="([0-9a-f]{64})"')


def restore_file(auth, data: bytes | str, filename: str = "befriend.json"):
    """Bring a Befriend export back as a person does: look at the preview, then send the same
    file again with the preview's confirmation. Returns the confirming answer."""
    preview = upload(auth, data, filename)
    html = preview.get_data(as_text=True)
    match = CONFIRM.search(html)
    assert preview.status_code == 200 and match, (preview.status_code, html[-3000:])
    return upload(auth, data, filename, confirm=match.group(1))


def export(client) -> dict:
    response = client.get("/account/export.json")
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True))
