"""The Flask application factory for the xml_curl service."""
from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy.orm import Session, sessionmaker

from vaxel.config import Settings
from vaxel.db import make_engine, make_session_factory, resolve_database_url

from . import db, views

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None,
               session_factory: sessionmaker[Session] | None = None) -> Flask:
    """Build the app; without a session factory one is made from settings (the engine
    connects lazily, on the first request that needs the database)."""
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config["VAXEL_SETTINGS"] = settings
    if session_factory is None:
        url = resolve_database_url(settings.database_url, settings.data_dir)
        session_factory = make_session_factory(make_engine(url))
    db.init_app(app, session_factory)
    app.register_blueprint(views.bp)
    return app
