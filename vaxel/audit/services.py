"""Writing and reading the audit log."""
from __future__ import annotations

import datetime as dt
import enum
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..tenancy.models import Company
from .models import AuditEntry

# Never copied into the log, whatever object is snapshotted.
SECRET_COLUMNS = frozenset({"password_hash", "a1_hash", "pin_hash", "token_hash"})


def _json_value(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value


def snapshot(obj: Any) -> dict[str, Any]:
    """The object's column values as JSON-ready data, secrets left out."""
    columns = inspect(obj).mapper.column_attrs
    return {c.key: _json_value(getattr(obj, c.key)) for c in columns
            if c.key not in SECRET_COLUMNS}


def record_change(session: Session, actor: Actor, company_id: int | None,
                  action: str, object_type: str, object_id: Any,
                  before: dict | None, after: dict | None) -> AuditEntry:
    """Add one audit entry to the session's transaction, so it commits with the change.
    An actor outside the object's company is refused here too (NotFound), whatever door
    it came through."""
    actor.check_company(company_id)
    entry = AuditEntry(
        company_id=company_id,
        actor_account_id=actor.account_id,
        actor=actor.label,
        action=action, object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        before=before, after=after,
    )
    session.add(entry)
    session.flush()
    return entry


def company_of(obj: Any) -> int | None:
    return obj.id if isinstance(obj, Company) else getattr(obj, "company_id", None)


@dataclass
class Change:
    """Set `skip` inside an `audited` block when nothing changed after all."""
    skip: bool = False


@contextmanager
def audited(session: Session, actor: Actor, action: str, obj: Any,
            state: Callable[[Any], dict] = snapshot, *, gone: bool = False) -> Iterator[Change]:
    """Around one change to obj: the actor must reach obj's company; obj's `state` before
    and after goes to the audit log (nothing when the block raises or sets skip)."""
    actor.check_company(company_of(obj))
    was, change = state(obj), Change()
    yield change
    if not change.skip:
        record(session, actor, action, obj, was, gone=gone, now=None if gone else state(obj))


def record(session: Session, actor: Actor, action: str, obj: Any, was: dict | None = None, *,
           gone: bool = False, now: dict | None = None) -> AuditEntry:
    """Audit `action` on obj; `was` is its state before, `now` after (its snapshot unless
    given: a menu's state includes its keys), `gone` when it was deleted."""
    company_id = company_of(obj)
    after = None if gone else (now if now is not None else snapshot(obj))
    # A row keyed by another (queue settings by their service) has no id of its own.
    object_id = getattr(obj, "id", None) or inspect(obj).identity[0]
    return record_change(session, actor, company_id, action, obj.__tablename__, object_id,
                         was, after)


def entries_for_company(session: Session, company_id: int, limit: int = 200) -> list[AuditEntry]:
    return list(session.scalars(
        select(AuditEntry).where(AuditEntry.company_id == company_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    ))


def recent_entries(session: Session, limit: int = 200) -> list[AuditEntry]:
    return list(session.scalars(
        select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    ))
