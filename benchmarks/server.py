"""Start the real app under gunicorn for a benchmark, and stop it cleanly afterwards."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base_url: str, timeout: float = 30,
                  process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server for {base_url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(base_url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server at {base_url} did not come up")


def app_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment the benchmarked server runs with: production settings, local database."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "benchmark-secret",
        "SESSION_COOKIE_SECURE": "0",
        "RATELIMIT_ENABLED": "0",
        "BENCHMARK_HELLO": "1",
        **extra,
    }


def migrate(database_url: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"],
        cwd=ROOT, env=app_env(database_url), check=True, capture_output=True,
    )


APP, BARE_APP = "wsgi:app", "benchmarks.bare:app"


def gunicorn_command(port: int, workers: int, app: str = APP) -> list[str]:
    """One gunicorn command line for every server the benchmarks start, the real app and the
    bare baseline alike: same worker count, worker class (gunicorn's default, sync), bind style
    and backlog, so the only difference between them is the app."""
    return [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--worker-class", "sync",
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--backlog", "256", app]


def start(database_url: str, port: int, workers: int = 2, app: str = APP,
          **env: str) -> subprocess.Popen:
    """Start gunicorn serving `app` on 127.0.0.1:`port` and wait until /healthz answers.

    It runs in its own process group, so `kill` can take the master and its workers down at
    once, as a crash would; the fault tests then start it again on the same port.
    """
    process = subprocess.Popen(
        gunicorn_command(port, workers, app),
        cwd=ROOT, env=app_env(database_url, **env), start_new_session=True,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}", process=process)
    except BaseException:
        kill(process)
        raise
    return process


def kill(process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    """Signal the server's whole process group (master and workers) and reap the master."""
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


@contextmanager
def gunicorn(database_url: str, workers: int = 2, port: int | None = None, app: str = APP,
             **env: str):
    """Yield (base_url, master pid) of gunicorn serving `app` (the real one unless told
    otherwise, e.g. BARE_APP) with `workers` sync workers."""
    port = port or free_port()
    process = start(database_url, port, workers, app, **env)
    try:
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        kill(process, signal.SIGTERM)


def worker_pids(master_pid: int) -> list[int]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return [int(pid) for pid in children]


def rss_kib(pid: int) -> int:
    """Resident memory of one process, from /proc (no extra packages)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")
