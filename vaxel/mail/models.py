"""An e-mail waiting to be sent (or sent): it survives SMTP being down and restarts."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, created_at_column


class OutboxDelivery:
    """The columns every outbox keeps for its sender: when to try next, how it ended. The
    senders share their bookkeeping (vaxel.mail.services.due_rows and its neighbours)."""

    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    failed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[dt.datetime] = created_at_column()


class OutboxMail(OutboxDelivery, Base):
    __tablename__ = "mail_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    to_addrs: Mapped[str] = mapped_column(String(2000))  # comma-separated
    subject: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text, default="")
    # An absolute path read when sending (the file stays where its feature keeps it).
    attachment_path: Mapped[str | None] = mapped_column(String(1000))
    attachment_name: Mapped[str | None] = mapped_column(String(200))
    attachment_type: Mapped[str | None] = mapped_column(String(100))
    # Or the attachment itself, when it is small and has no file of its own (an invitation).
    attachment_data: Mapped[bytes | None] = mapped_column(LargeBinary)
