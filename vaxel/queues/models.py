"""Queue tables: settings per queue service, members, agent state, callers, offers, callbacks."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (BigInteger, Boolean, Date, DateTime, ForeignKey, Index, Integer, String,
                        UniqueConstraint, text)
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, created_at_column, enum_column


class Strategy(str, enum.Enum):
    RING_ALL = "ring_all"
    LONGEST_IDLE = "longest_idle"
    ROUND_ROBIN = "round_robin"
    FEWEST_CALLS = "fewest_calls"
    ORDERED = "ordered"  # tiers, then position within the tier


class AgentState(str, enum.Enum):
    LOGGED_OUT = "logged_out"
    AVAILABLE = "available"
    RINGING = "ringing"
    ON_CALL = "on_call"
    WRAP_UP = "wrap_up"
    AWAY = "away"


class EntryState(str, enum.Enum):
    WAITING = "waiting"
    OFFERED = "offered"
    CONNECTED = "connected"
    DONE = "done"


class EntryOutcome(str, enum.Enum):
    ANSWERED = "answered"
    ABANDONED = "abandoned"
    OVERFLOW = "overflow"  # sent on: queue full, waited too long, or nobody logged in
    CALLBACK_FAILED = "callback_failed"


class OfferResult(str, enum.Enum):
    RINGING = "ringing"
    ANSWERED = "answered"
    MISSED = "missed"
    CANCELLED = "cancelled"  # the caller left or another agent answered first


class CallbackState(str, enum.Enum):
    WAITING = "waiting"
    CALLING = "calling"
    CONNECTED = "connected"
    COMPLETED = "completed"
    FAILED = "failed"


class QueueSettings(Base):
    __tablename__ = "queue_settings"

    service_id: Mapped[int] = mapped_column(
        ForeignKey("switchboard_service.id", ondelete="CASCADE"), primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    strategy: Mapped[Strategy] = mapped_column(enum_column(Strategy), default=Strategy.LONGEST_IDLE)
    ring_seconds: Mapped[int] = mapped_column(Integer, default=20)
    wrapup_seconds: Mapped[int] = mapped_column(Integer, default=10)
    # After this many unanswered offers in a row the agent is set away (0: never).
    max_missed_offers: Mapped[int] = mapped_column(Integer, default=3)
    music_on_hold: Mapped[str] = mapped_column(String(300), default="local_stream://moh")
    announce_every_seconds: Mapped[int] = mapped_column(Integer, default=60)
    announce_position: Mapped[bool] = mapped_column(Boolean, default=True)
    announce_wait: Mapped[bool] = mapped_column(Boolean, default=True)
    max_wait_seconds: Mapped[int] = mapped_column(Integer, default=600)  # 0: no limit
    max_length: Mapped[int] = mapped_column(Integer, default=0)  # 0: no limit
    overflow_destination: Mapped[str] = mapped_column(String(200), default="")
    # Where callers go when no member is logged in; "" means they wait all the same.
    no_agents_destination: Mapped[str] = mapped_column(String(200), default="")
    caller_priority: Mapped[int] = mapped_column(Integer, default=0)
    callback_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    callback_attempts: Mapped[int] = mapped_column(Integer, default=3)
    callback_retry_seconds: Mapped[int] = mapped_column(Integer, default=120)
    service_level_seconds: Mapped[int] = mapped_column(Integer, default=20)
    # Round robin: the position of the member offered last.
    rr_cursor: Mapped[int] = mapped_column(Integer, default=-1)


class QueueMember(Base):
    __tablename__ = "queue_member"
    __table_args__ = (UniqueConstraint("queue_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    queue_id: Mapped[int] = mapped_column(
        ForeignKey("queue_settings.service_id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    tier: Mapped[int] = mapped_column(Integer, default=1)
    position: Mapped[int] = mapped_column(Integer, default=0)
    logged_in: Mapped[bool] = mapped_column(Boolean, default=False)
    # A supervisor may log colleagues of this queue in and out.
    supervisor: Mapped[bool] = mapped_column(Boolean, default=False)


class QueueAgent(Base):
    """One row per user who is a member of any queue: their state across all queues."""

    __tablename__ = "queue_agent"
    __table_args__ = (
        # The matcher's once-a-second sweep for wrap-ups that are over (queues.agents).
        Index("ix_queue_agent_wrap_up_until", "wrapup_until",
              postgresql_where=text("state = 'wrap_up'")),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    state: Mapped[AgentState] = mapped_column(enum_column(AgentState), default=AgentState.LOGGED_OUT)
    state_since: Mapped[dt.datetime] = created_at_column()
    idle_since: Mapped[dt.datetime] = created_at_column()
    wrapup_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    missed_in_row: Mapped[int] = mapped_column(Integer, default=0)
    calls_day: Mapped[dt.date | None] = mapped_column(Date)
    calls_today: Mapped[int] = mapped_column(Integer, default=0)


class QueueEntry(Base):
    """A caller in a queue, kept afterwards as the record statistics are made from."""

    __tablename__ = "queue_entry"
    __table_args__ = (
        Index("ix_queue_entry_waiting", "queue_id", text("priority DESC"), "joined_at",
              postgresql_where=text("state = 'waiting'")),
        Index("ix_queue_entry_queue_joined", "queue_id", "joined_at"),
        Index("ix_queue_entry_call_uuid", "call_uuid"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    queue_id: Mapped[int] = mapped_column(
        ForeignKey("queue_settings.service_id", ondelete="CASCADE"))
    call_uuid: Mapped[str] = mapped_column(String(64))
    caller_number: Mapped[str] = mapped_column(String(64), default="")
    caller_name: Mapped[str] = mapped_column(String(200), default="")
    priority: Mapped[int] = mapped_column(Integer, default=0)
    callback: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[EntryState] = mapped_column(enum_column(EntryState), default=EntryState.WAITING)
    outcome: Mapped[EntryOutcome | None] = mapped_column(enum_column(EntryOutcome))
    joined_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # A callback that failed an attempt waits here before it may be offered again.
    eligible_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    talk_seconds: Mapped[int] = mapped_column(Integer, default=0)


class QueueOffer(Base):
    """One agent rung for one caller: per-agent offers, answers and talk time."""

    __tablename__ = "queue_offer"
    __table_args__ = (
        Index("ix_queue_offer_user_offered", "user_id", "offered_at"),
        Index("ix_queue_offer_entry", "entry_id"),
        # The database itself refuses a second live offer to an agent: one caller ringing
        # or talking per agent, whatever any controller does.
        Index("uq_queue_offer_agent_busy", "user_id", unique=True,
              postgresql_where=text("result = 'ringing' OR "
                                    "(result = 'answered' AND ended_at IS NULL)")),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    queue_id: Mapped[int] = mapped_column(
        ForeignKey("queue_settings.service_id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("queue_entry.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    result: Mapped[OfferResult] = mapped_column(enum_column(OfferResult), default=OfferResult.RINGING)
    offered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    talk_seconds: Mapped[int] = mapped_column(Integer, default=0)


class QueueCallback(Base):
    __tablename__ = "queue_callback"
    __table_args__ = (Index("ix_queue_callback_state", "state"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    queue_id: Mapped[int] = mapped_column(
        ForeignKey("queue_settings.service_id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("queue_entry.id", ondelete="CASCADE"),
                                          unique=True)
    number: Mapped[str] = mapped_column(String(32))
    state: Mapped[CallbackState] = mapped_column(enum_column(CallbackState),
                                                 default=CallbackState.WAITING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    agent_uuid: Mapped[str | None] = mapped_column(String(64))
    customer_uuid: Mapped[str | None] = mapped_column(String(64))
    last_cause: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[dt.datetime] = created_at_column()
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class AgentSession(Base):
    """A period an agent was logged in to a queue (logged-in time in statistics)."""

    __tablename__ = "queue_agent_session"
    __table_args__ = (Index("ix_queue_agent_session_user", "user_id", "started_at"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    queue_id: Mapped[int] = mapped_column(
        ForeignKey("queue_settings.service_id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
