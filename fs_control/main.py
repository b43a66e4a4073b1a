"""`python -m fs_control`: run the call controller until SIGTERM/SIGINT."""
from __future__ import annotations

import logging
import signal

import gevent

from vaxel.config import Settings
from vaxel.db import make_engine, make_psycopg2_green, make_session_factory, resolve_database_url

from .controller import Controller
from .registry import default_features

log = logging.getLogger(__name__)


def main() -> None:
    settings = Settings.from_env()
    logging.basicConfig(level=settings.log_level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    make_psycopg2_green()
    engine = make_engine(resolve_database_url(settings.database_url, settings.data_dir),
                         pool_size=20, max_overflow=20)
    session_factory = make_session_factory(engine)
    controller = Controller(settings, session_factory, default_features)
    controller.start()
    stopping = gevent.event.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        gevent.signal_handler(sig, stopping.set)
    stopping.wait()
    log.info("stopping the controller")
    controller.stop()
