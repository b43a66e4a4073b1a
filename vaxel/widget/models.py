"""The widget's set-up per company, which queue entries came from it (for retention), and
its visitors' chats (the conversation itself is the chat's: vaxel.chat)."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, Integer, String, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, created_at_column, enum_column


class WidgetSettings(Base):
    __tablename__ = "widget_settings"

    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"),
                                            primary_key=True)
    # None: no key (never made, or revoked): the widget answers nothing for the company.
    public_key: Mapped[str | None] = mapped_column(String(48), unique=True)
    origins: Mapped[list[str]] = mapped_column(ARRAY(String(200)), default=list)
    queue_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer), default=list)
    colour_accent: Mapped[str] = mapped_column(String(7), default="#1d4ed8")
    colour_text: Mapped[str] = mapped_column(String(7), default="#ffffff")
    title_sv: Mapped[str] = mapped_column(String(120), default="")
    title_en: Mapped[str] = mapped_column(String(120), default="")
    intro_sv: Mapped[str] = mapped_column(String(500), default="")
    intro_en: Mapped[str] = mapped_column(String(500), default="")
    contact_phone: Mapped[str] = mapped_column(String(32), default="")
    contact_email: Mapped[str] = mapped_column(String(200), default="")
    # Visitors' names and numbers are blanked this many days after their callback ended.
    retention_days: Mapped[int] = mapped_column(Integer, default=30)
    # Visitors' chats go to the members logged in to this queue; None: no chat offered.
    chat_queue_id: Mapped[int | None] = mapped_column(
        ForeignKey("queue_settings.service_id", ondelete="SET NULL"))


class WidgetCallback(Base):
    """A queue entry a visitor made through the widget (the callback itself is the queue's)."""

    __tablename__ = "widget_callback"
    __table_args__ = (Index("ix_widget_callback_unpurged", "company_id",
                            postgresql_where=text("purged_at IS NULL")),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("queue_entry.id", ondelete="CASCADE"),
                                          unique=True)
    created_at: Mapped[dt.datetime] = created_at_column()
    purged_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ChatState(str, enum.Enum):
    WAITING = "waiting"  # in line for a free chat agent
    ACTIVE = "active"    # an agent has it
    ENDED = "ended"      # by the visitor, the agent, or left idle


class VisitorChat(Base):
    """A website visitor's chat: who may read it (the hash of the visitor's token), where it
    waits and who has it. Its messages are the chat conversation's."""

    __tablename__ = "visitor_chat"
    __table_args__ = (Index("ix_visitor_chat_waiting", "company_id", "id",
                            postgresql_where=text("state = 'waiting'")),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("chat_conversation.id", ondelete="CASCADE"), unique=True)
    queue_id: Mapped[int | None] = mapped_column(
        ForeignKey("queue_settings.service_id", ondelete="SET NULL"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    visitor_name: Mapped[str] = mapped_column(String(80), default="")
    state: Mapped[ChatState] = mapped_column(enum_column(ChatState), default=ChatState.WAITING)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                 index=True)
    created_at: Mapped[dt.datetime] = created_at_column()
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # The widget asks at least every long poll; a waiting visitor gone quiet has left.
    visitor_seen_at: Mapped[dt.datetime] = created_at_column()
    purged_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
