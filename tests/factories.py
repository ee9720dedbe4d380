"""The one place tests make people and records, and read them back.

Two ways to make things, and each test picks the one its question needs:

* through the real forms (`add_part`, `fill_everything`, `sign_up_and_fill`): what a person
  does, CSRF tokens and validation included; slower, and the only honest way when the test is
  about what the forms store;
* straight into the database (`insert_part`, `insert_parts`, `insert_checkin`,
  `seed_everything`, `years_of_checkins`): exact values (microseconds, archived parts, years of
  history) that no form would produce, for tests about reading, exporting and counting.

Functions taking `app` open their own app context; those taking a `User` (`insert_parts`,
`insert_checkin`) run inside the caller's and leave the commit to it.
The security matrix makes its records through its registry's forms (`tests/security/registry.py`
`seed`), since that walk is part of what it checks.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import sqlite3
import subprocess
import uuid
from datetime import UTC, date, datetime, time, timedelta
from html import escape, unescape

from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import make_url

from benchmarks.seed import seed_user as years_of_checkins  # noqa: F401  (bulk, for query counts)
from ifs_pwa.auth.models import CAUTION_KEY, User
from ifs_pwa.breathing.models import BreathingSession
from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.checkins.vocab import FEELINGS, SELF_QUALITIES
from ifs_pwa.clock import from_local, local_date
from ifs_pwa.extensions import db
from ifs_pwa.measures.models import MeasureResult
from ifs_pwa.parts.models import Part, PartRelation
from ifs_pwa.practices.models import PracticeSession
from ifs_pwa.safety.models import SafetyPlan

PERSONAL_MODELS = (Part, PartRelation, CheckIn, PracticeSession, BreathingSession, MeasureResult,
                   SafetyPlan)


# --- people -------------------------------------------------------------------------------


def person(username: str = "sam") -> User:
    """The account called `username` (inside an app context)."""
    return db.session.scalar(select(User).where(User.username_key == username.lower()))


def user_id(app, username: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.username_key == username.lower()))


def newest_id(app, model, username: str = "sam") -> int:
    """The id of the person's most recently made record of `model`."""
    with app.app_context():
        owner = db.session.scalar(select(User.id).where(User.username_key == username.lower()))
        return db.session.scalar(select(model.id).where(model.user_id == owner)
                                 .order_by(model.id.desc()).limit(1))


# --- through the real forms ---------------------------------------------------------------


def add_part(auth, name="The heavy one", **fields) -> int:
    """Create a part through the real form; returns its id."""
    data = {"name": name, "role": "manager", "status": "noticed", "colour": "sage",
            "client_id": str(uuid.uuid4()), **fields}
    response = auth.post("/parts/", data)
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def checkin_data(**fields) -> dict:
    """A check-in form's fields: a fresh client_id and a mood, then the case's own."""
    return {"client_id": str(uuid.uuid4()), "mood": "6", **fields}


def secrets_for(who: str) -> dict[str, str]:
    """One distinctive sentence per encrypted field, so a dump can be searched for each.

    No quotes or non-ASCII: a dump escapes those, and a search could then miss clear text.
    """
    return {
        "note": f"{who} cried on the bus about Marguerite",
        "description": f"{who} tight jaw whenever Dad calls",
        "job": f"{who} keeps everyone at a distance",
        "fears": f"{who} that I would be left alone in Lisbon",
        "needs": f"{who} to hear that it did well",
        "burdens": f"{who} the shame from year nine",
        "answer": f"{who} it said it was exhausted of guarding",
        "warning_signs": f"{who} stop answering messages from Priya",
        "on_my_own": f"{who} cold water and the coherent breathing",
        "distractions": f"{who} walking Biscuit on the heath",
        "helper_name": f"{who} Auntie Rosalind",
        "helper_phone": "+44 7700 900457",
        "professionals": f"{who} Dr Okonkwo at Ashfield surgery",
        "pro_name": f"{who} Ashfield Surgery line",
        "safer_surroundings": f"{who} give the blister packs to Tomasz",
        "reasons": f"{who} seeing the sea at Whitstable again",
    }


