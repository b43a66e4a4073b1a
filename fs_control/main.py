"""`python -m fs_control`: run the call controller until SIGTERM/SIGINT."""
from __future__ import annotations

import logging
import signal

import gevent

from vaxel.infra.changes import ChangeListener, CompanyCache
from vaxel.config import Settings
from vaxel.logsetup import configure
from vaxel.db import make_engine, make_session_factory, resolve_database_url
from vaxel.infra.green import make_psycopg2_green

from .controller import follow_nodes
from .health import HealthServer
from .call_data import CachedCallData
from .registry import default_features

log = logging.getLogger(__name__)

# (pool size, overflow) of the controller's two engines. Writes go through batch writers and
# look-ups are mostly cached, so a few connections carry hundreds of calls a second; the
# old 30 + 30 and 20 + 20 could take all of a default PostgreSQL's 100 under load, with
# xml_curl's (docs/operations.md, "Database connections").
WRITE_POOL = (8, 8)
READ_POOL = (8, 4)


def read_engine(url: str):
    """Look-ups during calls only read: autocommit spares each one a BEGIN and a ROLLBACK,
    and no pre-ping spares another round trip (a dropped connection fails one look-up,
    which the call handler answers with an apology, and the pool is then refreshed)."""
    return make_engine(url, isolation_level="AUTOCOMMIT", pool_pre_ping=False,
                       pool_size=READ_POOL[0], max_overflow=READ_POOL[1])


def main() -> None:
    settings = Settings.from_env()
    configure(settings.log_level, settings.log_format)
    make_psycopg2_green()
    url = resolve_database_url(settings.database_url, settings.data_dir)
    session_factory = make_session_factory(make_engine(url, pool_size=WRITE_POOL[0],
                                                       max_overflow=WRITE_POOL[1]))
    cache = CompanyCache()
    changes = ChangeListener(url, [cache])
    changes.start()
    controllers = follow_nodes(settings, session_factory, default_features,
                               CachedCallData(make_session_factory(read_engine(url)), cache))
    health = HealthServer(settings.metrics_listen, controllers, session_factory,
                          settings.metrics_token).start()
    stopping = gevent.event.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        gevent.signal_handler(sig, stopping.set)
    stopping.wait()
    log.info("stopping the controller")
    health.stop()
    for controller in controllers:
        controller.stop()
    changes.stop()
