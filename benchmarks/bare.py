"""A bare Flask app: the benchmarks' second baseline, served by its own gunicorn.

The in-app `/__hello` runs through everything `create_app` hangs on a request (Flask-Login
loading the session, CSRF, the security headers, the page cache's hooks), so it is itself only
about two thirds as fast as a route that does nothing. Ratios against it flatter the pages;
`make bench` therefore also divides by this app's `/__hello`, started with the same gunicorn
settings (`benchmarks/server.py`), so both columns can be read side by side.
"""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/__hello")
def hello() -> str:
    return "hello"


@app.get("/healthz")
def healthz() -> str:
    """What `server.wait_until_up` polls, as it does on the real app."""
    return "ok"
