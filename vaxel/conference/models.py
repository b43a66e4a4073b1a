"""A user's conference room, its live participants (as the controller last saw them), the
owner's commands for the controller, and the SMS outbox."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, created_at_column, enum_column


class ConferenceRoom(Base):
    __tablename__ = "conference_room"
    __table_args__ = (UniqueConstraint("company_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    # Dialled from a company phone (an extension-like code).
    number: Mapped[str] = mapped_column(String(16))
    # Kept readable: the owner sends it in invitations. Compared in constant time.
    pin: Mapped[str] = mapped_column(String(10))
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    # Wrong PINs since the last right one; too many close the room to PINs for a while
    # (guessing across many calls, three tries each, must not pay).
    pin_failures: Mapped[int] = mapped_column(Integer, default=0)
    pin_blocked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # The recording running now (call_recording.id), None when none is.
    recording_id: Mapped[int | None] = mapped_column(
        ForeignKey("call_recording.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = created_at_column()


class ConferenceParticipant(Base):
    """One member of a room's live conference, kept from conference::maintenance events."""

    __tablename__ = "conference_participant"

    room_id: Mapped[int] = mapped_column(ForeignKey("conference_room.id", ondelete="CASCADE"),
                                         primary_key=True)
    member_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # mod_conference's
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"),
                                            index=True)
    call_uuid: Mapped[str] = mapped_column(String(64), default="")
    caller_number: Mapped[str] = mapped_column(String(64), default="")
    caller_name: Mapped[str] = mapped_column(String(100), default="")
    muted: Mapped[bool] = mapped_column(Boolean, default=False)
    node: Mapped[str] = mapped_column(String(64), default="")
    joined_at: Mapped[dt.datetime] = created_at_column()


class RoomAction(str, enum.Enum):
    MUTE = "mute"
    UNMUTE = "unmute"
    REMOVE = "remove"
    LOCK = "lock"
    UNLOCK = "unlock"
    RECORD = "record"
    STOP_RECORDING = "stop_recording"


class RoomCommandStatus(str, enum.Enum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class ConferenceCommand(Base):
    """An owner's (or admin's) request the controller carries out on the live room."""

    __tablename__ = "conference_command"
    __table_args__ = (Index("ix_conference_command_pending", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"),
                                            index=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("conference_room.id", ondelete="CASCADE"))
    action: Mapped[RoomAction] = mapped_column(enum_column(RoomAction))
    member_id: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[RoomCommandStatus] = mapped_column(enum_column(RoomCommandStatus),
                                                      default=RoomCommandStatus.PENDING)
    result: Mapped[dict] = mapped_column(JSONB, default=dict)
    requested_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = created_at_column()
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

