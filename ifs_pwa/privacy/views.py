"""Public pages about privacy: readable before signing up and after leaving."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from ..config import HTMX_CDN_URL

bp = Blueprint("privacy", __name__)


@bp.get("/privacy")
def privacy():
    htmx_url = current_app.config.get("HTMX_URL", HTMX_CDN_URL)
    return render_template("privacy/privacy.html", htmx_url=htmx_url,
                           htmx_is_cdn=htmx_url.startswith(("https://", "http://", "//")))


@bp.get("/goodbye")
def goodbye():
    """Where a deleted account lands; nothing of theirs is left to show."""
    return render_template("privacy/goodbye.html")
