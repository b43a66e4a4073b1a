"""The widget's set-up per company, and which queue entries came from it (for retention)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, Integer, String, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, created_at_column


class WidgetSettings(Base):
    __tablename__ = "widget_settings"

    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"),
                                            primary_key=True)
    # None: no key (never made, or revoked): the widget answers nothing for the company.
    public_key: Mapped[str | None] = mapped_column(String(48), unique=True)
    origins: Mapped[list[str]] = mapped_column(ARRAY(String(200)), default=list)
    queue_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer), default=list)
    colour_accent: Mapped[str] = mapped_column(String(7), default="#1d4ed8")
    colour_text: Mapped[str] = mapped_column(String(7), default="#ffffff")
    title_sv: Mapped[str] = mapped_column(String(120), default="")
    title_en: Mapped[str] = mapped_column(String(120), default="")
    intro_sv: Mapped[str] = mapped_column(String(500), default="")
    intro_en: Mapped[str] = mapped_column(String(500), default="")
    contact_phone: Mapped[str] = mapped_column(String(32), default="")
    contact_email: Mapped[str] = mapped_column(String(200), default="")
    # Visitors' names and numbers are blanked this many days after their callback ended.
    retention_days: Mapped[int] = mapped_column(Integer, default=30)


class WidgetCallback(Base):
    """A queue entry a visitor made through the widget (the callback itself is the queue's)."""

    __tablename__ = "widget_callback"
    __table_args__ = (Index("ix_widget_callback_unpurged", "company_id",
                            postgresql_where=text("purged_at IS NULL")),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("queue_entry.id", ondelete="CASCADE"),
                                          unique=True)
    created_at: Mapped[dt.datetime] = created_at_column()
    purged_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
