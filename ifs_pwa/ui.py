"""Template helpers shared by every page: versioned asset URLs and the bottom navigation."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import Flask, current_app, g, has_request_context, request, url_for

from . import clock


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: str
    icon: str


# The bottom bar (docs/architecture.md, "Conventions"); an item shows once its blueprint is
# registered.
NAV = (
    NavItem("checkins.today", "Today", "today"),
    NavItem("parts.index", "Parts", "parts"),
    NavItem("practices.index", "Practice", "practice"),
    NavItem("breathing.breathe", "Breathe", "breathe"),
    NavItem("account.more", "More", "more"),
)


def static_version(hashes: dict[str, str]) -> str:
    """One fingerprint for all static files; the service worker names its caches with it."""
    combined = hashlib.sha256("".join(f"{k}={v};" for k, v in hashes.items()).encode())
    return combined.hexdigest()[:12]


def asset_url(filename: str) -> str:
    return cached_url("static", filename)


def cached_url(endpoint: str, filename: str | None = None) -> str:
    """URLs that only change with the app's mount point, built once per worker: every page
    asks for a dozen (assets, navigation), and building each costs more than the lookup."""
    urls = current_app.extensions["befriend_urls"]
    key = (endpoint, filename, request.script_root if has_request_context() else None)
    url = urls.get(key)
    if url is None:
        if filename is None:
            url = url_for(endpoint)
        else:
            version = current_app.extensions["befriend_assets"].get(filename, "")
            url = url_for(endpoint, filename=filename, v=version or None)
        urls[key] = url
    return url


def nav_items() -> list[tuple[NavItem, str, bool]]:
    """Items whose blueprint is installed, with their URL and whether they are the current page."""
    items = []
    current_bp = request.blueprint
    for item in NAV:
        if item.endpoint not in current_app.view_functions:
            continue
        # Today is one page of the checkins blueprint: it is lit on itself only, not on history.
        here = request.endpoint == item.endpoint or (
            item.endpoint != "checkins.today" and current_bp == item.endpoint.split(".")[0]
        )
        items.append((item, cached_url(item.endpoint), here))
    return items


def has_endpoint(endpoint: str) -> bool:
    """Templates link to another domain only once that domain is installed."""
    return endpoint in current_app.view_functions


# Said on a page that showed a one-time message: the service worker keeps the page without it,
# so the phone never shows "Saved." again offline days later.
ONCE_HEADER = "X-Befriend-Once"


def one_time_messages_shown() -> str:
    """Called by _partials/flashes.html when it draws messages (returns nothing to show)."""
    g.one_time_messages_shown = True
    return ""


def say_one_time_messages(response):
    if g.get("one_time_messages_shown"):
        response.headers[ONCE_HEADER] = "1"
    return response


def init_app(app: Flask) -> None:
    app.after_request(say_one_time_messages)
    # URLs carry a hash of the bytes served (assets.py), so phones may cache them for a year.
    hashes = {name: asset.digest for name, asset in app.extensions["befriend_static"].items()}
    app.extensions["befriend_assets"] = hashes
    app.extensions["befriend_urls"] = {}
    app.config.setdefault("STATIC_VERSION", static_version(hashes))
    app.jinja_env.globals.update(
        asset_url=asset_url, nav_items=nav_items, has_endpoint=has_endpoint,
        one_time_messages_shown=one_time_messages_shown,
    )
    # The one filter for showing a stored time: on the person's own clock, the same everywhere.
    app.add_template_filter(clock.local_time, "local_time")
    app.add_template_filter(clock.local_day, "which_day")
