"""Manifest, service worker and offline page: what makes Befriend an installable, offline app."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from ..ui import asset_url

bp = Blueprint("pwa", __name__)

# Files every page needs, so Today, Breathe and Crisis open with no network at all.
SHELL_ASSETS = (
    "css/app.css", "js/app.js", "js/outbox.js", "js/breathe-core.js", "js/breathe.js",
    "icons/icon.svg", "icons/nav.svg", "icons/icon-192.png", "icons/icon-512.png",
    "icons/icon-maskable-512.png", "icons/apple-touch-icon.png",
)
SHELL_PAGES = ("core.index", "pwa.offline", "breathing.breathe", "safety.crisis")


def manifest_data() -> dict:
    icon = "icons/icon-{}.png"
    return {
        "id": "/",
        "name": "Befriend: IFS self-practice",
        "short_name": "Befriend",
        "description": "A gentle companion for Internal Family Systems self-practice on hard days.",
        "start_url": url_for("core.index"),
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
            {"name": "Check in", "url": url_for("core.index")},
            {"name": "Breathe", "url": url_for("breathing.breathe")},
            {"name": "Need help now", "short_name": "Help now", "url": url_for("safety.crisis")},
        ],
    }


@bp.get("/manifest.webmanifest")
def manifest():
    response = Response(json.dumps(manifest_data(), indent=1), mimetype="application/manifest+json")
    response.cache_control.no_cache = True
    return response


def worker_settings() -> dict:
    return {
        "version": current_app.config["STATIC_VERSION"],
        "shell": [url_for(endpoint) for endpoint in SHELL_PAGES],
        "assets": [asset_url(name) for name in SHELL_ASSETS] + [current_app.config["HTMX_URL"]],
        "htmx": current_app.config["HTMX_URL"],
        "offline": url_for("pwa.offline"),
        "outbox": asset_url("js/outbox.js"),
    }


@bp.get("/sw.js")
def service_worker():
    """The worker source with this release's settings; served from / so its scope is the app."""
    source = (Path(current_app.static_folder) / "sw.js").read_text()
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
    """A fresh CSRF token and who is signed in, asked for right before the outbox replays."""
    user = current_user.id if current_user.is_authenticated else None
    response = current_app.json.response(csrf_token=generate_csrf(), user=user)
    response.cache_control.no_store = True
    return response
