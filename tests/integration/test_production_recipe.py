"""The README's Production section, followed to the letter: a virtualenv from requirements.lock
and '.[redis]', `flask db upgrade` on an empty database, gunicorn with 2 workers and
--forwarded-allow-ips, TRUSTED_PROXIES=1, sign-in counts in Redis. This test plays the reverse
proxy in front, sending X-Forwarded-For and X-Forwarded-Proto as nginx would.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from benchmarks import server
from tests.integration.hosts import REDIS_TEST_URL, Browser, forget_redis_keys
from tests.web.test_migrations import empty_database  # noqa: F401  (a fixture)

ROOT = Path(__file__).resolve().parents[2]
KEY = "dGVzdC1rZXktbm90LWZvci1wcm9kdWN0aW9uLXVzZSE="  # the tests' key (config.TestConfig)


@pytest.fixture(scope="session")
def production_venv() -> Path:
    """Made once per lock file and kept under .cache/ (the SQLite and PostgreSQL runs of
    make test share it, one waiting for the other): the README's two install lines."""
    lock = (ROOT / "requirements.lock").read_bytes() + (ROOT / "pyproject.toml").read_bytes()
    venv = ROOT / ".cache" / f"production-venv-{hashlib.sha256(lock).hexdigest()[:12]}"
    venv.parent.mkdir(exist_ok=True)
    with open(venv.parent / "production-venv.lock", "w") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        if not (venv / "ready").exists():
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
            pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
            for line in (["--require-hashes", "-r", "requirements.lock"],
                         ["--no-deps", ".[redis]"]):
                installed = subprocess.run(pip + line, cwd=ROOT, capture_output=True, text=True,
                                           timeout=600)
                assert installed.returncode == 0, installed.stderr[-3000:]
            (venv / "ready").touch()
    return venv


def test_behind_a_trusted_proxy_as_the_readme_says(production_venv, empty_database):  # noqa: F811
    prefix = f"befriend-test-{uuid.uuid4().hex[:10]}"
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("TEST_", "RATELIMIT_", "SESSION_", "PYTEST"))}
    env.update(DATABASE_URL=empty_database, SECRET_KEY="production-recipe-test",
               ENCRYPTION_KEYS=KEY, RATELIMIT_STORAGE_URI=REDIS_TEST_URL, TRUSTED_PROXIES="1",
               RATELIMIT_KEY_PREFIX=prefix)
    bin_dir = production_venv / "bin"
    upgrade = subprocess.run([str(bin_dir / "flask"), "--app", "wsgi", "db", "upgrade"],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert upgrade.returncode == 0, upgrade.stderr
    port = server.free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [str(bin_dir / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--forwarded-allow-ips=127.0.0.1", "wsgi:app"],
        cwd=ROOT, env=env, start_new_session=True, stderr=subprocess.PIPE, text=True)
    try:
        server.wait_until_up(base, process=process)
        proxied = {"X-Forwarded-Proto": "https"}
        sam = Browser(headers={**proxied, "X-Forwarded-For": "198.51.100.2"})
        page = sam.send(base, "/login")
        assert page.headers["Strict-Transport-Security"].startswith("max-age=63072000")
        signed_up = sam.signup(base, "sam", "correct horse battery")
        assert signed_up.status == 302
        cookies = [c for c in signed_up.set_cookies if c.startswith(("session=", "remember_"))]
        assert len(cookies) == 2 and all("; Secure" in c for c in cookies), cookies
        assert sam.post(base, "/logout", {}).status == 302

        # Ten wrong passwords for "sam" from one client behind the proxy: that client is
        # paused for "sam"; Sam, another client behind the same proxy, still gets in.
        guesser = Browser(headers={**proxied, "X-Forwarded-For": "203.0.113.7"})
        answers = [guesser.login(base, "sam", "wrong password").status for _ in range(11)]
        assert answers == [422] * 10 + [429]
        assert sam.login(base, "sam", "correct horse battery").status == 302
    finally:
        server.kill(process)
        forget_redis_keys(prefix)
    log = process.stderr.read()
    assert "counting sign-in attempts in their own memory" not in log
