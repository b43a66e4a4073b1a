"""Server-side portal sessions: the cookie holds a random token, PostgreSQL the session.

A signed cookie alone cannot be taken back: whoever copied it stays logged in until it
expires. With a row per session, log-out and a password change end sessions at once.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .models import Account, PortalSession

LIFETIME = dt.timedelta(hours=8)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, account: Account, now: dt.datetime) -> str:
    """A new session for `account`; returns the token the cookie carries."""
    token = secrets.token_urlsafe(32)
    session.add(PortalSession(id=_digest(token), account_id=account.id, created_at=now,
                              expires_at=now + LIFETIME))
    # Pruning here keeps the table small without a separate job.
    session.execute(delete(PortalSession).where(PortalSession.expires_at < now))
    session.flush()
    return token


def account_of_session(session: Session, token: object, now: dt.datetime) -> Account | None:
    """The active account whose live session this token opens, or None."""
    if not isinstance(token, str) or not token:
        return None
    return session.scalar(
        select(Account).join(PortalSession, PortalSession.account_id == Account.id)
        .where(PortalSession.id == _digest(token), PortalSession.expires_at > now,
               Account.active.is_(True)))


def end_session(session: Session, token: object) -> None:
    if isinstance(token, str) and token:
        session.execute(delete(PortalSession).where(PortalSession.id == _digest(token)))


def end_all_sessions(session: Session, account_id: int) -> None:
    """Every browser logged in to this account is logged out (password changed or set)."""
    session.execute(delete(PortalSession).where(PortalSession.account_id == account_id))
