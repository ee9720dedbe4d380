"""Migrations build the schema from nothing, and the models match them exactly.

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
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from ifs_pwa.extensions import db

ROOT = Path(__file__).resolve().parents[2]


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


def test_downgrade_to_nothing_and_back(empty_database):
    assert flask_db(empty_database, "upgrade").returncode == 0
    downgrade = flask_db(empty_database, "downgrade", "base")
    assert downgrade.returncode == 0, downgrade.stderr
    engine = create_engine(empty_database)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    assert flask_db(empty_database, "upgrade").returncode == 0
