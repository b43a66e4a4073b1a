"""Health checks shared by the three services: is PostgreSQL answering, quickly?"""
from __future__ import annotations

import json
import time
from typing import Callable

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

DB_TIMEOUT_MS = 2000


def check_database(session_factory: Callable[[], Session], timeout_ms: int = DB_TIMEOUT_MS) -> dict:
    """{"ok": bool, "ms": round trip, "error": text}; never raises."""
    started = time.monotonic()
    try:
        with session_factory() as session:
            # statement_timeout bounds the query; the engines' connect_timeout the connect.
            session.execute(text("SET LOCAL statement_timeout = %d" % int(timeout_ms)))
            session.execute(text("SELECT 1"))
            session.rollback()
    except SQLAlchemyError as exc:
        return {"ok": False, "error": str(getattr(exc, "orig", None) or exc).strip()[:200]}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def database_health(session_factory: Callable[[], Session]) -> tuple[str, int]:
    """What a web service's /healthz answers when PostgreSQL is all it needs: the JSON
    body and the status (200 up, 503 down)."""
    database = check_database(session_factory)
    return json.dumps({"ok": database["ok"], "database": database}), 200 if database["ok"] else 503
