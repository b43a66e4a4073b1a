"""Opening schedules: weekly hours, dated exceptions and the one-click override.

A company has one default schedule (service_id NULL); a switchboard service may have its
own, which then replaces the default for that service.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, SmallInteger, String, Time,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..base import Base, created_at_column, utcnow


class OpeningSchedule(Base):
    __tablename__ = "opening_schedule"
    __table_args__ = (
        Index("uq_opening_schedule_service_id", "service_id", unique=True,
              postgresql_where=text("service_id IS NOT NULL")),
        Index("uq_opening_schedule_company_default", "company_id", unique=True,
              postgresql_where=text("service_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("switchboard_service.id", ondelete="CASCADE"))
    # Where calls go while closed, in the Destination form ("message:closed", "voicemail:1001"…).
    closed_destination: Mapped[str] = mapped_column(String(200), default="message:closed")
    created_at: Mapped[dt.datetime] = created_at_column()

    hours: Mapped[list["OpeningHours"]] = relationship(
        order_by="(OpeningHours.weekday, OpeningHours.opens)", cascade="all, delete-orphan")
    exceptions: Mapped[list["ScheduleException"]] = relationship(
        order_by="ScheduleException.day", cascade="all, delete-orphan")
    override: Mapped["ScheduleOverride | None"] = relationship(
        cascade="all, delete-orphan", uselist=False)


class OpeningHours(Base):
    """One weekly window; a closing time at or before the opening time runs past midnight."""

    __tablename__ = "opening_hours"
    __table_args__ = (CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(
        ForeignKey("opening_schedule.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(SmallInteger)  # 0 = Monday
    opens: Mapped[dt.time] = mapped_column(Time)
    closes: Mapped[dt.time] = mapped_column(Time)


class ScheduleException(Base):
    """A dated exception: no hours means closed all day, hours mean a special (half) day."""

    __tablename__ = "schedule_exception"
    __table_args__ = (
        CheckConstraint("(opens IS NULL) = (closes IS NULL)", name="hours_pair"),
        Index("ix_schedule_exception_schedule_day", "schedule_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("opening_schedule.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
    opens: Mapped[dt.time | None] = mapped_column(Time)
    closes: Mapped[dt.time | None] = mapped_column(Time)
    name: Mapped[str] = mapped_column(String(100), default="")


class ScheduleOverride(Base):
    """Opened or closed by hand; holds until lifted (until NULL) or until `until`."""

    __tablename__ = "schedule_override"

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(
        ForeignKey("opening_schedule.id", ondelete="CASCADE"), unique=True)
    open: Mapped[bool] = mapped_column(Boolean)
    until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    set_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    set_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
