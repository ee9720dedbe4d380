"""A person's whole life in the app, made through the real forms, and ways to read it back raw."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from ifs_pwa.extensions import db
from tests.web.parts_helpers import add_part


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
        "answer-feel_toward": "annoyed", "answer-unblend": "stepped_back",
        "answer-befriend_job": s["answer"],
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
