"""Public pages about privacy: readable before signing up and after leaving."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from limits import parse_many

from ..config import HTMX_CDN_URL

bp = Blueprint("privacy", __name__)


def in_words(setting: str) -> str:
    """"10/minute;50/hour" → "10 a minute and 50 an hour", as configured."""
    said = []
    for limit in parse_many(setting):
        unit = limit.GRANULARITY.name
        per = f"a{'n' if unit == 'hour' else ''} {unit}" if limit.multiples == 1 else (
            f"every {limit.multiples} {unit}s")
        said.append(f"{limit.amount} {per}")
    return " and ".join(said)


def window_of(*settings: str) -> str:
    longest = max((limit for setting in settings for limit in parse_many(setting)),
                  key=lambda limit: limit.get_expiry())
    unit = longest.GRANULARITY.name
    return f"a{'n' if unit == 'hour' else ''} {unit}" if longest.multiples == 1 else (
        f"{longest.multiples} {unit}s")


def attempt_counting() -> dict | None:
    """How this copy counts sign-in attempts (auth/limits.py), so the page says exactly that:
    the three counts, for how long each lives, and whether every server process shares them.
    None when nothing is counted."""
    config = current_app.config
    if not config.get("RATELIMIT_ENABLED", True):
        return None
    names = ("RATELIMIT_AUTH", "RATELIMIT_AUTH_ADDRESS", "RATELIMIT_AUTH_USERNAME")
    pair, address, username = (config[name] for name in names)
    store = config.get("RATELIMIT_STORAGE_URI", "memory://")
    return {"pair": in_words(pair), "address": in_words(address),
            "username": in_words(username), "window": window_of(pair, address, username),
            "in_memory": store.startswith("memory://")}


@bp.get("/privacy")
def privacy():
    htmx_url = current_app.config.get("HTMX_URL", HTMX_CDN_URL)
    return render_template("privacy/privacy.html", htmx_url=htmx_url,
                           htmx_is_cdn=htmx_url.startswith(("https://", "http://", "//")),
                           counting=attempt_counting())


@bp.get("/goodbye")
def goodbye():
    """Where a deleted account lands; nothing of theirs is left to show."""
    return render_template("privacy/goodbye.html")
