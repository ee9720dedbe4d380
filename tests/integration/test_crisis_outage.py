"""Crisis help during a database outage, on a real gunicorn: PostgreSQL stopped (a throwaway
cluster, as in test_faults) and an SQLite file that can't be opened. A signed-in person who taps
"Need help now" must get real numbers to call, and so must every error page."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

from benchmarks import server
from benchmarks.load import log_in
from tests.integration.test_faults import PASSWORD, fetch, new_person

LEAKS = ("Traceback", "OperationalError", "psycopg", "sqlite3", "SELECT")


def get(base_url: str, path: str, session=None, **headers: str) -> tuple[int, dict, str]:
    request = urllib.request.Request(base_url + path, headers={
        **({"Cookie": session.cookie} if session else {}), **headers})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def post_without_token(base_url: str, session) -> tuple[int, str]:
    request = urllib.request.Request(base_url + "/checkins", data=b"mood=5", headers={
        "Cookie": session.cookie, "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def assert_crisis_help_while_down(base_url: str, session) -> None:
    """The crisis page answers 200 with tel: links; the error pages all carry one too."""
    status, headers, body = get(base_url, "/crisis", session, **{"Accept-Language": "en-GB"})
    assert status == 200, body[:300]
    assert 'href="tel:999"' in body and 'href="tel:116123"' in body  # guessed from en-GB
    assert "can't reach your account just now" in body
    assert headers.get("X-Befriend-Degraded") == "1" and "no-store" in headers["Cache-Control"]
    status, _, body = get(base_url, "/crisis", session)  # no language: the fallback number
    assert status == 200 and 'href="tel:112"' in body
    for path, expected in (("/", 503), ("/safety-plan", 503), ("/no-such-page", 404)):
        status, _, body = get(base_url, path, session, **{"Accept-Language": "en-AU"})
        assert status == expected, (path, body[:300])
        assert 'href="tel:000"' in body and 'href="tel:131114"' in body, path
        assert 'class="tabbar"' not in body, path  # drawn signed out: no query for the nav
        for leak in LEAKS:
            assert leak not in body, (path, leak)
    status, body = post_without_token(base_url, session)
    assert status == 400 and 'href="tel:112"' in body


def test_signed_in_crisis_help_with_postgres_stopped(throwaway_postgres):
    cluster = throwaway_postgres
    new_person(cluster.url, "robin")
    with server.gunicorn(cluster.url, workers=2) as (base_url, _master):
        session = log_in(base_url, "robin", PASSWORD)
        status, _, body = get(base_url, "/crisis", session)
        assert status == 200 and "My safety plan" in body  # signed in, the database answering

        cluster.stop()
        for _ in range(3):  # more than once, so both workers meet the outage
            assert_crisis_help_while_down(base_url, session)

        cluster.start()
        deadline = time.monotonic() + 15
        while fetch(base_url, "/healthz")[0] != 200:
            assert time.monotonic() < deadline, "the app did not reconnect to PostgreSQL"
            time.sleep(0.2)
        status, _, body = get(base_url, "/crisis", session)
        assert status == 200 and "My safety plan" in body  # still signed in afterwards


def start_without_waiting_for_health(database_url: str, port: int) -> subprocess.Popen:
    """gunicorn as server.start runs it, ready once it answers at all (/healthz says 503)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "wsgi:app"],
        cwd=server.ROOT, env=server.app_env(database_url), start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn exited"
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except urllib.error.HTTPError:
            return process
        except OSError:
            time.sleep(0.2)
    server.kill(process)
    raise RuntimeError("gunicorn did not come up")


def test_signed_in_crisis_help_with_an_sqlite_file_that_cannot_be_opened(tmp_path):
    path = tmp_path / "befriend.db"
    url = f"sqlite:///{path}"
    new_person(url, "kit")
    port = server.free_port()
    process = server.start(url, port, workers=1)
    base_url = f"http://127.0.0.1:{port}"
    try:
        session = log_in(base_url, "kit", PASSWORD)
        assert get(base_url, "/crisis", session)[0] == 200
        server.kill(process)
        # The database file is replaced by a folder: SQLite can't open it at all.
        shutil.move(path, tmp_path / "moved-away.db")
        for extra in ("-wal", "-shm"):
            (tmp_path / f"befriend.db{extra}").unlink(missing_ok=True)
        path.mkdir()
        process = start_without_waiting_for_health(url, port)
        assert fetch(base_url, "/healthz")[0] == 503
        assert_crisis_help_while_down(base_url, session)
    finally:
        server.kill(process)