def fill_everything(auth, who: str) -> dict[str, int]:
    """Create one of every kind of record for the signed-in person; returns their ids."""
    s = secrets_for(who)
    part_id = add_part(auth, f"{who} critic", description=s["description"], job=s["job"],
                       fears=s["fears"], needs=s["needs"], burdens=s["burdens"])
    other_id = add_part(auth, f"{who} little one", role="exile")
    relate = auth.post(f"/parts/{part_id}/relations", {"kind": "protects", "other": other_id})
    assert relate.status_code == 303, relate.get_data(as_text=True)
    checkin = auth.post("/checkins", {"client_id": str(uuid.uuid4()), "mood": "4",
                                      "note": s["note"], "parts": [str(part_id)]})
    assert checkin.status_code in (201, 303), checkin.get_data(as_text=True)
    started = (datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)).isoformat()
    practice = auth.post("/practices/befriend-depressed-part", {
        "client_id": str(uuid.uuid4()), "part_id": str(part_id), "finished": ["0", "1"],
        "self_energy_before": "3", "self_energy_after": "6", "started_at": started,
        "answer-system_ok": "yes", "answer-feel_toward": "annoyed",
        "answer-unblend": "stepped_back", "answer-befriend_job": s["answer"],
        "answer-fears": s["fears"]})
    assert practice.status_code == 303, practice.get_data(as_text=True)
    breathing = auth.post("/breathe/sessions", {
        "client_id": str(uuid.uuid4()), "pattern": "box", "spec": "4,4,4,4", "seconds": "64",
        "finished_at": "2025-03-01T08:00:00Z"})
    assert breathing.status_code == 303, breathing.get_data(as_text=True)
    measure = auth.post("/measures/gad7", {"client_id": str(uuid.uuid4()),
                                          **{f"q{n}": "1" for n in range(1, 8)}})
    assert measure.status_code == 303, measure.get_data(as_text=True)
    plan = auth.post("/safety-plan", {
        "client_id": str(uuid.uuid4()), "warning_signs": s["warning_signs"],
        "on_my_own": s["on_my_own"], "distractions": s["distractions"],
        "helpers-0-name": s["helper_name"], "helpers-0-phone": s["helper_phone"],
        "professionals": s["professionals"], "professional_contacts-0-name": s["pro_name"],
        "professional_contacts-0-phone": "020 7946 0311",
        "safer_surroundings": s["safer_surroundings"], "reasons": s["reasons"]})
    assert plan.status_code == 303, plan.get_data(as_text=True)
    return {"part": part_id, "other_part": other_id,
            "practice": int(practice.headers["Location"].rstrip("/").split("/")[-1]),
            "measure": int(measure.headers["Location"].rstrip("/").split("/")[-1])}


def sign_up_and_fill(app, auth, name) -> int:
    """Sign `name` up through the form, give them one of everything; returns their user id."""
    assert auth.signup(name).status_code == 302
    fill_everything(auth, name)
    return user_id(app, name)


# --- straight into the database -----------------------------------------------------------


def insert_parts(owner: User, *names: str) -> dict[str, Part]:
    """Parts of `owner` by name, flushed (ids set) but not committed."""
    parts = {name: Part(user_id=owner.id, client_id=uuid.uuid4(), name=name) for name in names}
    db.session.add_all(parts.values())
    db.session.flush()
    return parts


def insert_part(app, username: str, name: str) -> int:
    """One part of `username`'s, committed; returns its id."""
    with app.app_context():
        part = insert_parts(person(username), name)[name]
        db.session.commit()
        return part.id


def insert_checkin(owner: User, day: date, mood: int, qualities=(), parts=(),
                   hour: int = 12) -> None:
    """One check-in on a local day of the person's, at `hour` on their clock (not committed)."""
    at = from_local(datetime.combine(day, time(hour)), owner.timezone)
    checkin = CheckIn(user_id=owner.id, client_id=uuid.uuid4(), mood=mood, occurred_at=at,
                      local_date=day, feelings=[], note="")
    checkin.self_qualities = list(qualities)
    checkin.parts = list(parts)
    db.session.add(checkin)


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


