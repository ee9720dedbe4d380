"""The crisis page: public, short, and the same for everyone so the phone can keep a copy."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from .crisis_lines import FALLBACK_EMERGENCY, FIND_A_HELPLINE, countries, for_country

bp = Blueprint("safety", __name__)


@bp.get("/crisis")
def crisis():
    home = for_country(current_user.country) if current_user.is_authenticated else None
    others = [c for c in countries().values() if c is not home]
    return render_template(
        "safety/crisis.html",
        home=home,
        others=others,
        fallback_emergency=FALLBACK_EMERGENCY,
        find_a_helpline=FIND_A_HELPLINE,
    )
