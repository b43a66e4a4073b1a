"""A portal account (a log-in), its server-side sessions, and the record and counters of
log-in attempts that rate-limit guessing."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..base import Base, created_at_column, utcnow
from ..people.models import User


class Account(Base):
    """A log-in. Ops accounts stand alone; every other account belongs to one vaxel User,
    whose role (admin or user) decides the account's rights in that user's company."""

    __tablename__ = "account"
    __table_args__ = (
        CheckConstraint("is_ops OR user_id IS NOT NULL", name="ops_or_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    is_ops: Mapped[bool] = mapped_column(Boolean, default=False)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    # "sv" or "en"; None follows the browser's Accept-Language.
    language: Mapped[str | None] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = created_at_column()

    user: Mapped[User | None] = relationship()

    @property
    def company_id(self) -> int | None:
        return self.user.company_id if self.user else None


class LoginAttempt(Base):
    """One log-in attempt; kept in PostgreSQL so the limit holds across every worker."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_email_at", "email", "at"),
        Index("ix_login_attempt_source_ip_at", "source_ip", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    source_ip: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PortalSession(Base):
    """One logged-in browser. The cookie carries a random token; only its SHA-256 is kept
    here, so a copy of the table opens nothing. Deleting the row ends the session at once
    (log-out, password change), whatever the cookie still says."""

    __tablename__ = "portal_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"),
                                            index=True)
    created_at: Mapped[dt.datetime] = created_at_column()
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class LoginThrottle(Base):
    """Failed log-ins counted per key (e-mail + address, or address) in a fixed window.
    Counted with one atomic upsert before the password is checked, so parallel guesses
    cannot slip past the limit between a check and a record."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    window_start: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    failures: Mapped[int] = mapped_column(Integer)


class AccountToken(Base):
    """A one-time link to set a password: an invitation or a "forgot password". Only the
    token's SHA-256 is kept, so a copy of the table opens nothing; a token works once,
    until it expires, and a newer one of the account ends the older."""

    __tablename__ = "account_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"),
                                            index=True)
    purpose: Mapped[str] = mapped_column(String(16))  # "invite" or "reset"
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = created_at_column()

    account: Mapped[Account] = relationship()
