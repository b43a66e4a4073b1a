"""Running the xml_curl app in production: gunicorn with gevent workers."""
from __future__ import annotations

import logging
import os

from gunicorn.app.base import BaseApplication

from vaxel.config import Settings, require_secret

log = logging.getLogger(__name__)

# Measured best on the 2-core reference machine (BENCHMARKS.md).
DEFAULT_WORKERS = 3
DEFAULT_WORKER_CLASS = "gevent"


def _post_worker_init(worker) -> None:
    if worker.cfg.worker_class_str == "gevent":
        from vaxel.infra.green import make_psycopg2_green
        make_psycopg2_green()


class XmlCurlServer(BaseApplication):
    """gunicorn configured from Växel's settings; each worker builds its own app (no
    preload), so no database connection is shared across a fork."""

    def __init__(self, settings: Settings, options: dict):
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from .app import create_app
        return create_app(self.settings)


def server_options(settings: Settings, workers: int | None = None,
                   worker_class: str | None = None) -> dict:
    host, port = settings.xmlcurl_listen
    return {
        "bind": f"{host}:{port}",
        # WEB_CONCURRENCY is gunicorn's own convention for the worker count.
        "workers": workers or int(os.environ.get("WEB_CONCURRENCY") or DEFAULT_WORKERS),
        "worker_class": worker_class or DEFAULT_WORKER_CLASS,
        "worker_connections": 1000,
        "threads": 4 if worker_class == "gthread" else 1,
        "backlog": 2048,
        "timeout": 30,
        "graceful_timeout": 5,
        "keepalive": 2,
        "accesslog": None,
        "loglevel": settings.log_level.lower(),
        "post_worker_init": _post_worker_init,
        "proc_name": "vaxel-xmlcurl",
    }


def serve(settings: Settings | None = None, workers: int | None = None,
          worker_class: str | None = None) -> None:
    """Serve until stopped (SIGTERM/SIGINT)."""
    settings = settings or Settings.from_env()
    # Refused here, before any worker starts, with one clear message.
    require_secret("VAXEL_XMLCURL_PASSWORD", settings.xmlcurl_password)
    options = server_options(settings, workers, worker_class)
    log.info("xml_curl listening on %s (%s × %s)", options["bind"], options["workers"],
             options["worker_class"])
    XmlCurlServer(settings, options).run()
