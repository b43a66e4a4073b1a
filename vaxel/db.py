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
    from .infra import embedded_pg
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

