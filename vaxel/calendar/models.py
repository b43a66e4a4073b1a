"""A user's linked calendar feed and what the calendar last did to their profile."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, created_at_column


class CalendarLink(Base):
    __tablename__ = "calendar_link"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    # The secret ICS address Google Calendar and Microsoft 365 publish.
    ics_url: Mapped[str] = mapped_column(String(2000))
    # The profile a busy event switches to (the user's "In a meeting" by default).
    meeting_profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("presence_profile.id", ondelete="SET NULL"))
    # While a meeting holds: the profile to go back to, and when the meeting ends.
    return_profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("presence_profile.id", ondelete="SET NULL"))
    in_meeting_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_fetched_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[dt.datetime] = created_at_column()


class CalendarBusy(Base):
    """One busy stretch from the user's feed, as last fetched (the feed's window only)."""

    __tablename__ = "calendar_busy"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("calendar_link.user_id", ondelete="CASCADE"), index=True)
    starts: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ends: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
