"""When presence profiles switch by themselves: weekly windows, and each user's switching state."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, SmallInteger, Time
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base


class ProfileSchedule(Base):
    """Profile `profile_id` is active on these weekdays from `starts` to `ends` (local time;
    an end at or before the start runs past midnight)."""

    __tablename__ = "profile_schedule"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("presence_profile.id", ondelete="CASCADE"))
    weekdays: Mapped[list[int]] = mapped_column(ARRAY(SmallInteger))  # 0 = Monday
    starts: Mapped[dt.time] = mapped_column(Time)
    ends: Mapped[dt.time] = mapped_column(Time)


class PresenceState(Base):
    """What the scheduler needs to remember per user to respect manual choices."""

    __tablename__ = "presence_state"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    # The profile outside every scheduled window (NULL: leave the profile as it is).
    fallback_profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("presence_profile.id", ondelete="SET NULL"))
    manual_profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("presence_profile.id", ondelete="SET NULL"))
    manual_set_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # What the scheduler itself last set: a different active profile means a manual choice.
    applied_profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("presence_profile.id", ondelete="SET NULL"))
