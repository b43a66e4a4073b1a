"""A company's contacts, its external directory setting, and cached directory answers."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, created_at_column


class Contact(Base):
    __tablename__ = "contact"
    __table_args__ = (UniqueConstraint("company_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    # E.164, as calls carry it.
    number: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    external_id: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = created_at_column()


class LookupSettings(Base):
    """The company's external directory: a URL with {number} in it, answering JSON."""

    __tablename__ = "lookup_settings"

    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"),
                                            primary_key=True)
    provider_url: Mapped[str] = mapped_column(String(2000), default="")
    # Sent as the Authorization header value when set (e.g. "Bearer …").
    provider_auth: Mapped[str] = mapped_column(String(500), default="")


class LookupCache(Base):
    """What the external directory answered (an empty name: it did not know the number)."""

    __tablename__ = "lookup_cache"
    __table_args__ = (Index("ix_lookup_cache_expires", "expires_at"),)

    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"),
                                            primary_key=True)
    number: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
