"""Manifest, service worker and offline page: what makes Befriend an installable, offline app."""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, g, render_template, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from ..assets import text_of
from ..errors import signed_in_or_nobody
from ..ui import asset_url
from . import owner

bp = Blueprint("pwa", __name__)
# Every answer says whom it was drawn for (see owner.py): the worker keeps pages per person.
bp.after_app_request(owner.tell_owner)

# Pages kept on the phone from the start, so they open with no network at all. Signed-in pages
# are stored again after signing in; a page that redirects (signed out) is simply skipped.
SHELL_PAGES = ("checkins.today", "pwa.offline", "breathing.breathe", "safety.crisis", "safety.plan",
               "safety.dark", "practices.index")
# sw.js is served by the route below, never as a static file.
NOT_PRECACHED = {"sw.js"}


def manifest_data() -> dict:
    icon = "icons/icon-{}.png"
    return {
        "id": "/",
        "name": "Befriend: IFS self-practice",
        "short_name": "Befriend",
        "description": "A gentle companion for Internal Family Systems self-practice on hard days.",
        "start_url": url_for("checkins.today"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#f6f4ef",
        "theme_color": "#3f6b5e",
        "icons": [
            {"src": asset_url(icon.format(192)), "sizes": "192x192", "type": "image/png",
             "purpose": "any"},
            {"src": asset_url(icon.format(512)), "sizes": "512x512", "type": "image/png",
             "purpose": "any"},
            {"src": asset_url("icons/icon-maskable-512.png"), "sizes": "512x512",
             "type": "image/png", "purpose": "maskable"},
        ],
        "shortcuts": [
            {"name": "Check in", "url": url_for("checkins.today")},
            {"name": "Breathe", "url": url_for("breathing.breathe")},
            {"name": "Need help now", "short_name": "Help now", "url": url_for("safety.crisis")},
        ],
    }


@bp.get("/manifest.webmanifest")
def manifest():
    response = Response(json.dumps(manifest_data(), indent=1), mimetype="application/manifest+json")
    response.cache_control.no_cache = True
    return response


def shell_pages() -> list[str]:
    """The shell pages plus every practice marked as working offline."""
    practices = current_app.extensions.get("practices", {})
    offline_practices = [url_for("practices.show", slug=slug)
                         for slug, practice in practices.items() if practice.offline]
    return [url_for(endpoint) for endpoint in SHELL_PAGES] + offline_practices


def shell_assets() -> list[str]:
    """Every static file (the whole folder is ~140 KB) by its hashed URL, and the pinned htmx."""
    names = sorted(set(current_app.extensions["befriend_assets"]) - NOT_PRECACHED)
    return [asset_url(name) for name in names] + [current_app.config["HTMX_URL"]]


def worker_settings() -> dict:
    return {
        "version": current_app.config["STATIC_VERSION"],
        "shell": shell_pages(),
        "assets": shell_assets(),
        "htmx": current_app.config["HTMX_URL"],
        "offline": url_for("pwa.offline"),
        "outbox": asset_url("js/outbox.js"),
        "icon": asset_url("icons/icon-192.png"),
        "owner_header": owner.HEADER,
        "owner_cookie": owner.COOKIE,
    }


@bp.get("/sw.js")
def service_worker():
    """The worker source with this release's settings; served from / so its scope is the app."""
    source = text_of("sw.js")
    body = source.replace("self.__SETTINGS__", json.dumps(worker_settings()), 1)
    response = Response(body, mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    response.cache_control.no_cache = True
    return response


@bp.get("/offline")
def offline():
    return render_template("pwa/offline.html")


@bp.get("/session-token")
def session_token():
    """A fresh CSRF token and who is signed in, asked for right before the outbox replays and
    whenever a page kept on the phone checks whose it is. When the database cannot say who is
    signed in, the answer is a 503, never "nobody": the phone would forget the person's pages
    and hold back their entries for an outage."""
    if not signed_in_or_nobody() and g.get("database_failed"):
        response = current_app.json.response(error="unavailable")
        response.status_code = 503
        response.cache_control.no_store = True
        return response
    user = current_user.id if current_user.is_authenticated else None
    response = current_app.json.response(csrf_token=generate_csrf(), user=user)
    response.cache_control.no_store = True
    return response
