"""Page weight: a page's own bytes (HTML + same-origin CSS and JS, gzip) against the 14 KB budget.

14 KB is roughly what a server can send in the first round trip of a new TCP connection, so a
page within it can start drawing on a cold phone after one round trip.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass

BUDGET_BYTES = 14 * 1024
ASSET = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')
# Scripts fetched only after the page has loaded (the outbox engine, the practice pacer, reading
# aloud): they are reported, but they are not part of the first round trip.
LATER = re.compile(r'(?:data-outbox="|name="befriend-(?:pacer|speak)" content=")([^"]+)"')


@dataclass(frozen=True)
class Weight:
    page: str
    html: int
    css_js: int
    htmx: int
    after_load: int = 0

    @property
    def own(self) -> int:
        return self.html + self.css_js

    @property
    def ok(self) -> bool:
        return self.own <= BUDGET_BYTES


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def weigh(client, path: str, htmx_bytes: bytes) -> Weight:
    """Fetch a page and its same-origin stylesheets and scripts with a Flask test client."""
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    html = response.get_data()
    own_assets = 0
    for url in ASSET.findall(html.decode()):
        if url.startswith("/"):
            own_assets += gz(client.get(url).get_data())
    later = sum(gz(client.get(url).get_data())
                for found in LATER.findall(html.decode()) for url in found.split())
    return Weight(path, gz(html), own_assets, gz(htmx_bytes), later)
