"""A user's mobile data package, the data they used, and the top-ups they bought."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean, CheckConstraint, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, created_at_column, enum_column, utcnow
from .rules import Payer


class DataSubscription(Base):
    """The package a user's mobile licence carries and how many top-ups a month the
    company pays for before further ones go to the user's private card."""

    __tablename__ = "data_subscription"
    __table_args__ = (
        CheckConstraint("top_up_limit BETWEEN 0 AND 50", name="top_up_limit"),
        CheckConstraint("top_up_mb > 0", name="top_up_mb"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    package: Mapped[str] = mapped_column(String(16))  # a key of rules.PACKAGES
    top_up_limit: Mapped[int] = mapped_column(Integer, default=2)
    top_up_mb: Mapped[int] = mapped_column(Integer, default=1024)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = created_at_column()


class DataUsage(Base):
    """Megabytes used on one day, as the mobile operator reports them."""

    __tablename__ = "data_usage"
    __table_args__ = (UniqueConstraint("user_id", "day"),
                      CheckConstraint("megabytes >= 0", name="megabytes"))

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
    megabytes: Mapped[int] = mapped_column(Integer)


class DataTopUp(Base):
    __tablename__ = "data_top_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    bought_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    megabytes: Mapped[int] = mapped_column(Integer)
    payer: Mapped[Payer] = mapped_column(enum_column(Payer))
