"""Limits on failed log-ins, per account and per source address, counted in PostgreSQL."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from .errors import TooManyAttempts
from .models import LoginAttempt

WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
# Higher, because many people may share one office address behind NAT.
MAX_FAILURES_PER_ADDRESS = 20
KEEP = dt.timedelta(days=1)


def _failures(session: Session, column, value: str, now: dt.datetime) -> int:
    return session.scalar(select(func.count()).where(
        column == value, LoginAttempt.succeeded.is_(False), LoginAttempt.at > now - WINDOW,
    )) or 0


def check_allowed(session: Session, email: str, source_ip: str, now: dt.datetime) -> None:
    """Raise TooManyAttempts while either limit is reached within the window."""
    if (_failures(session, LoginAttempt.email, email, now) >= MAX_FAILURES_PER_ACCOUNT
            or _failures(session, LoginAttempt.source_ip, source_ip, now) >= MAX_FAILURES_PER_ADDRESS):
        raise TooManyAttempts("Too many failed log-ins. Wait a quarter of an hour and try again.")


def record_attempt(session: Session, email: str, source_ip: str, succeeded: bool,
                   now: dt.datetime) -> None:
    session.add(LoginAttempt(email=email, source_ip=source_ip, succeeded=succeeded, at=now))
    # Pruning here keeps the table small without a separate job.
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - KEEP))
    session.flush()
