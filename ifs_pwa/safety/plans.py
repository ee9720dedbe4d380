"""Reading and writing the one safety plan a person has; no Flask request handling here."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .forms import contacts
from .models import SECTIONS, SafetyPlan


def plan_for(session: Session, user_id: int) -> SafetyPlan | None:
    return session.scalar(select(SafetyPlan).where(SafetyPlan.user_id == user_id))


def form_data(plan: SafetyPlan | None) -> SimpleNamespace:
    """The plan as an object WTForms can fill a form from (contacts as attribute objects)."""
    if plan is None:
        return SimpleNamespace()
    values = {s: getattr(plan, s) for s in SECTIONS}
    values["helpers"] = [SimpleNamespace(**c) for c in plan.helpers or []]
    values["professional_contacts"] = [
        SimpleNamespace(**c) for c in plan.professional_contacts or []
    ]
    return SimpleNamespace(**values)


def apply(plan: SafetyPlan, data: dict, client_id: uuid.UUID, made_at: datetime) -> None:
    """Write the submission over the plan. "Updated" is when the person saved it on the phone,
    not when an offline edit reached the server."""
    for name in SECTIONS:
        setattr(plan, name, data[name] or "")
    plan.helpers = contacts(data["helpers"])
    plan.professional_contacts = contacts(data["professional_contacts"])
    plan.client_id = client_id
    plan.updated_at = made_at


def save(session: Session, user_id: int, data: dict, client_id: uuid.UUID,
         made_at: datetime) -> bool:
    """Create or update the plan; returns True when it was created.

    The same submission replayed (same client_id) changes nothing. Two first saves racing meet
    the unique constraint on user_id; the loser updates the winner's row instead of failing.
    """
    plan = plan_for(session, user_id)
    if plan is not None:
        if plan.client_id != client_id:
            apply(plan, data, client_id, made_at)
        return False
    plan = SafetyPlan(user_id=user_id)
    apply(plan, data, client_id, made_at)
    try:
        with session.begin_nested():
            session.add(plan)
    except IntegrityError:
        existing = plan_for(session, user_id)
        if existing is None:
            raise
        apply(existing, data, client_id, made_at)
        return False
    return True


def tel_href(phone: str) -> str:
    """A number as people type it ("+44 (0)7700-900 123") to a dialable tel: link."""
    digits = re.sub(r"\(0\)", "", phone)
    return "tel:" + re.sub(r"[^0-9+]", "", digits)