# --- reading back -------------------------------------------------------------------------


def part_named(app, name) -> Part:
    """The part called `name`, detached from the session so its fields can be read after."""
    with app.app_context():
        part = db.session.scalar(select(Part).where(Part.name == name))
        db.session.expunge(part)
        return part


def count_checkins(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(CheckIn))


def only_checkin(app) -> dict:
    """The one check-in the database holds, as plain values."""
    with app.app_context():
        row = db.session.scalars(select(CheckIn)).one()
        return {"id": row.id, "mood": row.mood, "energy": row.energy, "note": row.note,
                "feelings": row.feelings, "self": row.self_qualities,
                "parts": [p.name for p in row.parts], "local_date": row.local_date,
                "occurred_at": row.occurred_at}


def counts(app, username: str) -> dict[str, int]:
    """How many records of each personal kind `username` has."""
    with app.app_context():
        owner = person(username)
        return {model.__tablename__: db.session.scalar(
            select(func.count()).select_from(model).where(model.user_id == owner.id))
            for model in PERSONAL_MODELS}


def total_rows(app) -> dict[str, int]:
    """How many records of each personal kind there are, everyone's together."""
    with app.app_context():
        return {model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
                for model in PERSONAL_MODELS}


def raw_dump(app) -> str:
    """Everything the database holds, as an attacker with a copy of it would see it."""
    with app.app_context():
        url = make_url(str(db.engine.url))
        if url.get_backend_name() == "sqlite":
            connection = sqlite3.connect(url.database)
            try:
                return "\n".join(connection.iterdump())
            finally:
                connection.close()
        dumped = pg_dump(url)
        if dumped is not None:
            return dumped
        return select_everything()


def pg_dump(url) -> str | None:
    """pg_dump's plain SQL, when a pg_dump of the server's major version is installed."""
    binary = shutil.which("pg_dump")
    if binary is None:
        return None
    server = db.session.execute(text("SHOW server_version")).scalar().split(".")[0]
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout
    if f" {server}." not in version:
        return None
    target = url.set(drivername="postgresql").render_as_string(hide_password=False)
    done = subprocess.run([binary, "--data-only", "--dbname", target], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def select_everything() -> str:
    """Fallback: every column of every table, read as text over a raw connection."""
    lines = []
    with db.engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            columns = [c["name"] for c in inspect(connection).get_columns(table)]
            listed = ", ".join(f'CAST("{c}" AS TEXT)' for c in columns)
            for row in connection.exec_driver_sql(f'SELECT {listed} FROM "{table}"'):
                lines.append(f"{table}: " + " | ".join(str(v) for v in row))
    return "\n".join(lines)


# --- files out and back in ----------------------------------------------------------------


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


# --- a check-in as typed, and the form that shows it again --------------------------------

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


# --- days that look hard (practices' readiness check) --------------------------------------
def add_checkin(app, username: str, mood: int, when: datetime | None = None) -> None:
    """A check-in at `mood`, now or at `when`, on the person's own local day."""
    with app.app_context():
        user = person(username)
        when = when or datetime.now(UTC)
        db.session.add(CheckIn(user_id=user.id, client_id=uuid.uuid4(), mood=mood,
                               occurred_at=when, local_date=local_date(when, user.timezone)))
        db.session.commit()


def add_phq9(app, username: str, item9: int, days_ago: float = 0) -> None:
    """A mild PHQ-9 whose item 9 (thoughts of being better off dead) was answered `item9`."""
    with app.app_context():
        user = person(username)
        when = datetime.now(UTC) - timedelta(days=days_ago)
        items = [1, 1, 1, 1, 1, 1, 1, 1, item9]
        db.session.add(MeasureResult(
            user_id=user.id, client_id=uuid.uuid4(), instrument="phq9",
            answers={"items": items, "difficulty": None}, score=sum(items), band="mild",
            item9_flag=item9 > 0, taken_at=when, local_date=local_date(when, user.timezone)))
        db.session.commit()
