"""The Flask application factory for the xml_curl service."""
from __future__ import annotations

from flask import Flask
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from vaxel.config import Settings, require_secret
from vaxel.db import make_engine, make_session_factory, resolve_database_url

from . import db, health, views
from .auth import expected_header


# Per worker (3 by default). A look-up holds a connection for 1–3 ms, so a few serve a
# thousand a second; more only cost PostgreSQL a backend each. With 10 + 20 per worker a
# burst of registrations opened 90 connections at once, which on 2 cores took seconds
# (longer than FreeSWITCH's 4 s for an answer) and, with the controller's, passed
# PostgreSQL's default of 100 ("too many clients"). The whole budget: docs/operations.md.
POOL_SIZE, POOL_OVERFLOW = 4, 4
POOL_WAIT = 3.0  # below mod_xml_curl's 4 s: a look-up that cannot get a connection fails first


def lookup_engine(url: str) -> Engine:
    """An engine for read-only look-ups at one round trip each.

    Autocommit: no BEGIN/ROLLBACK around single SELECTs. No pre-ping: after a database
    restart a stale connection fails one look-up (answered "not found", and SQLAlchemy
    then discards the pool) instead of every look-up paying an extra round trip.
    """
    return make_engine(url, pool_pre_ping=False, isolation_level="AUTOCOMMIT",
                       pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, pool_timeout=POOL_WAIT)


def create_app(settings: Settings | None = None,
               session_factory: sessionmaker[Session] | None = None,
               cache_database_url: str | None = None) -> Flask:
    """Build the app; without a session factory one is made from settings (the engine
    connects lazily, on the first request that needs the database) and directory answers
    are cached until PostgreSQL reports a change. With a session factory, caching is on
    only when `cache_database_url` names the database to listen on."""
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config["VAXEL_SETTINGS"] = settings
    # FreeSWITCH must prove itself: never a placeholder anyone could read in the source.
    app.config["VAXEL_AUTH_HEADER"] = expected_header(
        settings.xmlcurl_user, require_secret("VAXEL_XMLCURL_PASSWORD", settings.xmlcurl_password))
    if session_factory is None:
        cache_database_url = resolve_database_url(settings.database_url, settings.data_dir)
        session_factory = make_session_factory(lookup_engine(cache_database_url))
    db.init_app(app, session_factory, cache_database_url)
    app.register_blueprint(views.bp)
    health.init_app(app)
    return app
