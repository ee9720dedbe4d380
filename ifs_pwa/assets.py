"""Static files as phones receive them: CSS and JavaScript minified once at start-up.

The sources keep their comments and layout for the people who read them; a phone on a weak
connection should not pay for those. A page's own bytes (HTML, CSS, JS) must fit the first
round trip (the 14 KB budget in docs/architecture.md), so the minified copies are built once
per worker, kept in memory and served under URLs that carry a hash of exactly the bytes served.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import rcssmin
import rjsmin
from flask import Flask, current_app, send_file

MINIFIERS = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}


@dataclass(frozen=True)
class Asset:
    body: bytes | None  # None: served from disk as it is
    digest: str
    mimetype: str


def built(path: Path) -> Asset:
    raw = path.read_bytes()
    minify = MINIFIERS.get(path.suffix)
    body = minify(raw.decode()).encode() if minify else None
    mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix == ".js":
        mimetype = "text/javascript"
    return Asset(body, hashlib.sha256(body or raw).hexdigest()[:12], mimetype)


def build(static_folder: Path) -> dict[str, Asset]:
    """Every static file by its path under static/, minified where that is safe."""
    return {
        path.relative_to(static_folder).as_posix(): built(path)
        for path in sorted(static_folder.rglob("*"))
        if path.is_file()
    }


def text_of(filename: str) -> str:
    """What a phone receives for a static file (sw.js is served by its own route)."""
    asset = current_app.extensions["befriend_static"][filename]
    if asset.body is not None:
        return asset.body.decode()
    return (Path(current_app.static_folder) / filename).read_text()


def init_app(app: Flask) -> None:
    assets = build(Path(app.static_folder))
    app.extensions["befriend_static"] = assets
    send_from_disk = app.view_functions["static"]

    def static(filename: str):
        asset = assets.get(filename)
        if asset is None or asset.body is None:
            return send_from_disk(filename=filename)
        return send_file(
            BytesIO(asset.body), mimetype=asset.mimetype, etag=asset.digest, conditional=True,
            max_age=app.get_send_file_max_age(filename),
        )

    app.view_functions["static"] = static
