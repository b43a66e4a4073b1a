"""Bans, the allow-list, toll policies, outbound call set-ups and ops alerts."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, created_at_column


class SipBan(Base):
    """A source address refused by FreeSWITCH (ACL `not_banned`) until `until`."""

    __tablename__ = "sip_ban"
    __table_args__ = (Index("ix_sip_ban_source_until", "source", "until"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(45))  # an IPv4 or IPv6 address
    reason: Mapped[str] = mapped_column(String(32))  # brute_force, flood, manual
    detail: Mapped[str] = mapped_column(String(500), default="")
    until: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = created_at_column()
    created_by: Mapped[str] = mapped_column(String(200), default="controller")
    lifted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    lifted_by: Mapped[str | None] = mapped_column(String(200))


class SipAllow(Base):
    """An address or network never banned (offices, monitoring, the carriers)."""

    __tablename__ = "sip_allow"

    id: Mapped[int] = mapped_column(primary_key=True)
    network: Mapped[str] = mapped_column(String(50), unique=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = created_at_column()


class TollPolicy(Base):
    """Where a company's users may call; a row with user_id overrides the company's."""

    __tablename__ = "toll_policy"
    __table_args__ = (UniqueConstraint("company_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # Comma-separated classes of vaxel.security.toll.Zone (internal, national, nordic, ...).
    allowed: Mapped[str] = mapped_column(String(200))
    # Comma-separated E.164 prefixes always refused ("+4690", "+881").
    blocked_prefixes: Mapped[str] = mapped_column(String(1000), default="")
    max_concurrent: Mapped[int | None] = mapped_column(Integer)
    max_setups_per_minute: Mapped[int | None] = mapped_column(Integer)


class OutboundCall(Base):
    """One outbound call set-up through a trunk: counted for concurrency and rate caps."""

    __tablename__ = "outbound_call"
    __table_args__ = (Index("ix_outbound_call_company_started", "company_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    call_uuid: Mapped[str] = mapped_column(String(64), unique=True)
    destination: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[dt.datetime] = created_at_column()
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class OpsAlert(Base):
    """Something ops should look at: a ban, a refused toll call, a lost connection."""

    __tablename__ = "ops_alert"
    __table_args__ = (Index("ix_ops_alert_created", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = created_at_column()
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
