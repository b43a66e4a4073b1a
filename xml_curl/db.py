"""One database session per request, opened on first use and closed when the request ends."""
from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session


def get_session() -> Session:
    if "db_session" not in g:
        g.db_session = current_app.extensions["vaxel_session_factory"]()
    return g.db_session


def close_session(exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def init_app(app: Flask, session_factory) -> None:
    app.extensions["vaxel_session_factory"] = session_factory
    app.teardown_appcontext(close_session)
