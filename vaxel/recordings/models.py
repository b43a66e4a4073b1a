"""Metadata of recorded calls; the audio is in the recordings store."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, created_at_column


class CallRecording(Base):
    __tablename__ = "call_recording"
    __table_args__ = (
        Index("ix_call_recording_company_started", "company_id", "started_at"),
        Index("ix_call_recording_user_started", "user_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    # The recorded user; recordings outlive a deleted user for admins (SET NULL).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    call_uuid: Mapped[str] = mapped_column(String(64))
    direction: Mapped[str] = mapped_column(String(16))  # incoming | outgoing | internal
    from_number: Mapped[str] = mapped_column(String(64), default="")
    to_number: Mapped[str] = mapped_column(String(64), default="")
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    duration_seconds: Mapped[int | None] = mapped_column(Integer)  # None until the call ends
    file_path: Mapped[str] = mapped_column(String(500))  # relative to the recordings store
    created_at: Mapped[dt.datetime] = created_at_column()
