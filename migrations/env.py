"""Alembic environment: the URL comes from the caller (vaxel.schema) or from Växel's settings."""
from alembic import context
from sqlalchemy import pool

from vaxel.config import Settings
from vaxel.db import make_engine, resolve_database_url
from vaxel.models import Base

config = context.config


def _url() -> str:
    url = config.attributes.get("database_url")
    if url:
        return url
    settings = Settings.from_env()
    return resolve_database_url(settings.database_url, settings.data_dir)


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=Base.metadata)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=Base.metadata)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
