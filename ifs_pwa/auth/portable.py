"""The account in the export file: its settings, checked as the app writes them."""

from __future__ import annotations

import re

from ..shapes import At, Problem, moment, text
from .forms import EMAIL_PATTERN
from .models import CAUTION_KEY, WELCOMED_KEY, User


def email(value):
    """Checked as the sign-up form checks it; empty means none."""
    value = text(254)(value).strip()
    if value and not re.match(EMAIL_PATTERN, value):
        raise Problem("doesn't look like an email address")
    return value


# App settings an export may carry, each a time (when the welcome was read, when the caution
# before exile work was accepted). Others are ignored, like any unknown key.
SETTING_TIMES = (WELCOMED_KEY, CAUTION_KEY)


def settings(value):
    """The known settings, each a readable time, kept as written."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Problem("should be a JSON object")
    for key in SETTING_TIMES:
        if key in value:
            try:
                moment()(value[key])
            except Problem as problem:
                raise Problem(f"“{key}” {problem}", (key,)) from None
    return {key: value[key] for key in SETTING_TIMES if key in value}


USER = {"username": text(40), "timezone": text(64), "country": text(2), "email": email,
        "settings": settings, "created_at": moment(optional=True)}


def exported(user: User, at: At) -> dict:
    return {"username": user.username, "timezone": user.timezone, "country": user.country,
            "email": user.email, "settings": user.settings or {},
            "created_at": at(user.created_at)}
