"""The request's database session: opened lazily, committed when the request succeeds,
rolled back when it fails (flaskr's lazy connection, with SQLAlchemy sessions)."""
from __future__ import annotations

from flask import Flask, Response, current_app, g
from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session


def get_db() -> Session:
    if "db" not in g:
        g.db = current_app.extensions["vaxel_session_factory"]()
    return g.db


def release_db() -> None:
    """End the request's session now, committed: a long response (a push stream) must not
    hold a pooled connection for as long as it lasts."""
    db = g.pop("db", None)
    if db is not None:
        try:
            db.commit()
        finally:
            db.close()


def rollback_db() -> None:
    """Undo the request's work; called by the error handlers before they answer."""
    g.db_failed = True
    if "db" in g:
        g.db.rollback()


def _commit(response: Response) -> Response:
    # Committing before the response leaves means a failed commit answers 500, not 200.
    db = g.get("db")
    if db is not None and not g.get("db_failed"):
        try:
            db.commit()
        except DataError as exc:
            # A value PostgreSQL refuses, met only at commit: answered like one met earlier.
            db.rollback()
            return current_app.make_response(current_app.handle_user_exception(exc))
    return response


def _close(exc: BaseException | None) -> None:
    db = g.pop("db", None)
    if db is None:
        return
    if exc is not None:
        db.rollback()
    db.close()


def init_app(app: Flask, session_factory) -> None:
    app.extensions["vaxel_session_factory"] = session_factory
    app.after_request(_commit)
    app.teardown_appcontext(_close)
