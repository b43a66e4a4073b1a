"""Database engine and sessions; without a DATABASE_URL, the embedded PostgreSQL (embedded_pg)."""
from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)


def resolve_database_url(database_url: str | None, data_dir: Path) -> str:
    if database_url:
        if database_url.startswith("postgres://"):
            database_url = "postgresql://" + database_url[len("postgres://"):]
        return database_url
    from . import embedded_pg
    return embedded_pg.start(data_dir)


def libpq_dsn(url: str) -> str:
    """A SQLAlchemy URL as libpq (psycopg2.connect) understands it."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def make_engine(url: str, **options) -> Engine:
    options.setdefault("pool_pre_ping", True)
    # A dead database must fail a request quickly, not hang it.
    options.setdefault("connect_args", {"connect_timeout": 3})
    return create_engine(url, future=True, **options)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, future=True)


def make_psycopg2_green() -> None:
    """Let psycopg2 wait for PostgreSQL cooperatively in a gevent process.

    psycopg2 is C code that blocks the whole process while it waits for the server; with
    this wait callback it polls its socket and yields to other greenlets instead (what
    psycogreen does, without another dependency). Only gevent services call this.
    """
    from psycopg2 import extensions

    extensions.set_wait_callback(_gevent_wait_callback)


def _gevent_wait_callback(conn, timeout: float | None = None) -> None:
    from gevent.socket import wait_read, wait_write
    from psycopg2 import OperationalError, extensions

    while True:
        state = conn.poll()
        if state == extensions.POLL_OK:
            return
        if state == extensions.POLL_READ:
            wait_read(conn.fileno(), timeout=timeout)
        elif state == extensions.POLL_WRITE:
            wait_write(conn.fileno(), timeout=timeout)
        else:
            raise OperationalError(f"bad state from poll: {state}")
