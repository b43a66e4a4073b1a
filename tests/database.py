"""A throw-away PostgreSQL database for the test run.

With VAXEL_TEST_DATABASE_URL or DATABASE_URL set, a fresh database is created on that
server (and dropped afterwards); otherwise an embedded PostgreSQL (pgserver) is started in
a temporary folder, stopped and removed when the test run ends. Either way the schema
comes from the real Alembic migrations.
"""
from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from vaxel.infra import embedded_pg
from vaxel.db import make_engine
from vaxel.schema import upgrade


def server_url(embedded_dir: Path | None = None) -> str:
    """The server to create throw-away databases on. The embedded one lives in
    `embedded_dir`, or in a new temporary folder that is removed with the server when
    this process ends, however it ends (vaxel.infra.embedded_pg.Guard)."""
    url = os.environ.get("VAXEL_TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if url:
        return url
    if embedded_dir is not None:
        return embedded_pg.start(embedded_dir)
    return embedded_pg.start(Path(tempfile.mkdtemp(prefix="vaxel-test-pg-")), throw_away=True)


def create_test_database(base_url: str) -> str:
    name = f"vaxel_test_{uuid.uuid4().hex[:10]}"
    admin = make_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(base_url).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    return url


def drop_test_database(base_url: str, url: str) -> None:
    name = make_url(url).database
    admin = make_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
