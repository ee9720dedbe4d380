"""A part of the person, as they come to know it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..crypto import EncryptedText
from ..extensions import db
from ..records import ClientCreated, Owned
from ..versions import Versioned

# "protector": a protector whose kind (manager or firefighter) the person can't tell yet;
# "unknown": not even whether it protects.
ROLES = ("manager", "firefighter", "protector", "exile", "unknown")
STATUSES = ("noticed", "getting_to_know", "befriended", "unburdening", "unburdened")
COLOURS = ("sage", "sky", "sun", "rose", "lavender", "sand", "slate")


class Part(ClientCreated, Versioned, db.Model):
    """Edits of the profile carry the version they were opened from (versions.Versioned): one
    made from an older version waits beside the part ({"written": PROFILE_FIELDS, ...})."""

    __tablename__ = "parts"
    __table_args__ = (UniqueConstraint("user_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Left clear on purpose: lists and chips are ordered by name in SQL (see the privacy page).
    name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(16), default="unknown")
    description: Mapped[str] = mapped_column(EncryptedText, default="")
    body_location: Mapped[str] = mapped_column(String(200), default="")
    age: Mapped[str] = mapped_column(String(40), default="")
    job: Mapped[str] = mapped_column(EncryptedText, default="")
    fears: Mapped[str] = mapped_column(EncryptedText, default="")
    needs: Mapped[str] = mapped_column(EncryptedText, default="")
    burdens: Mapped[str] = mapped_column(EncryptedText, default="")
    trust_in_self: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="noticed")
    # A colour token and an emoji make the part quick to spot among check-in chips.
    colour: Mapped[str] = mapped_column(String(16), default="sage")
    emoji: Mapped[str] = mapped_column(String(16), default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    # Where the person put it on the map (parts.partmap): the centre of its circle as a fraction
    # (0 to 1) of the map's width and height; None until it is moved, and the layout places it.
    map_x: Mapped[float | None] = mapped_column(Float)
    map_y: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    def __repr__(self) -> str:
        return f"<Part {self.id}>"


# What one part does to another; "polarised" and "allied" read the same both ways.
RELATION_KINDS = ("protects", "polarised", "allied")
SYMMETRIC_KINDS = ("polarised", "allied")


class PartRelation(Owned, db.Model):
    __tablename__ = "part_relations"
    __table_args__ = (UniqueConstraint("from_part_id", "to_part_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    from_part_id: Mapped[int] = mapped_column(ForeignKey("parts.id", ondelete="CASCADE"))
    to_part_id: Mapped[int] = mapped_column(ForeignKey("parts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self) -> str:
        return f"<PartRelation {self.from_part_id} {self.kind} {self.to_part_id}>"
