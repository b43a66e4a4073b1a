"""The call log in PostgreSQL: written once per finished call (idempotently), read per
company and per user."""
from __future__ import annotations

import enum
import logging
from typing import Callable

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from .events import CallDirection, CallEnded, CallResult
from .models import CallLogEntry

log = logging.getLogger(__name__)

MAX_PAGE = 200


class CallFilter(str, enum.Enum):
    ALL = "all"
    INCOMING = "incoming"
    OUTGOING = "outgoing"
    MISSED = "missed"


def record_call(session: Session, event: CallEnded) -> None:
    """Write the call's log row, or overwrite it when the call is already logged (a replayed
    event or a CDR reconciliation must never make a second row)."""
    values = dict(
        company_id=event.company_id, call_uuid=event.call_uuid, direction=event.direction,
        user_id=event.user_id, other_number=event.other_number, other_name=event.other_name,
        started_at=event.started_at, answered_at=event.answered_at, ended_at=event.at,
        duration_seconds=event.duration_seconds, talk_seconds=event.talk_seconds,
        result=event.result, hangup_cause=event.hangup_cause,
    )
    session.connection().execute(_UPSERT_CALL, values)


_insert_call = insert(CallLogEntry.__table__)
# Built once (every finished call runs it); the values come as parameters.
_UPSERT_CALL = _insert_call.on_conflict_do_update(
    index_elements=["call_uuid"],
    set_={c.name: _insert_call.excluded[c.name] for c in CallLogEntry.__table__.columns
          if c.name not in ("id", "call_uuid", "created_at")},
)


def call_log_writer(session_factory: sessionmaker[Session]) -> Callable[[CallEnded], None]:
    """An EventBus handler for CallEnded that logs each call in its own transaction."""
    def write(event: CallEnded) -> None:
        with session_factory() as session, session.begin():
            record_call(session, event)
        log.debug("logged call %s", event.call_uuid)
    return write


def company_call_log(session: Session, company_id: int, *, which: CallFilter = CallFilter.ALL,
                     limit: int = 50, offset: int = 0) -> list[CallLogEntry]:
    """The company's calls, newest first."""
    query = select(CallLogEntry).where(CallLogEntry.company_id == company_id)
    return _page(session, _filtered(query, which), limit, offset)


def user_call_log(session: Session, company_id: int, user_id: int, *,
                  which: CallFilter = CallFilter.ALL, limit: int = 50,
                  offset: int = 0) -> list[CallLogEntry]:
    """One user's calls, newest first."""
    query = select(CallLogEntry).where(CallLogEntry.company_id == company_id,
                                       CallLogEntry.user_id == user_id)
    return _page(session, _filtered(query, which), limit, offset)


def _filtered(query, which: CallFilter):
    if which is CallFilter.INCOMING:
        return query.where(CallLogEntry.direction == CallDirection.INCOMING)
    if which is CallFilter.OUTGOING:
        return query.where(CallLogEntry.direction == CallDirection.OUTGOING)
    if which is CallFilter.MISSED:
        return query.where(CallLogEntry.result == CallResult.MISSED)
    return query


def _page(session: Session, query, limit: int, offset: int) -> list[CallLogEntry]:
    query = query.order_by(CallLogEntry.started_at.desc(), CallLogEntry.id.desc())
    return list(session.scalars(query.limit(min(max(limit, 1), MAX_PAGE)).offset(max(offset, 0))))


def daily_counts(session: Session, company_id: int, since, timezone: str) -> dict:
    """Calls per local day since `since`: {date: {"incoming": n, "outgoing": n, "missed": n}}."""
    day = func.date(func.timezone(timezone, CallLogEntry.started_at))
    rows = session.execute(
        select(day, CallLogEntry.direction, CallLogEntry.result, func.count())
        .where(CallLogEntry.company_id == company_id, CallLogEntry.started_at >= since)
        .group_by(day, CallLogEntry.direction, CallLogEntry.result))
    counts: dict = {}
    for date, direction, result, n in rows:
        slot = counts.setdefault(date, {"incoming": 0, "outgoing": 0, "missed": 0})
        if result is CallResult.MISSED:
            slot["missed"] += n
        elif direction.value in slot:
            slot[direction.value] += n
    return counts
