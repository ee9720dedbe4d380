"""Drive a running server with wrk (from Debian) and read its one-line JSON report."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import subprocess
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

WRK_DIR = Path(__file__).resolve().parent / "wrk"
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@dataclass(frozen=True)
class Session:
    cookie: str
    csrf: str


@dataclass(frozen=True)
class LoadResult:
    name: str
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def log_in(base_url: str, username: str, password: str) -> Session:
    """Log in through the real form, as a browser would, and keep the session cookie."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base_url + "/login").read().decode()
    token = CSRF_META.search(page).group(1)
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrf_token": token}
    ).encode()
    opener.open(base_url + "/login", data=form).read()
    page = opener.open(base_url + "/").read().decode()
    csrf = CSRF_META.search(page).group(1)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar if c.name == "session")
    if not cookie:
        raise RuntimeError("login failed: no session cookie")
    return Session(cookie=cookie, csrf=csrf)


def run_wrk(name: str, url: str, script: str, session: Session | None = None,
            connections: int = 16, seconds: int = 10, threads: int = 2) -> LoadResult:
    """Run wrk against one URL; keep-alive connections, latency percentiles from wrk itself."""
    env = {**os.environ, "WRK_DIR": str(WRK_DIR)}
    if session:
        env.update(COOKIE=session.cookie, CSRF=session.csrf)
    completed = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s",
         "-s", str(WRK_DIR / script), url],
        env=env, capture_output=True, text=True, check=True,
    )
    line = [ln for ln in completed.stdout.splitlines() if ln.startswith("{")][-1]
    data = json.loads(line)
    return LoadResult(name, data["requests"], data["seconds"], data["errors"],
                      data["p50_ms"], data["p95_ms"], data["p99_ms"])
