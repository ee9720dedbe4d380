"""Years of realistic check-ins for one person, inserted in bulk: for query-count tests and load.

Deterministic (a seeded random generator), so figures are comparable from run to run.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ifs_pwa.checkins.models import CheckIn, checkin_parts
from ifs_pwa.checkins.vocab import FEELINGS
from ifs_pwa.clock import from_local
from ifs_pwa.parts.models import ROLES, Part

PART_NAMES = ("The Critic", "The Sleeper", "Little One", "The Planner", "The Scroller",
              "The Worrier", "The Pleaser", "The Wall", "The Runner", "The Judge",
              "The Lonely One", "The Helper")


def seed_user(session: Session, user, years: int = 5, parts: int = 12,
              end: date | None = None, seed: int = 7) -> int:
    """Give `user` `parts` parts and one check-in a day for `years` years; returns the count.

    The caller commits. Check-ins end yesterday (local) unless `end` is given.
    """
    rng = random.Random(seed)
    now = datetime.now(UTC)
    part_rows = [
        {"user_id": user.id, "client_id": uuid.uuid4(), "name": PART_NAMES[i % len(PART_NAMES)]
         + ("" if i < len(PART_NAMES) else f" {i}"), "role": rng.choice(ROLES),
         "created_at": now, "updated_at": now}
        for i in range(parts)
    ]
    if part_rows:
        session.execute(insert(Part), part_rows)
    part_ids = list(session.scalars(select(Part.id).where(Part.user_id == user.id)))

    last = end or (now.date() - timedelta(days=1))
    days = [last - timedelta(days=n) for n in range(365 * years)]
    rows = []
    for day in days:
        at = from_local(datetime.combine(day, time(rng.randint(7, 22), rng.randint(0, 59))),
                        user.timezone)
        rows.append({
            "user_id": user.id, "client_id": uuid.uuid4(), "mood": rng.randint(1, 10),
            "energy": rng.choice([None, 1, 2, 3, 4, 5]), "note": "",
            "feelings": rng.sample(FEELINGS, rng.randint(0, 3)),
            "self_mask": rng.randint(0, 255), "occurred_at": at, "local_date": day,
            "created_at": now, "updated_at": now,
        })
    session.execute(insert(CheckIn), rows)
    if part_ids:
        ids = session.scalars(select(CheckIn.id).where(CheckIn.user_id == user.id)).all()
        links = [{"checkin_id": cid, "part_id": pid}
                 for cid in ids for pid in rng.sample(part_ids, rng.randint(0, 3))]
        if links:
            session.execute(insert(checkin_parts), links)
    return len(rows)
