"""Dialplan snippets: hand-written FreeSWITCH extensions for one company or for every
company (company_id NULL), each edit kept as a numbered version."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..base import Base, created_at_column


class DialplanSnippet(Base):
    __tablename__ = "dialplan_snippet"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    context: Mapped[str] = mapped_column(String(64))  # "default" or "public"
    # Lower positions are tried first; company snippets come before global ones.
    position: Mapped[int] = mapped_column(Integer, default=100)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = created_at_column()

    versions: Mapped[list["DialplanSnippetVersion"]] = relationship(
        order_by="DialplanSnippetVersion.version", cascade="all, delete-orphan")

    @property
    def current(self) -> "DialplanSnippetVersion":
        return self.versions[-1]


class DialplanSnippetVersion(Base):
    """One saved body; the highest version is in force. A roll-back adds a new version
    with an old body, so the history only grows."""

    __tablename__ = "dialplan_snippet_version"
    __table_args__ = (UniqueConstraint("snippet_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    snippet_id: Mapped[int] = mapped_column(ForeignKey("dialplan_snippet.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(254))
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = created_at_column()
