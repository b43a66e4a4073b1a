"""One database session per request, opened on first use and closed when the request ends."""
from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from vaxel.infra.changes import ChangeListener, CompanyCache


def get_session() -> Session:
    if "db_session" not in g:
        g.db_session = current_app.extensions["vaxel_session_factory"]()
    return g.db_session


def close_session(exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def lookup_cache() -> CompanyCache:
    """Directory answers and dialplan look-ups, kept until the company changes (see
    vaxel.infra.changes). The listener starts with the first request, in the worker process
    that serves it."""
    state = current_app.extensions["vaxel_lookup_cache"]
    if state["listener"] is None and state["database_url"]:
        state["listener"] = ChangeListener(state["database_url"], [state["cache"]])
        state["listener"].start()
    return state["cache"]


def init_app(app: Flask, session_factory, database_url: str | None = None) -> None:
    """database_url None: no change listener, so nothing is ever cached."""
    app.extensions["vaxel_session_factory"] = session_factory
    app.extensions["vaxel_lookup_cache"] = {
        "cache": CompanyCache(), "listener": None, "database_url": database_url}
    app.teardown_appcontext(close_session)
