"""Shared fixtures: a fresh database per test on SQLite or PostgreSQL, clients, and accounts.

Set TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1/test) to run on PostgreSQL.
The schema is created once per run; each test starts from empty tables.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from flask import Flask
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from ifs_pwa import create_app
from ifs_pwa.config import TestConfig
from ifs_pwa.extensions import db

pytest_plugins = ["tests.browser.fixtures"]

INTEGRATION = Path(__file__).parent / "integration"


def pytest_collection_modifyitems(items) -> None:
    """Mark what `make test-fast` leaves out: every test that drives Chromium (it asks for the
    `browser` fixture, however indirectly) and everything in tests/integration/ (gunicorn,
    throwaway PostgreSQL clusters, faults). `make test` runs them all."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        if INTEGRATION in Path(item.path).parents:
            item.add_marker(pytest.mark.integration)


class CompiledTemplates(BytecodeCache):
    """Templates compiled once for the whole run, shared by every test's app.

    Each test builds its own app, and each app's Jinja environment would otherwise compile
    every template it renders again (the largest cost of a test's first requests). Jinja checks
    each template's source against its checksum before using the stored code, so a template
    edited during a run is compiled afresh; rendering itself stays the test app's own.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = CompiledTemplates()


def build_app(database_url: str, **overrides) -> Flask:
    """An app on the test database with TestConfig (and the test's own overrides)."""
    app = create_app(config_for(database_url, **overrides))
    app.jinja_env.bytecode_cache = TEMPLATES
    return app


def config_for(database_url: str, **overrides) -> dict:
    """TestConfig as a mapping, pointed at the run's database."""
    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    settings["SQLALCHEMY_DATABASE_URI"] = database_url
    settings.update(overrides)
    return settings


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        yield url
        return
    folder, in_memory = sqlite_folder(tmp_path_factory)
    yield f"sqlite:///{folder / 'test.db'}"
    if in_memory:
        shutil.rmtree(folder, ignore_errors=True)  # pytest cleans its own folders, not /dev/shm


def sqlite_folder(tmp_path_factory) -> tuple[Path, bool]:
    """Where the run's SQLite file lives: in memory-backed /dev/shm where the machine has it.

    WAL mode syncs every commit to disk, and the tests commit thousands of times; on tmpfs a
    sync costs nothing, so the same SQLite code runs without waiting for the disk (durability is
    not what these tests check; the fault tests keep their own files). TEST_SQLITE_ON_DISK=1
    puts it back on disk, e.g. to measure what this saves."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK) and not os.environ.get("TEST_SQLITE_ON_DISK"):
        return Path(tempfile.mkdtemp(prefix="befriend-tests-", dir=shm)), True
    return tmp_path_factory.mktemp("db"), False


@pytest.fixture(scope="session")
def schema(database_url):
    """Create every table once for the run, from the models."""
    app = create_app(config_for(database_url))
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()
    yield
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def empty_tables(attempts: int = 5) -> None:
    """Remove every row; much faster than recreating the schema for each test.

    A browser test's live server may still be answering a late request (the service worker's
    warm-up) while the test ends; on PostgreSQL, TRUNCATE can then meet that request's locks
    and be chosen as a deadlock's victim. The request finishes by itself, so try again."""
    tables = list(reversed(db.metadata.sorted_tables))
    for attempt in range(attempts):
        try:
            if db.engine.dialect.name == "postgresql":
                names = ", ".join(f'"{t.name}"' for t in tables)
                db.session.execute(text(f"TRUNCATE TABLE {names} RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    db.session.execute(table.delete())
            db.session.commit()
            return
        except OperationalError:
            db.session.rollback()
            if attempt == attempts - 1:
                raise
            time.sleep(0.5 * (attempt + 1))


@pytest.fixture
def make_app(database_url, schema):
    """Factory for an app on the test database; tests may override settings."""
    apps = []

    def factory(**overrides):
        app = build_app(database_url, **overrides)
        apps.append(app)
        return app

    yield factory
    for app in apps:
        with app.app_context():
            db.session.remove()
    # Empty the tables with an app the test already built on the run's database (a test may
    # point one at another database on purpose); building a second app just to clean up used
    # to cost a third of the web tests' time.
    cleaner = next((app for app in apps
                    if app.config["SQLALCHEMY_DATABASE_URI"] == database_url), None)
    if apps and cleaner is None:
        cleaner = build_app(database_url)
        apps.append(cleaner)
    if cleaner is not None:
        with cleaner.app_context():
            empty_tables()
            db.session.remove()
    for app in apps:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def htmx_client(app):
    """A test client whose every request looks like htmx asking for a fragment."""
    test_client = app.test_client()
    test_client.environ_base["HTTP_HX_REQUEST"] = "true"
    return test_client


CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def csrf_token_from(html: str) -> str:
    match = CSRF_META.search(html)
    assert match, "page has no CSRF meta tag"
    return match.group(1)


class AuthActions:
    """Sign up and log in through the real forms, fetching CSRF tokens like a browser."""

    def __init__(self, client):
        self.client = client

    def token(self, path: str = "/login") -> str:
        return csrf_token_from(self.client.get(path).get_data(as_text=True))

    def signup(self, username="sam", password="correct horse battery", **extra):
        data = {"username": username, "password": password, "confirm": password,
                "csrf_token": self.token("/signup"), **extra}
        return self.client.post("/signup", data=data)

    def login(self, username="sam", password="correct horse battery", **extra):
        data = {"username": username, "password": password, "remember": "y",
                "csrf_token": self.token("/login"), **extra}
        return self.client.post("/login", data=data)

    def logout(self):
        return self.client.post("/logout", data={"csrf_token": self.token("/more")})

    def post(self, path: str, data: dict | None = None, **kwargs):
        """POST with a valid CSRF token taken from the More page of this session."""
        payload = {"csrf_token": self.token("/more"), **(data or {})}
        return self.client.post(path, data=payload, **kwargs)


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def user(auth):
    """A signed-up, signed-in person called sam."""
    response = auth.signup()
    assert response.status_code == 302, response.get_data(as_text=True)
    return "sam"
