"""Routes that belong to no single domain."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db

bp = Blueprint("core", __name__)


def landing():
    """What a visitor sees at "/" (checkins.today serves it there when nobody is signed in)."""
    return render_template("core/landing.html")


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
