"""Where a company's statistics stream goes, and how often."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base


class StatsStream(Base):
    __tablename__ = "stats_stream"

    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"),
                                            primary_key=True)
    # Power BI's push URL for a streaming dataset (its key is in the query string).
    url: Mapped[str] = mapped_column(String(2000))
    interval_seconds: Mapped[int] = mapped_column(Integer, default=60)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_pushed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str] = mapped_column(String(500), default="")
