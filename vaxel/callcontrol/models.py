"""Call-control requests (the API writes, the controller carries out) and the live calls
the controller keeps for the API to read."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, created_at_column, enum_column


class CommandAction(str, enum.Enum):
    CLICK_TO_CALL = "click_to_call"
    BLIND_TRANSFER = "blind_transfer"
    ATTENDED_TRANSFER = "attended_transfer"
    HANG_UP = "hang_up"
    PARK = "park"                      # the call's other party onto a park slot
    CONSULT = "consult"                # hold the call, ring the user's phone to a third
    CANCEL_CONSULT = "cancel_consult"  # end the consultation, take the held call back
    SUPERVISE = "supervise"            # ring a supervisor into a call: listen/whisper/barge


class CommandStatus(str, enum.Enum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class CallCommand(Base):
    __tablename__ = "call_command"
    __table_args__ = (Index("ix_call_command_pending", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    action: Mapped[CommandAction] = mapped_column(enum_column(CommandAction))
    args: Mapped[dict] = mapped_column(JSONB, default=dict)
    status: Mapped[CommandStatus] = mapped_column(enum_column(CommandStatus),
                                                  default=CommandStatus.PENDING)
    result: Mapped[dict] = mapped_column(JSONB, default=dict)
    requested_by: Mapped[str] = mapped_column(String(200), default="")
    # The FreeSWITCH node holding the call it acts on (its controller carries it out);
    # None: any controller may (click-to-call starts a new call on its own node), and the
    # one that claims it writes its node here.
    node: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = created_at_column()
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class LiveCallRow(Base):
    """One live channel of a company, as the controller last saw it."""

    __tablename__ = "live_call"

    call_uuid: Mapped[str] = mapped_column(String(64), primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    caller_number: Mapped[str] = mapped_column(String(64), default="")
    destination: Mapped[str] = mapped_column(String(64), default="")
    state: Mapped[str] = mapped_column(String(16), default="RINGING")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    node: Mapped[str] = mapped_column(String(64), default="")  # the FreeSWITCH node holding it
    started_at: Mapped[dt.datetime] = created_at_column()


class ParkLot(Base):
    """A company's park slots (the numbers dialled to park and pick up) and how long a
    parked call waits before it rings back whoever parked it. No row: the defaults."""

    __tablename__ = "park_lot"

    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"),
                                            primary_key=True)
    first_slot: Mapped[int] = mapped_column(Integer, default=70)
    slot_count: Mapped[int] = mapped_column(Integer, default=10)
    timeout_seconds: Mapped[int] = mapped_column(Integer, default=120)


class ParkedCall(Base):
    """A call waiting on a park slot, as the controller saw it parked (its music started)."""

    __tablename__ = "parked_call"
    __table_args__ = (UniqueConstraint("company_id", "slot"),)

    call_uuid: Mapped[str] = mapped_column(String(64), primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    slot: Mapped[int] = mapped_column(Integer)
    caller_number: Mapped[str] = mapped_column(String(64), default="")
    # The extension it rings back after the lot's timeout ('' when parked from a phone).
    parked_by: Mapped[str] = mapped_column(String(32), default="")
    node: Mapped[str] = mapped_column(String(64), default="")
    parked_at: Mapped[dt.datetime] = created_at_column()
