"""A company: one tenant with its own SIP domain, users, numbers and data."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, created_at_column, enum_column
from .plans import Plan


class Company(Base):
    __tablename__ = "company"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    sip_domain: Mapped[str] = mapped_column(String(253), unique=True)
    country: Mapped[str] = mapped_column(String(2), default="SE")
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Stockholm")
    plan: Mapped[Plan] = mapped_column(enum_column(Plan), default=Plan.BUSINESS)
    # The number shown outward when neither the user nor the profile chooses one (E.164).
    main_number: Mapped[str | None] = mapped_column(String(20))
    announce_recording: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = created_at_column()

    def __repr__(self) -> str:
        return f"<Company {self.id} {self.sip_domain}>"
