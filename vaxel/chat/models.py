"""Conversations, their members (with how far each has read) and messages.

A conversation has a kind; "visitor" is a website visitor's, routed to a chat agent
(vaxel.widget.visitor_chat): messages and delivery are the same, since they only ever ask
"is this user a member of the conversation?". A message's origin says who wrote it: a
colleague (sender_id), the visitor, or the system (assigned, ended), the last two with no
sender.
"""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (BigInteger, Boolean, CheckConstraint, ForeignKey, Index, Integer,
                        String, Text, UniqueConstraint, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..base import Base, created_at_column, enum_column
from ..people.models import User  # noqa: F401  (the sender relationship)


class ConversationKind(str, enum.Enum):
    DIRECT = "direct"   # two colleagues; nobody joins or is added
    GROUP = "group"     # open: any colleague joins; closed: a member adds colleagues
    ROOM = "room"       # the company's public rooms, made by its admins; anyone joins
    VISITOR = "visitor"  # a website visitor and the chat agent it was routed to


class MessageOrigin(str, enum.Enum):
    PERSON = "person"    # a colleague (sender_id)
    VISITOR = "visitor"  # the website visitor of a visitor conversation
    SYSTEM = "system"    # what happened (assigned to an agent, ended)


class MemberRole(str, enum.Enum):
    OWNER = "owner"
    MEMBER = "member"


class Conversation(Base):
    __tablename__ = "chat_conversation"
    __table_args__ = (
        # One direct conversation per pair of colleagues ("<low id>:<high id>").
        UniqueConstraint("company_id", "direct_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"),
                                            index=True)
    kind: Mapped[ConversationKind] = mapped_column(enum_column(ConversationKind))
    title: Mapped[str] = mapped_column(String(80), default="")
    open_to_join: Mapped[bool] = mapped_column(Boolean, default=False)
    direct_key: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = created_at_column()


class Member(Base):
    __tablename__ = "chat_member"
    __table_args__ = (Index("ix_chat_member_user", "user_id"),)

    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("chat_conversation.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    role: Mapped[MemberRole] = mapped_column(enum_column(MemberRole), default=MemberRole.MEMBER)
    # The newest message this member has read; unread = this conversation's messages after it.
    last_read_id: Mapped[int] = mapped_column(BigInteger, default=0)
    joined_at: Mapped[dt.datetime] = created_at_column()


class ChatMessage(Base):
    __tablename__ = "chat_message"
    __table_args__ = (
        # A retried send (same sender, same client-made id) finds the first one.
        UniqueConstraint("conversation_id", "sender_id", "client_id"),
        Index("ix_chat_message_conversation_id", "conversation_id", "id"),
        Index("ix_chat_message_company_id", "company_id", "id"),
        Index("ix_chat_message_created_at", "created_at"),
        CheckConstraint("length(body) <= 4000", name="body_length"),
        # A visitor's retried send (no sender_id: the index above cannot see it).
        Index("ux_chat_message_visitor_client", "conversation_id", "client_id", unique=True,
              postgresql_where=text("origin = 'visitor'")),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("chat_conversation.id", ondelete="CASCADE"))
    # A message outlives its sender's account (shown as a former colleague).
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Read with the message (one query for a stream's whole batch, names included).
    sender: Mapped["User | None"] = relationship(lazy="joined", viewonly=True)
    origin: Mapped[MessageOrigin] = mapped_column(enum_column(MessageOrigin),
                                                  default=MessageOrigin.PERSON)
    client_id: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text, default="")
    attachment_name: Mapped[str | None] = mapped_column(String(120))
    attachment_type: Mapped[str | None] = mapped_column(String(64))
    attachment_size: Mapped[int | None] = mapped_column(Integer)
    attachment_path: Mapped[str | None] = mapped_column(String(200))  # in the chat store
    created_at: Mapped[dt.datetime] = created_at_column()
