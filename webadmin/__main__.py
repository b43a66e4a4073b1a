"""`python -m webadmin` serves the portal with gunicorn; `python -m webadmin create-ops EMAIL`
creates a platform operator's account (password read from VAXEL_OPS_PASSWORD or asked)."""
from __future__ import annotations

import argparse
import getpass
import os

from gunicorn.app.base import BaseApplication

from vaxel.config import MissingSecret, Settings, require_secret
from vaxel.logsetup import configure

from . import create_app


class _Server(BaseApplication):
    def __init__(self, settings: Settings, workers: int, threads: int = 64) -> None:
        self.settings = settings
        self._workers = workers
        self._threads = threads
        super().__init__()

    def load_config(self) -> None:
        host, port = self.settings.webadmin_listen
        self.cfg.set("bind", f"{host}:{port}")
        # Threads, not gevent: the portal does short blocking SQL and needs no monkey-patching.
        self.cfg.set("worker_class", "gthread")
        self.cfg.set("workers", self._workers)
        # Each open app's push stream (/app/events, one per tab) holds a thread while open.
        self.cfg.set("threads", self._threads)
        self.cfg.set("timeout", 30)

    def load(self):
        return create_app(self.settings)


def _create_ops(settings: Settings, email: str) -> None:
    from vaxel.accounts.services import create_ops_account
    from vaxel.db import make_engine, make_session_factory, resolve_database_url

    password = os.environ.get("VAXEL_OPS_PASSWORD") or getpass.getpass("Password: ")
    factory = make_session_factory(make_engine(
        resolve_database_url(settings.database_url, settings.data_dir)))
    with factory() as session, session.begin():
        account = create_ops_account(session, email, password)
    print(f"ops account {account.email} created")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m webadmin")
    parser.add_argument("command", nargs="?", default="serve", choices=("serve", "create-ops"))
    parser.add_argument("email", nargs="?")
    parser.add_argument("--workers", type=int, default=2)
    # Each open app's push stream holds a thread (58 KiB each, BENCHMARKS.md): 4 would let
    # eight open apps starve the portal.
    parser.add_argument("--threads", type=int, default=64,
                        help="per worker; each open app's push stream holds one")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    configure(settings.log_level, settings.log_format)
    if args.command == "create-ops":
        if not args.email:
            parser.error("create-ops needs an e-mail address")
        _create_ops(settings, args.email)
        return
    try:
        require_secret("VAXEL_SECRET_KEY", settings.secret_key)
    except MissingSecret as exc:
        parser.exit(2, f"webadmin: {exc}\n")
    _Server(settings, args.workers, args.threads).run()


if __name__ == "__main__":
    main()
