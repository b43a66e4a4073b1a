"""Mailboxes, their greetings and messages, and callback requests left by callers."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, created_at_column, enum_column


class MessageState(str, enum.Enum):
    # A row exists before the caller speaks, so a crash mid-recording leaves a trace.
    RECORDING = "recording"
    NEW = "new"
    SAVED = "saved"
    DELETED = "deleted"


class GreetingKind(str, enum.Enum):
    UNAVAILABLE = "unavailable"
    BUSY = "busy"
    NAME = "name"


class Mailbox(Base):
    """A user's personal mailbox or a shared (team) mailbox of a SHARED_VOICEMAIL service."""

    __tablename__ = "voicemail_box"
    __table_args__ = (
        CheckConstraint("(user_id IS NULL) <> (service_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("switchboard_service.id", ondelete="CASCADE"), unique=True)
    # argon2 hash of the PIN asked when listening from another phone; None: no remote access.
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    allow_message: Mapped[bool] = mapped_column(Boolean, default=True)
    allow_wait: Mapped[bool] = mapped_column(Boolean, default=True)
    allow_callback: Mapped[bool] = mapped_column(Boolean, default=True)
    allow_operator: Mapped[bool] = mapped_column(Boolean, default=True)
    # Where 0 leads ("user:1000", "service:3"); None → the company's operator is not set.
    operator_destination: Mapped[str | None] = mapped_column(String(64))
    max_message_seconds: Mapped[int] = mapped_column(Integer, default=180)
    min_message_seconds: Mapped[int] = mapped_column(Integer, default=2)
    silence_seconds: Mapped[int] = mapped_column(Integer, default=5)
    silence_threshold: Mapped[int] = mapped_column(Integer, default=200)
    email_messages: Mapped[bool] = mapped_column(Boolean, default=True)
    # Comma-separated; empty → the owner's own e-mail address (shared: nobody).
    email_to: Mapped[str] = mapped_column(String(1000), default="")
    # The message-waiting state last sent to phones ("3/1" new/saved); None → never sent.
    mwi_sent: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = created_at_column()


class Greeting(Base):
    __tablename__ = "voicemail_greeting"
    __table_args__ = (UniqueConstraint("mailbox_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mailbox_id: Mapped[int] = mapped_column(ForeignKey("voicemail_box.id", ondelete="CASCADE"))
    kind: Mapped[GreetingKind] = mapped_column(enum_column(GreetingKind))
    file_path: Mapped[str] = mapped_column(String(500))  # relative to the voicemail store
    created_at: Mapped[dt.datetime] = created_at_column()


class Message(Base):
    __tablename__ = "voicemail_message"
    __table_args__ = (Index("ix_voicemail_message_box_state", "mailbox_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    mailbox_id: Mapped[int] = mapped_column(ForeignKey("voicemail_box.id", ondelete="CASCADE"))
    state: Mapped[MessageState] = mapped_column(enum_column(MessageState))
    call_uuid: Mapped[str] = mapped_column(String(64), default="")
    caller_number: Mapped[str] = mapped_column(String(64), default="")
    caller_name: Mapped[str] = mapped_column(String(200), default="")
    # While RECORDING: the incoming file FreeSWITCH writes; afterwards the stored file.
    file_path: Mapped[str] = mapped_column(String(500))
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    # Kept after an interruption (crash, lost connection) rather than finished normally.
    interrupted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = created_at_column()
    heard_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class CallbackRequest(Base):
    """A caller keyed a number to be called back: a task for the mailbox's owner."""

    __tablename__ = "voicemail_callback"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    mailbox_id: Mapped[int] = mapped_column(ForeignKey("voicemail_box.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    number: Mapped[str] = mapped_column(String(32))
    caller_number: Mapped[str] = mapped_column(String(64), default="")
    call_uuid: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[dt.datetime] = created_at_column()
    done_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
