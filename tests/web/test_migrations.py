"""Migrations build the schema from nothing, keep what a used database holds, and the models
match them exactly.

Runs the real `flask db` CLI against an empty database of the same kind as the test run:
an SQLite file normally, a freshly created PostgreSQL database when TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from ifs_pwa import create_app
from ifs_pwa.auth.models import DeviceSession
from ifs_pwa.extensions import db
from tests.conftest import AuthActions, config_for
from tests.factories import fill_everything

ROOT = Path(__file__).resolve().parents[2]
# The head before users got AUTOINCREMENT on SQLite (704ea8bdd2a4), which rebuilds `users`.
BEFORE_USERS_REBUILD = "5676ccefe72b"
# Columns today's models have that the older schema lacks: added while the app fills it (today's
# code writes them), and dropped again, so the upgrade starts from the older schema exactly.
COLUMNS_ADDED_SINCE = (
    "safety_plans ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
    "safety_plans ADD COLUMN waiting TEXT",
    "checkins ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
    "checkins ADD COLUMN waiting TEXT",
    "parts ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
    "parts ADD COLUMN waiting TEXT",
    "parts ADD COLUMN map_x FLOAT",
    "parts ADD COLUMN map_y FLOAT",
)


@pytest.fixture
def empty_database(database_url, tmp_path):
    """An empty database with nothing in it, dropped afterwards."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    name = f"befriend_migrations_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def flask_db(database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "migration-test"}
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "db", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_upgrade_from_empty_then_models_match(empty_database):
    upgrade = flask_db(empty_database, "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr

    check = flask_db(empty_database, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No new upgrade operations detected" in check.stdout + check.stderr

    engine = create_engine(empty_database)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert set(db.metadata.tables) <= tables


def declared_cascades() -> dict[tuple[str, str], str | None]:
    """(table, column) → what deleting the referred row does, as the models say."""
    return {(table.name, fk.parent.name): (fk.ondelete or None) and fk.ondelete.upper()
            for table in db.metadata.sorted_tables for fk in table.foreign_keys}


def migrated_cascades(database_url: str) -> dict[tuple[str, str], str | None]:
    engine = create_engine(database_url)
    try:
        found = inspect(engine)
        return {(table, column): (fk["options"].get("ondelete") or None)
                and fk["options"]["ondelete"].upper()
                for table in found.get_table_names()
                for fk in found.get_foreign_keys(table) for column in fk["constrained_columns"]}
    finally:
        engine.dispose()


def test_the_migrated_foreign_keys_cascade_as_the_models_say(app, empty_database):
    """Deleting a part or an account leans on ON DELETE alone (no code repeats it), so the
    migrated schema must really say it, on this database kind: a part's check-in links and
    relations go with it, its practice sessions only lose the link. (`app` imports every model.)"""
    assert flask_db(empty_database, "upgrade").returncode == 0
    migrated = migrated_cascades(empty_database)
    assert migrated == declared_cascades()
    assert migrated[("checkin_parts", "part_id")] == "CASCADE"
    assert migrated[("part_relations", "from_part_id")] == "CASCADE"
    assert migrated[("part_relations", "to_part_id")] == "CASCADE"
    assert migrated[("practice_sessions", "part_id")] == "SET NULL"


def test_downgrade_to_nothing_and_back(empty_database):
    assert flask_db(empty_database, "upgrade").returncode == 0
    downgrade = flask_db(empty_database, "downgrade", "base")
    assert downgrade.returncode == 0, downgrade.stderr
    engine = create_engine(empty_database)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    assert flask_db(empty_database, "upgrade").returncode == 0


# Sign-ins are not data: those from before d5224ca27bf4 can't survive it (they carried epochs).
NOT_KEPT = {"user_sessions"}


def every_row(database_url: str, like: dict | None = None) -> dict[str, tuple[tuple, list]]:
    """Each table's columns and rows, in a stable order, read straight from the database: the
    tables and columns it has (an older revision lacks those added since), or exactly those of
    an earlier reading (`like`), so rows from before an upgrade can be compared with after."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            inspector = inspect(connection)
            present = set(inspector.get_table_names())
            found = {}
            for table in db.metadata.sorted_tables:
                if table.name not in present or table.name in NOT_KEPT:
                    continue
                if like is not None:
                    if table.name not in like:
                        continue
                    names = like[table.name][0]
                else:
                    has = {column["name"] for column in inspector.get_columns(table.name)}
                    names = tuple(c.name for c in table.columns if c.name in has)
                query = select(*(table.c[name] for name in names))
                found[table.name] = (names, sorted(map(tuple, connection.execute(query)),
                                                   key=repr))
            return found
    finally:
        engine.dispose()


def users_table_sql(database_url: str) -> str:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'")).scalar()
    finally:
        engine.dispose()


def two_people_using_the_app(database_url: str) -> None:
    """Fill the database through the real forms: one of everything for Robin, an account for Sam.

    Today's code signs in with a row of user_sessions, a table the older schema lacks: it is
    made for the filling and dropped again, as the older schema never had it."""
    engine = create_engine(database_url)
    DeviceSession.__table__.create(engine)
    with engine.begin() as connection:
        for column in COLUMNS_ADDED_SINCE:
            connection.exec_driver_sql(f"ALTER TABLE {column}")
    app = create_app(config_for(database_url))
    robin = AuthActions(app.test_client())
    assert robin.signup("Robin").status_code == 302
    fill_everything(robin, "Robin")
    assert AuthActions(app.test_client()).signup("Sam").status_code == 302
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    DeviceSession.__table__.drop(engine)
    with engine.begin() as connection:
        for column in COLUMNS_ADDED_SINCE:
            table, _, rest = column.partition(" ADD COLUMN ")
            connection.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {rest.split()[0]}")
    engine.dispose()


def test_upgrading_a_used_database_keeps_every_row(empty_database):
    """Rebuilding `users` (SQLite) drops the old table: with foreign keys enforced that would
    cascade through every table, so env.py turns them off around the migration."""
    older = flask_db(empty_database, "upgrade", BEFORE_USERS_REBUILD)
    assert older.returncode == 0, older.stderr
    two_people_using_the_app(empty_database)
    before = every_row(empty_database)
    assert all(rows for _, rows in before.values()), {
        name: len(rows) for name, (_, rows) in before.items()}

    upgrade = flask_db(empty_database, "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr

    after = every_row(empty_database, like=before)
    assert after == before
    if make_url(empty_database).get_backend_name() == "sqlite":
        assert "AUTOINCREMENT" in users_table_sql(empty_database)
    check = flask_db(empty_database, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No new upgrade operations detected" in check.stdout + check.stderr



BEFORE_CANONICAL_RELATIONS = "704ea8bdd2a4"


def test_two_way_relations_entered_both_ways_are_merged_into_one(empty_database):
    """Rows from before b7e1d2c3a4f5: "allied" both ways (kept once, smaller id first), a lone
    "polarised" entered big→small (turned round), and "protects" both ways (one-way: kept)."""
    assert flask_db(empty_database, "upgrade", BEFORE_CANONICAL_RELATIONS).returncode == 0
    engine = create_engine(empty_database)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO users (id, username, username_key, password_hash, timezone, settings,"
            " session_epoch, data_version, created_at) VALUES (1, 'Robin', 'robin', 'x', 'UTC',"
            " '{}', 0, 0, CURRENT_TIMESTAMP)"))
        for part_id in (1, 2, 3):
            connection.execute(text(
                "INSERT INTO parts (id, user_id, client_id, name, role, description,"
                " body_location, age, job, fears, needs, burdens, status, colour, emoji, archived,"
                " created_at, updated_at) VALUES (:id, 1, :client, :name, 'unknown', '', '', '',"
                " '', '', '', '', 'noticed', 'sage', '', false, CURRENT_TIMESTAMP,"
                " CURRENT_TIMESTAMP)"),
                {"id": part_id, "client": uuid.uuid4().hex, "name": f"Part {part_id}"})
        for relation_id, from_id, to_id, kind in [
            (1, 2, 1, "allied"), (2, 1, 2, "allied"), (3, 3, 1, "polarised"),
            (4, 1, 3, "protects"), (5, 3, 1, "protects"),
        ]:
            connection.execute(text(
                "INSERT INTO part_relations (id, user_id, from_part_id, to_part_id, kind,"
                " created_at) VALUES (:id, 1, :f, :t, :k, CURRENT_TIMESTAMP)"),
                {"id": relation_id, "f": from_id, "t": to_id, "k": kind})
    upgrade = flask_db(empty_database, "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT id, from_part_id, to_part_id, kind FROM part_relations ORDER BY id")).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [
        (1, 1, 2, "allied"), (3, 1, 3, "polarised"), (4, 1, 3, "protects"), (5, 3, 1, "protects")]
