"""Limits on failed log-ins, counted atomically in PostgreSQL.

Each attempt is counted *before* its password is checked, with one upsert per key that
returns the new count, so forty parallel guesses are forty increments in some order and
only the first five are ever evaluated (a check followed by a later insert let a burst
through). A success forgives its own count.

The keys are the e-mail address *from one source address* and the source address alone:
a guesser elsewhere on the internet can lock only themselves out, never the real owner of
an account (locking the account for everyone let anyone lock out ops).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import case, delete, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from .errors import TooManyAttempts
from .models import LoginAttempt, LoginThrottle

WINDOW = dt.timedelta(minutes=15)
# Failures for one account from one source address.
MAX_FAILURES_PER_ACCOUNT = 5
# Higher, because many people may share one office address behind NAT.
MAX_FAILURES_PER_ADDRESS = 20
KEEP = dt.timedelta(days=1)
_REFUSAL = "Too many failed log-ins. Wait a quarter of an hour and try again."


def _keys(email: str, source_ip: str) -> tuple[tuple[str, int], ...]:
    # Always in this order, so two requests lock the same rows in the same order.
    return ((f"account:{email}|{source_ip}", MAX_FAILURES_PER_ACCOUNT),
            (f"address:{source_ip}", MAX_FAILURES_PER_ADDRESS))


def _count(session: Session, key: str, now: dt.datetime) -> int:
    """Add one to the key's count (a fresh window when the last one is over); the new count."""
    expired = LoginThrottle.window_start <= now - WINDOW
    stmt = insert(LoginThrottle).values(key=key[:400], window_start=now, failures=1)
    stmt = stmt.on_conflict_do_update(index_elements=[LoginThrottle.key], set_={
        "failures": case((expired, 1), else_=LoginThrottle.failures + 1),
        "window_start": case((expired, now), else_=LoginThrottle.window_start),
    }).returning(LoginThrottle.failures)
    return session.scalar(stmt)


def claim(session: Session, key: str, limit: int, now: dt.datetime) -> None:
    """Count one attempt under `key`; TooManyAttempts when that makes more than `limit`."""
    if _count(session, key, now) > limit:
        raise TooManyAttempts(_REFUSAL)


def forgive(session: Session, key: str) -> None:
    session.execute(delete(LoginThrottle).where(LoginThrottle.key == key[:400]))


def claim_login(session: Session, email: str, source_ip: str, now: dt.datetime) -> None:
    """Count a log-in attempt as failed until it succeeds; raises TooManyAttempts (and the
    password must then not be checked) while a limit is exceeded."""
    for key, limit in _keys(email, source_ip):
        claim(session, key, limit, now)


def forgive_login(session: Session, email: str, source_ip: str) -> None:
    """A successful log-in: its own attempt was not a failure after all."""
    (account_key, _), (address_key, _) = _keys(email, source_ip)
    forgive(session, account_key)
    session.execute(update(LoginThrottle).where(LoginThrottle.key == address_key[:400])
                    .values(failures=LoginThrottle.failures - 1))


def record_attempt(session: Session, email: str, source_ip: str, succeeded: bool,
                   now: dt.datetime) -> None:
    """The history of attempts (who tried what from where), kept a day."""
    session.add(LoginAttempt(email=email[:254], source_ip=source_ip[:64], succeeded=succeeded,
                             at=now))
    # Pruning here keeps both tables small without a separate job.
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - KEEP))
    session.execute(delete(LoginThrottle).where(LoginThrottle.window_start < now - KEEP))
    session.flush()
