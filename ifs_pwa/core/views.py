"""Routes that belong to no single domain."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..checkins.timezones import local_day_key
from ..checkins.today import today_page
from ..extensions import db
from ..pagecache import cached_page

bp = Blueprint("core", __name__)


@bp.get("/")
@cached_page(local_day_key)
def index():
    if not current_user.is_authenticated:
        return render_template("core/landing.html")
    return today_page()


@bp.get("/about")
def about():
    return render_template("core/about.html")


@bp.get("/healthz")
def healthz():
    """Load balancers and the fault tests ask this; 503 means the database is unreachable."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}
