"""Concurrency without loss: many signed-in phones post check-ins at once, a third of them again.

The outbox replays a check-in whenever it is unsure the first copy arrived, and a person may
have the app open on two devices, so the same client_id reaches the server again, sometimes at
the very same instant through another connection. Whatever the interleaving, each (person,
client_id) must become exactly one row, a repeat must answer 200 with the record that exists,
and nothing may answer 5xx. Used by `make bench` (50 clients) and by a test (fewer).
"""

from __future__ import annotations

import random
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import create_engine, func, select

from benchmarks.load import Session, log_in

NOTED = re.compile(r"You noted (\d+) out of 10")


@dataclass(frozen=True)
class Post:
    user: str
    client_id: str
    mood: int
    kind: str  # "new", "again" (this client sends it again) or "race" (another connection too)


@dataclass
class Outcome:
    post: Post
    status: int
    noted: int | None  # the mood the answer reports: the record the server kept


@dataclass
class ConcurrencyResult:
    clients: int
    users: int
    outcomes: list[Outcome] = field(default_factory=list)
    rows: int = 0
    distinct_rows: int = 0
    seconds: float = 0.0

    @property
    def expected(self) -> int:
        return len({(o.post.user, o.post.client_id) for o in self.outcomes})

    @property
    def repeats(self) -> int:
        return len(self.outcomes) - self.expected

    @property
    def statuses(self) -> Counter:
        return Counter(o.status for o in self.outcomes)

    def problems(self) -> list[str]:
        """Everything that went wrong, in words; empty when nothing was lost or doubled."""
        found = []
        if self.rows != self.expected or self.distinct_rows != self.expected:
            found.append(f"{self.rows} rows ({self.distinct_rows} distinct) for "
                         f"{self.expected} distinct client_ids")
        if any(status >= 500 or status == 0 for status in self.statuses):
            found.append(f"failed answers: {dict(self.statuses)}")
        if self.statuses[201] != self.expected:
            found.append(f"{self.statuses[201]} answers said 'created' for {self.expected} ids")
        first_mood = {}
        for o in self.outcomes:
            if o.post.kind != "again":
                first_mood.setdefault((o.post.user, o.post.client_id), o.post.mood)
        wrong = [o for o in self.outcomes
                 if o.status not in (200, 201)
                 or o.noted != first_mood[(o.post.user, o.post.client_id)]]
        if wrong:
            found.append(f"{len(wrong)} answers were not the record kept, e.g. {wrong[0]}")
        return found


def plan(users: list[str], clients_per_user: int, rounds: int, seed: int = 11) -> list[list[Post]]:
    """posts[round][client]: about a third repeat a client_id.

    Even rounds: in each group of three of a person's clients, two send the same new client_id
    at the same instant. Odd rounds: one in three sends one of its own earlier check-ins again,
    with a different mood, as a replay carrying stale content would (the first one must win).
    """
    rng = random.Random(seed)
    sent: dict[int, list[Post]] = {}
    posts = []
    for r in range(rounds):
        row: list[Post | None] = [None] * (len(users) * clients_per_user)
        for u, user in enumerate(users):
            order = list(range(u * clients_per_user, (u + 1) * clients_per_user))
            rng.shuffle(order)
            for j, client in enumerate(order):
                fresh = Post(user, str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                             rng.randint(2, 10), "new")
                if r % 2 == 0 and j % 3 == 1 and row[order[j - 1]] is not None:
                    partner = row[order[j - 1]]
                    row[order[j - 1]] = Post(user, partner.client_id, partner.mood, "race")
                    row[client] = Post(user, partner.client_id, partner.mood, "race")
                elif r % 2 == 1 and j % 3 == 0 and sent.get(client):
                    old = rng.choice(sent[client])
                    row[client] = Post(user, old.client_id, old.mood % 10 + 1, "again")
                else:
                    row[client] = fresh
        for client, post in enumerate(row):
            sent.setdefault(client, []).append(post)
        posts.append(row)
    return posts


