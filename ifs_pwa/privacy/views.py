"""Public pages about privacy: readable before signing up and after leaving."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from limits import parse_many

from ..config import HTMX_CDN_URL

bp = Blueprint("privacy", __name__)


def attempt_counting() -> dict | None:
    """How this copy counts sign-in attempts, so the page says exactly that: for how long each
    count lives and whether it stays in the server's memory. None when nothing is counted."""
    config = current_app.config
    if not config.get("RATELIMIT_ENABLED", True):
        return None
    longest = max(parse_many(config["RATELIMIT_AUTH"]), key=lambda limit: limit.get_expiry())
    unit = longest.GRANULARITY.name
    window = f"a{'n' if unit == 'hour' else ''} {unit}" if longest.multiples == 1 else (
        f"{longest.multiples} {unit}s")
    store = config.get("RATELIMIT_STORAGE_URI", "memory://")
    return {"window": window, "in_memory": store.startswith("memory://")}


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
