"""Lighthouse (mobile preset) on Today, Breathe and a practice, signed in; nothing from the web.

Lighthouse 12.2.3 is pinned (newer ones want Node 22) and installed once with npm into a
git-ignored cache. It drives Debian's Chromium with the same flags as the browser tests. htmx
comes from a tiny local server on a second origin, exactly as the CDN would serve it (CORS,
same path, same bytes, so the SRI hash holds), and the app is told so through HTMX_URL, which
the Content-Security-Policy follows.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks import load, server

VERSION = "12.2.3"
CACHE = server.ROOT / ".cache" / f"lighthouse-{VERSION}"
CHROME_PATH = "/usr/bin/chromium"
# The bare hello route goes first: what this machine's load alone costs, in the same run.
BASELINE = "hello (baseline)"
PAGES = [(BASELINE, "/__hello"), ("Today", "/"), ("Breathe", "/breathe"),
         ("Practice", "/practices/befriend-depressed-part")]
MIN_SCORE = 0.95
# Lighthouse's own advice on variability: run a page several times and take the median run.
RUNS = 3


@dataclass(frozen=True)
class Audit:
    page: str
    score: float
    cls: float
    fcp_ms: float
    lcp_ms: float
    tbt_ms: float

    @property
    def ok(self) -> bool:
        return self.page == BASELINE or (self.score >= MIN_SCORE and self.cls == 0)


def lighthouse_bin() -> Path:
    """The pinned CLI, installed with npm on first use."""
    cli = CACHE / "node_modules" / ".bin" / "lighthouse"
    if not cli.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", f"lighthouse@{VERSION}"],
                       cwd=CACHE, check=True, capture_output=True)
    return cli


@contextmanager
def htmx_origin():
    """Serve the npm copy of htmx at the CDN's path from another local origin; yields its URL."""
    from ifs_pwa.config import HTMX_CDN_URL
    from tests.browser.fixtures import htmx_copy

    body, path = htmx_copy(), urlsplit(HTMX_CDN_URL).path

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            if self.path != path:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/javascript; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}{path}"
    finally:
        httpd.shutdown()
        thread.join(5)


def chrome_flags() -> str:
    from tests.browser.fixtures import CHROMIUM_ARGS

    return " ".join([*CHROMIUM_ARGS, "--headless=new"])


def audit(name: str, url: str, cookie: str, tries: int = 3) -> Audit:
    """Lighthouse on one page; on a busy machine its trace is sometimes lost (it then says
    "Please run Lighthouse again"), so a failed run is repeated, up to `tries` times."""
    for attempt in range(1, tries + 1):
        try:
            return audit_once(name, url, cookie)
        except RuntimeError:
            if attempt == tries:
                raise
    raise AssertionError("unreachable")


def audit_once(name: str, url: str, cookie: str) -> Audit:
    """One Lighthouse run, performance only, mobile (its default form factor and throttling)."""
    completed = subprocess.run(
        [str(lighthouse_bin()), url, "--only-categories=performance", "--output=json",
         "--output-path=stdout", "--quiet", f"--chrome-flags={chrome_flags()}",
         f"--extra-headers={json.dumps({'Cookie': cookie})}"],
        env={**os.environ, "CHROME_PATH": CHROME_PATH}, capture_output=True, text=True,
        timeout=300,
    )
    if completed.returncode:
        raise RuntimeError(f"lighthouse failed on {url}: {completed.stderr[-2000:]}")
    report = json.loads(completed.stdout)
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse on {url}: {report['runtimeError']}")
    if report["finalDisplayedUrl"].rstrip("/") != url.rstrip("/"):
        raise RuntimeError(f"{url} ended at {report['finalDisplayedUrl']}: not signed in?")
    audits = report["audits"]
    return Audit(name, report["categories"]["performance"]["score"],
                 audits["cumulative-layout-shift"]["numericValue"],
                 audits["first-contentful-paint"]["numericValue"],
                 audits["largest-contentful-paint"]["numericValue"],
                 audits["total-blocking-time"]["numericValue"])


def median_run(runs: list[Audit]) -> Audit:
    """The run with the median score (ties broken by blocking time): one real run, not a blend."""
    ordered = sorted(runs, key=lambda a: (a.score, -a.tbt_ms))
    return ordered[len(ordered) // 2]


def lighthouse_audits(database_url: str, username: str, password: str,
                      runs: int = RUNS) -> list[tuple[Audit, list[Audit]]]:
    """(median run, every run) for each page; the pages take turns, so a noisy moment on the
    machine is spread over all of them instead of landing on one."""
    with htmx_origin() as htmx_url, server.gunicorn(database_url, HTMX_URL=htmx_url) as (
            base_url, _pid):
        session = load.log_in(base_url, username, password)
        done: dict[str, list[Audit]] = {name: [] for name, _ in PAGES}
        for _ in range(runs):
            for name, path in PAGES:
                done[name].append(audit(name, base_url + path, session.cookie))
        return [(median_run(done[name]), done[name]) for name, _ in PAGES]


def lighthouse_table(database_url: str, username: str, password: str,
                     runs: int = RUNS) -> list[str]:
    rows = [f"\n### Lighthouse {VERSION} (mobile preset, performance; target score >= "
            f"{MIN_SCORE}, CLS 0; median of {runs} runs)\n",
            "| page | score | every run | CLS | FCP ms | LCP ms | TBT ms | verdict |",
            "| --- | ---: | --- | ---: | ---: | ---: | ---: | --- |"]
    failures = 0
    for a, every in lighthouse_audits(database_url, username, password, runs):
        failures += not a.ok
        verdict = "-" if a.page == BASELINE else "ok" if a.ok else "MISSED"
        scores = " ".join(f"{run.score:.2f}" for run in every)
        rows.append(f"| {a.page} | {a.score:.2f} | {scores} | {a.cls:.3f} | {a.fcp_ms:.0f} | "
                    f"{a.lcp_ms:.0f} | {a.tbt_ms:.0f} | {verdict} |")
    return rows if not failures else rows + [f"\n**{failures} page(s) missed the target.**"]


if __name__ == "__main__":
    import sys
    import tempfile

    from benchmarks.run import PASSWORD, USERNAME, prepare

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'lighthouse.db'}"
        prepare(url)
        report = "\n".join(lighthouse_table(url, USERNAME, PASSWORD))
    print(report)
    sys.exit(1 if "MISSED" in report else 0)
