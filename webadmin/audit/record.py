"""Recording a portal change in the audit log, with the logged-in account as the actor."""
from __future__ import annotations

from typing import Any

from flask import g

from vaxel.audit import services as audit
from vaxel.audit.services import snapshot

from ..db import get_db


def before(obj: Any) -> dict:
    return snapshot(obj)


def record(action: str, obj: Any, was: dict | None = None, *, gone: bool = False,
           now: dict | None = None) -> None:
    """vaxel.audit.services.record with the portal's actor (`g.actor`)."""
    audit.record(get_db(), g.actor, action, obj, was, gone=gone, now=now)
