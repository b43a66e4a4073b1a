"""Recording a portal change in the audit log, with the logged-in account as the actor."""
from __future__ import annotations

from typing import Any

from flask import g

from vaxel.audit.services import record_change, snapshot
from vaxel.models import Company

from ..db import get_db


def before(obj: Any) -> dict:
    return snapshot(obj)


def record(action: str, obj: Any, was: dict | None = None, *, gone: bool = False) -> None:
    """Audit `action` on obj; `was` is its snapshot before, `gone` when it was deleted."""
    company_id = obj.id if isinstance(obj, Company) else getattr(obj, "company_id", None)
    record_change(get_db(), g.account, company_id, action, obj.__tablename__, obj.id,
                  was, None if gone else snapshot(obj))
