"""Writing and reading the audit log."""
from __future__ import annotations

import datetime as dt
import enum
from typing import Any, Protocol

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from .models import AuditEntry

# Never copied into the log, whatever object is snapshotted.
SECRET_COLUMNS = frozenset({"password_hash", "a1_hash"})


class Actor(Protocol):
    id: int
    email: str


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


def record_change(session: Session, actor: Actor | str | None, company_id: int | None,
                  action: str, object_type: str, object_id: Any,
                  before: dict | None, after: dict | None) -> AuditEntry:
    """Add one audit entry to the session's transaction, so it commits with the change."""
    entry = AuditEntry(
        company_id=company_id,
        actor_account_id=getattr(actor, "id", None),
        actor=getattr(actor, "email", None) or (actor if isinstance(actor, str) else "system"),
        action=action, object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        before=before, after=after,
    )
    session.add(entry)
    session.flush()
    return entry


def entries_for_company(session: Session, company_id: int, limit: int = 200) -> list[AuditEntry]:
    return list(session.scalars(
        select(AuditEntry).where(AuditEntry.company_id == company_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    ))


def recent_entries(session: Session, limit: int = 200) -> list[AuditEntry]:
    return list(session.scalars(
        select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    ))
