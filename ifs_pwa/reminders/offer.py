"""The one gentle offer of reminders on Today: after a few check-ins, never on the first day.

Shown until the person answers it (turns reminders on, or says "not now"), then never again.
"""

from __future__ import annotations

from sqlalchemy import func, select

from ..checkins.models import CheckIn
from ..clock import today
from ..extensions import db
from .models import ReminderSettings

ENOUGH_CHECKINS = 3


def settings_of(user_id: int) -> ReminderSettings | None:
    return db.session.scalar(select(ReminderSettings).where(ReminderSettings.user_id == user_id))


def settings_for(user_id: int) -> ReminderSettings:
    """The person's row, made (not yet saved) with the defaults if they have none."""
    found = settings_of(user_id)
    if found is None:
        found = ReminderSettings(user_id=user_id)
        db.session.add(found)
    return found


def should_offer(user) -> bool:
    """One query (Today keeps to four): the check-ins so far and whether it was answered."""
    answered = (select(func.count(ReminderSettings.id))
                .where(ReminderSettings.user_id == user.id,
                       ReminderSettings.offer_answered | ReminderSettings.enabled)
                .scalar_subquery())
    count, first_day, done = db.session.execute(
        select(func.count(CheckIn.id), func.min(CheckIn.local_date), answered)
        .where(CheckIn.user_id == user.id)).one()
    return not done and count >= ENOUGH_CHECKINS and first_day < today(user.timezone)