def post_checkin(base_url: str, session: Session, post: Post) -> Outcome:
    """POST one check-in as the outbox does (htmx fragment, CSRF header), on a new connection."""
    body = urllib.parse.urlencode({"mood": post.mood, "client_id": post.client_id}).encode()
    request = urllib.request.Request(base_url + "/checkins", data=body, method="POST", headers={
        "Cookie": session.cookie, "X-CSRFToken": session.csrf, "HX-Request": "true",
        "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode(errors="replace")
    except OSError:
        status, text = 0, ""
    noted = NOTED.search(text)
    return Outcome(post, status, int(noted.group(1)) if noted else None)


def count_rows(database_url: str, users: list[str]) -> tuple[int, int]:
    """(rows, distinct (person, client_id)) for these people, read straight from the database."""
    from ifs_pwa.auth.models import User
    from ifs_pwa.checkins.models import CheckIn

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            mine = (select(CheckIn.user_id, CheckIn.client_id).join(User)
                    .where(User.username.in_(users)))
            rows = connection.scalar(select(func.count()).select_from(mine.subquery()))
            distinct = connection.scalar(
                select(func.count()).select_from(mine.distinct().subquery()))
    finally:
        engine.dispose()
    return rows, distinct


def run(base_url: str, database_url: str, users: list[str], password: str,
        clients_per_user: int, rounds: int) -> ConcurrencyResult:
    """Log every client in (its own session), then post round by round, all at one instant."""
    posts = plan(users, clients_per_user, rounds)
    clients = len(users) * clients_per_user
    sessions: list[Session | None] = [None] * clients

    def sign_in(i: int) -> None:
        sessions[i] = log_in(base_url, users[i // clients_per_user], password)

    threads = [threading.Thread(target=sign_in, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if any(s is None for s in sessions):
        raise RuntimeError("a client could not sign in")

    result = ConcurrencyResult(clients=clients, users=len(users))
    start = threading.Barrier(clients)
    lock = threading.Lock()

    def client(i: int) -> None:
        for row in posts:
            start.wait(timeout=120)  # every client sends this round's post at the same instant
            outcome = post_checkin(base_url, sessions[i], row[i])
            with lock:
                result.outcomes.append(outcome)

    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - began
    result.rows, result.distinct_rows = count_rows(database_url, users)
    return result


def add_people(app, users: list[str], password: str) -> None:
    """Create the accounts straight in the database (hashing at the app's configured cost)."""
    from ifs_pwa.auth.accounts import create_user
    from ifs_pwa.extensions import db

    with app.app_context():
        for name in users:
            create_user(db.session, name, password, timezone="Europe/London")
        db.session.commit()
        db.engine.dispose()  # no idle connection left behind in the benchmark's process


CROWD, CROWD_PASSWORD = [f"crowd-{n}" for n in range(1, 6)], "many phones at once"


def concurrency_table(database: str, base_url: str, database_url: str,
                      clients_per_user: int = 10, rounds: int = 6) -> list[str]:
    """`make bench`: 50 clients (5 people x 10), markdown rows; MISSED on any loss or 5xx."""
    from ifs_pwa import create_app

    add_people(create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench"}),
               CROWD, CROWD_PASSWORD)
    r = run(base_url, database_url, CROWD, CROWD_PASSWORD, clients_per_user, rounds)
    problems = r.problems()
    posts = len(r.outcomes)
    statuses = ", ".join(f"{code or 'no answer'}: {n}" for code, n in sorted(r.statuses.items()))
    rows = [f"\n### Concurrency on {database} ({r.clients} clients, {r.users} people, "
            f"{rounds} rounds sent at one instant)\n",
            "| posts | repeats | distinct client_ids | rows | answers | seconds | verdict |",
            "| ---: | ---: | ---: | ---: | --- | ---: | --- |",
            f"| {posts} | {r.repeats} ({r.repeats / posts:.0%}) | {r.expected} | {r.rows} | "
            f"{statuses} | {r.seconds:.1f} | {'ok' if not problems else 'MISSED'} |"]
    return rows + [f"\n**{p}**" for p in problems]
