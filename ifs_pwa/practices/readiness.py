"""Whether exile work is offered today, and the proof that this session's readiness check ran.

Exile work (witnessing, unburdening) can stir up intense pain. It is entered once per session
through a readiness check (the caution, a quick Self check, then the protector's permission as
the practice's own first step), and it is not offered at all on a day that already looks very
hard: a check-in today at one of the two lowest moods, or a PHQ-9 in the last 14 days with any
answer above 0 on item 9 (thoughts of being better off dead or of hurting yourself). On such a
day the person is offered grounding, breathing and their safety plan instead.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import exists, select

from ..checkins.models import CheckIn
from ..clock import today, utcnow
from ..extensions import db
from ..measures.models import MeasureResult

LOWEST_MOODS = 2  # moods 1 and 2 on the 1–10 scale
ITEM9_DAYS = 14
# A practice done offline may be replayed from the outbox days later; the proof still holds.
READY_MAX_AGE = timedelta(days=14)
SALT = "practice-readiness"


def now() -> datetime:
    """The moment "today" is judged from (one place, so the clock can be repointed)."""
    return utcnow()


def hard_day_reasons(user, moment: datetime | None = None) -> list[str]:
    """Why exile work is not offered today: "checkin" and/or "phq9"; empty when it can be."""
    moment = moment or now()
    reasons = []
    low_checkin = select(CheckIn.id).where(
        CheckIn.user_id == user.id, CheckIn.mood <= LOWEST_MOODS,
        CheckIn.local_date == today(user.timezone, moment))
    if db.session.scalar(select(exists(low_checkin))):
        reasons.append("checkin")
    item9 = select(MeasureResult.id).where(
        MeasureResult.user_id == user.id, MeasureResult.instrument == "phq9",
        MeasureResult.item9_flag.is_(True),
        MeasureResult.taken_at >= moment - timedelta(days=ITEM9_DAYS))
    if db.session.scalar(select(exists(item9))):
        reasons.append("phq9")
    return reasons


def serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def ready_token(user, slug: str) -> str:
    """Signed proof, carried in the practice form, that this session passed the check."""
    return serializer().dumps({"u": user.id, "s": slug})


def token_is_valid(raw: str | None, user, slug: str) -> bool:
    try:
        data = serializer().loads(raw or "", max_age=READY_MAX_AGE.total_seconds())
    except BadSignature:  # SignatureExpired is a BadSignature too
        return False
    return isinstance(data, dict) and data.get("u") == user.id and data.get("s") == slug
