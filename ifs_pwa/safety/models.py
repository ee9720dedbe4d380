"""The person's own safety plan: one per person, rewritten whenever they like."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..crypto import EncryptedJSON, EncryptedText
from ..extensions import db
from ..records import Owned
from ..versions import Versioned

# The plan's free-text sections, in the order a hard moment needs them.
SECTIONS = (
    "warning_signs", "on_my_own", "distractions", "helpers_note", "professionals",
    "safer_surroundings", "reasons",
)


class SafetyPlan(Owned, Versioned, db.Model):
    __tablename__ = "safety_plans"
    __table_args__ = (UniqueConstraint("user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    warning_signs: Mapped[str] = mapped_column(EncryptedText, default="")
    on_my_own: Mapped[str] = mapped_column(EncryptedText, default="")
    distractions: Mapped[str] = mapped_column(EncryptedText, default="")
    # [{"name": "Alex", "phone": "+44 7700 900123"}, ...]: numbers become tap-to-call links.
    helpers: Mapped[list] = mapped_column(EncryptedJSON, default=list)
    helpers_note: Mapped[str] = mapped_column(EncryptedText, default="")
    professionals: Mapped[str] = mapped_column(EncryptedText, default="")
    professional_contacts: Mapped[list] = mapped_column(EncryptedJSON, default=list)
    safer_surroundings: Mapped[str] = mapped_column(EncryptedText, default="")
    reasons: Mapped[str] = mapped_column(EncryptedText, default="")
    # The last submission applied; a replay of the same one from the outbox changes nothing.
    client_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    # `version` and `waiting` (versions.Versioned): every edit form carries the version it was
    # opened from, so an edit made from an older one (queued offline for a day, or open on a
    # second device) is never written over a newer plan without the person seeing both. The
    # waiting edit is {"plan": sections and contacts, "client_id", "made_at"}.
    WAITING_KEY = "plan"

    @property
    def is_empty(self) -> bool:
        return not (any(getattr(self, s) for s in SECTIONS) or self.helpers
                    or self.professional_contacts)

    def __repr__(self) -> str:
        return f"<SafetyPlan {self.id}>"
