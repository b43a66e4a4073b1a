"""The call log: each finished call exactly once, per company and per user."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, enum_column
from .events import CallDirection, CallResult


class CallLogEntry(Base):
    __tablename__ = "call_log"
    __table_args__ = (
        Index("ix_call_log_company_started", "company_id", "started_at"),
        Index("ix_call_log_user_started", "user_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    # FreeSWITCH's call uuid; unique so that replayed events and CDR reconciliation upsert.
    call_uuid: Mapped[str] = mapped_column(String(64), unique=True)
    direction: Mapped[CallDirection] = mapped_column(enum_column(CallDirection))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    other_number: Mapped[str] = mapped_column(String(64), default="")
    other_name: Mapped[str] = mapped_column(String(200), default="")
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    duration_seconds: Mapped[int] = mapped_column(Integer, default=0)
    talk_seconds: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[CallResult] = mapped_column(enum_column(CallResult))
    hangup_cause: Mapped[str] = mapped_column(String(64), default="")
