"""Recording a portal change in the audit log, with the logged-in account as the actor."""
from __future__ import annotations

from typing import Any

from flask import g
from sqlalchemy import inspect

from vaxel.audit.services import record_change, snapshot
from vaxel.models import Company

from ..db import get_db


def before(obj: Any) -> dict:
    return snapshot(obj)


def record(action: str, obj: Any, was: dict | None = None, *, gone: bool = False,
           now: dict | None = None) -> None:
    """Audit `action` on obj; `was` is its state before, `now` after (its snapshot unless
    given: a menu's state includes its keys), `gone` when it was deleted."""
    company_id = obj.id if isinstance(obj, Company) else getattr(obj, "company_id", None)
    after = None if gone else (now if now is not None else snapshot(obj))
    # A row keyed by another (queue settings by their service) has no id of its own.
    object_id = getattr(obj, "id", None) or inspect(obj).identity[0]
    record_change(get_db(), g.account, company_id, action, obj.__tablename__, object_id,
                  was, after)
