"""Reading and writing the one safety plan a person has; no Flask request handling here."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import versions
from ..versions import Saved
from .forms import contacts
from .models import SECTIONS, SafetyPlan


def plan_for(session: Session, user_id: int, lock: bool = False) -> SafetyPlan | None:
    """The person's plan; `lock` holds its row until the transaction ends (PostgreSQL)."""
    query = select(SafetyPlan).where(SafetyPlan.user_id == user_id)
    return session.scalar(query.with_for_update() if lock else query)


def form_data(plan: SafetyPlan | None, written: dict | None = None) -> SimpleNamespace:
    """The plan (or `written`, a version in the plan's own shape) as an object WTForms can
    fill a form from (contacts as attribute objects)."""
    if written is None:
        if plan is None:
            return SimpleNamespace()
        written = content_of(plan)
    values = {s: written.get(s, "") for s in SECTIONS}
    for rows in ("helpers", "professional_contacts"):
        values[rows] = [SimpleNamespace(**c) for c in written.get(rows) or []]
    return SimpleNamespace(**values)


def content(data: dict) -> dict:
    """What the person wrote, as the plan keeps it: the sections and the filled contact rows."""
    return {**{name: data[name] or "" for name in SECTIONS},
            "helpers": contacts(data["helpers"]),
            "professional_contacts": contacts(data["professional_contacts"])}


def content_of(plan: SafetyPlan) -> dict:
    return {**{name: getattr(plan, name) or "" for name in SECTIONS},
            "helpers": plan.helpers or [],
            "professional_contacts": plan.professional_contacts or []}


def apply(plan: SafetyPlan, written: dict, client_id: uuid.UUID, made_at: datetime) -> None:
    """Write the submission over the plan (the caller counts the version). "Updated" is when
    the person saved it on the phone, not when an offline edit reached the server."""
    for name, value in written.items():
        setattr(plan, name, value)
    plan.client_id = client_id
    plan.updated_at = made_at


def save(session: Session, user_id: int, data: dict, client_id: uuid.UUID, made_at: datetime,
         base_version: int | None, resolves: bool = False) -> Saved:
    """Create or update the plan from a submission edited from `base_version`.

    The same submission replayed (same client_id) changes nothing. An edit from an older version
    (or from no known version, as an entry queued before versions existed) that differs from
    the plan is kept beside it, not over it (versions.edit decides). The row is locked while
    this decides (PostgreSQL), so two edits of one version can't both be applied; SQLite
    writes one at a time anyway. Two first saves racing meet the unique constraint on user_id;
    the loser is then treated as an edit of the winner's plan.
    """
    written = content(data)
    plan = plan_for(session, user_id, lock=True)
    if plan is None:
        plan = SafetyPlan(user_id=user_id, version=1)
        apply(plan, written, client_id, made_at)
        try:
            with session.begin_nested():
                session.add(plan)
            return Saved.CREATED
        except IntegrityError:
            plan = plan_for(session, user_id)
            if plan is None:
                raise
            base_version = None
    if plan.client_id == client_id:
        return Saved.UPDATED
    if plan.waiting and plan.waiting.get("client_id") == str(client_id):
        return Saved.KEPT_BESIDE
    result = versions.edit(plan, written, content_of(plan), base_version, made_at, resolves,
                           lambda new: apply(plan, new, client_id, made_at),
                           client_id=str(client_id))
    if result is Saved.UNCHANGED:
        # Nothing differs, so nothing to decide. Saved again from the current version, it was
        # looked over and kept: "Updated" says so.
        plan.client_id = client_id
        if base_version == plan.version:
            plan.updated_at = made_at
        return Saved.UPDATED
    return result


def choose(plan: SafetyPlan, keep: str, made_at: datetime) -> bool:
    """The person chose between the plan and the edit waiting beside it ("waiting" or "plan")."""
    waiting = plan.waiting
    if not waiting:
        return True
    return versions.choose(
        plan, "record" if keep == "plan" else keep,
        lambda new: apply(plan, new, uuid.UUID(waiting["client_id"]), made_at))


def tel_href(phone: str) -> str:
    """A number as people type it ("+44 (0)7700-900 123") to a dialable tel: link."""
    digits = re.sub(r"\(0\)", "", phone)
    return "tel:" + re.sub(r"[^0-9+]", "", digits)
