"""The pages the budgets name, fetched signed in with the Flask test client."""

from __future__ import annotations

import re

from benchmarks.weight import Weight, weigh

PAGES = ["/", "/checkins/", "/parts/", "/practices/befriend-depressed-part", "/breathe", "/crisis"]
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def htmx_bytes() -> bytes:
    from tests.browser.fixtures import htmx_copy

    return htmx_copy()


def weighed_pages(database_url: str, username: str, password: str) -> list[Weight]:
    from ifs_pwa import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench",
                      "RATELIMIT_ENABLED": False})
    client = app.test_client()
    token = CSRF_META.search(client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"username": username, "password": password, "csrf_token": token})
    htmx = htmx_bytes()
    return [weigh(client, path, htmx) for path in PAGES]
