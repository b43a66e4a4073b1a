"""IVR menus (knappval) as data: a service's menus and the digit options in each."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...base import Base, created_at_column


class IvrMenu(Base):
    __tablename__ = "ivr_menu"
    __table_args__ = (
        # The menu a call to the service starts in; one per service.
        Index("uq_ivr_menu_entry", "service_id", unique=True, postgresql_where=text("entry")),
        CheckConstraint("timeout_seconds BETWEEN 1 AND 60", name="timeout_seconds"),
        CheckConstraint("max_retries BETWEEN 0 AND 9", name="max_retries"),
        CheckConstraint("direct_dial_digits BETWEEN 0 AND 6", name="direct_dial_digits"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("switchboard_service.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    entry: Mapped[bool] = mapped_column(Boolean, default=False)
    # A recorded greeting (path under the recordings folder); the text is spoken without one.
    greeting_file: Mapped[str | None] = mapped_column(String(500))
    greeting_text: Mapped[str] = mapped_column(Text, default="")
    timeout_seconds: Mapped[int] = mapped_column(Integer, default=5)
    # Replays after a wrong key or silence before the call goes to default_destination.
    max_retries: Mapped[int] = mapped_column(Integer, default=2)
    invalid_prompt: Mapped[str] = mapped_column(String(100), default="invalid_option")
    timeout_prompt: Mapped[str] = mapped_column(String(100), default="no_input")
    default_destination: Mapped[str] = mapped_column(String(200), default="hangup")
    # Callers may dial a colleague's extension of this many digits directly; 0 = not allowed.
    direct_dial_digits: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = created_at_column()

    options: Mapped[list["IvrOption"]] = relationship(
        order_by="IvrOption.digit", cascade="all, delete-orphan")


class IvrOption(Base):
    __tablename__ = "ivr_option"
    __table_args__ = (
        CheckConstraint("digit ~ '^[0-9*#]$'", name="digit"),
        UniqueConstraint("menu_id", "digit"),  # one option per key
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    menu_id: Mapped[int] = mapped_column(ForeignKey("ivr_menu.id", ondelete="CASCADE"))
    digit: Mapped[str] = mapped_column(String(1))
    destination: Mapped[str] = mapped_column(String(200))  # Destination form, e.g. "menu:7"
    label: Mapped[str] = mapped_column(String(100), default="")
