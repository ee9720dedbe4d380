"""Many signed-in clients post check-ins at once to a real gunicorn; a third repeat a client_id.

The benchmark (`benchmarks/concurrency.py`, 50 clients) and this test share the code; here the
numbers are smaller so it stays quick. Runs on SQLite (WAL, busy timeout) and PostgreSQL.
"""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from benchmarks import concurrency
from ifs_pwa.auth.accounts import create_user
from ifs_pwa.auth.models import User
from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.extensions import db
from ifs_pwa.records import insert_once

PASSWORD = "crowded but calm"


def test_concurrent_posts_and_repeats_make_one_row_per_client_id(served, database_url, make_app):
    users = ["ana", "ben", "cleo"]
    concurrency.add_people(make_app(ARGON2_FAST=False), users, PASSWORD)

    result = concurrency.run(served, database_url, users, PASSWORD, clients_per_user=4, rounds=4)

    assert result.problems() == []
    assert (result.clients, len(result.outcomes)) == (12, 48)
    kinds = {o.post.kind for o in result.outcomes}
    assert kinds == {"new", "again", "race"}
    assert result.repeats >= len(result.outcomes) // 4
    assert result.rows == result.expected == result.statuses[201]
    assert result.statuses[200] == result.repeats
    assert set(result.statuses) == {200, 201}


def checkin(user_id: int, client_id: uuid.UUID, mood: int) -> CheckIn:
    now = datetime.now(UTC)
    return CheckIn(user_id=user_id, client_id=client_id, mood=mood, occurred_at=now,
                   local_date=now.date())


def test_the_loser_of_a_unique_race_answers_with_the_winners_row(app):
    """Forced, not left to chance: the loser's insert waits on the winner's uncommitted key."""
    with app.app_context():
        create_user(db.session, "dana", PASSWORD)
        db.session.commit()
        user_id = db.session.scalar(select(User.id).where(User.username == "dana"))
        engine, client_id = db.engine, uuid.uuid4()
        winner = Session(engine)
        winner.add(checkin(user_id, client_id, mood=4))
        winner.flush()  # holds the (user, client_id) key, not committed yet
        outcome = {}

        def lose() -> None:
            with Session(engine) as loser:
                row, created = insert_once(loser, checkin(user_id, client_id, mood=9))
                outcome.update(id=row.id, mood=row.mood, created=created)
                loser.commit()

        thread = threading.Thread(target=lose)
        thread.start()
        thread.join(0.5)
        assert thread.is_alive(), "the second insert should be waiting on the first one's key"
        winner.commit()
        thread.join(10)
        winner.close()
        assert outcome == {"id": outcome["id"], "mood": 4, "created": False}
        assert db.session.scalar(select(func.count(CheckIn.id))) == 1
