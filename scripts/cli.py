"""The operators' command line: `python -m scripts.cli COMMAND`.

migrate, demo, serve-xmlcurl, serve-controller, serve-webadmin, and run (everything,
supervised). The database is DATABASE_URL, or the embedded PostgreSQL under VAXEL_DATA_DIR.
"""
from __future__ import annotations

import logging
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Mapping

import click

from vaxel.config import REPO_ROOT, Settings
from vaxel.logsetup import configure

log = logging.getLogger("scripts.cli")

# (package, what it is), started by `run` when the package has a __main__.py.
SERVICES = (("xml_curl", "directory and dialplan lookups"),
            ("fs_control", "call controller"),
            ("webadmin", "admin portal"))
STOP_TIMEOUT = 10.0
# The services refuse to start without these (vaxel.config.require_secret); `run`, the local
# all-in-one, makes up the missing ones once and keeps them under the data folder.
LOCAL_SECRETS = ("VAXEL_SECRET_KEY", "VAXEL_XMLCURL_PASSWORD")
LOCAL_SECRETS_FILE = "local-secrets.env"


def _database_url(settings: Settings) -> str:
    from vaxel.db import resolve_database_url
    return resolve_database_url(settings.database_url, settings.data_dir)


@click.group()
def cli() -> None:
    """Växel operations."""
    settings = Settings.from_env()
    configure(settings.log_level, settings.log_format)


@cli.command()
def migrate() -> None:
    """Bring the database schema up to date (all Alembic heads)."""
    from vaxel.schema import upgrade
    upgrade(_database_url(Settings.from_env()))
    click.echo("database schema is up to date")


@cli.command()
@click.option("--domain", default="demo.vaxel.local", show_default=True,
              help="SIP domain of the demo company.")
def demo(domain: str) -> None:
    """Create the demo company and print its SIP passwords (shown only this once)."""
    from sqlalchemy import select

    from vaxel.db import make_engine, make_session_factory
    from vaxel.demo import load_demo
    from vaxel.models import Company
    from vaxel.tenancy.services import normalise_sip_domain

    engine = make_engine(_database_url(Settings.from_env()))
    with make_session_factory(engine)() as session:
        if session.scalar(select(Company.id).where(Company.sip_domain == normalise_sip_domain(domain))):
            click.echo(f"a company with the SIP domain {domain} exists already; nothing changed "
                       "(its passwords were shown when it was created)")
            return
        company = load_demo(session, domain)
        session.commit()
    click.echo(f"demo company created in SIP domain {company.domain}; SIP passwords:")
    for extension, password in company.passwords.items():
        click.echo(f"  {extension}  {password}")


@cli.command("serve-xmlcurl")
@click.option("--workers", type=int, default=None, help="gunicorn workers (default 3).")
@click.option("--worker-class", default=None, help="gunicorn worker class (default gevent).")
def serve_xmlcurl(workers: int | None, worker_class: str | None) -> None:
    """Serve FreeSWITCH's mod_xml_curl requests on VAXEL_XMLCURL_LISTEN."""
    from xml_curl.server import serve
    serve(Settings.from_env(), workers, worker_class)


@cli.command("serve-controller")
def serve_controller() -> None:
    """Run the Event Socket call controller (fs_control)."""
    _exec_module("fs_control")


@cli.command("serve-webadmin")
def serve_webadmin() -> None:
    """Run the admin portal and API (webadmin)."""
    _exec_module("webadmin")


def _has_main(package: str) -> bool:
    return (REPO_ROOT / package / "__main__.py").is_file()


def _exec_module(package: str) -> None:
    if not _has_main(package):
        raise click.ClickException(f"{package} cannot be run yet (it has no __main__.py)")
    os.execv(sys.executable, [sys.executable, "-m", package])


@cli.command()
@click.option("--skip", multiple=True, type=click.Choice([p for p, _ in SERVICES]),
              help="Do not start this service (repeatable).")
def run(skip: tuple[str, ...]) -> None:
    """Migrate, then run every service that exists; if one stops, stop all."""
    settings = Settings.from_env()
    url = _database_url(settings)
    from vaxel.schema import upgrade
    upgrade(url)
    # Children get the resolved URL, so they share one (embedded) server.
    env = {**os.environ, **local_secrets(settings.data_dir, os.environ), "DATABASE_URL": url}
    children = _start_services(env, set(skip))
    code = _supervise(children)
    _stop_all(children)
    sys.exit(code)


def _read_env_file(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {name.strip(): value.strip() for name, value in pairs}


def local_secrets(data_dir: Path, env: Mapping[str, str]) -> dict[str, str]:
    """The secrets `env` lacks, from DATA_DIR/local-secrets.env, generated (and written
    there, readable by this user only) the first time: sessions then survive a restart,
    and `set -a; . var/local-secrets.env` gives FreeSWITCH's renderer the same password."""
    path = data_dir / LOCAL_SECRETS_FILE
    kept = _read_env_file(path)
    missing = [name for name in LOCAL_SECRETS if not env.get(name) and not kept.get(name)]
    if missing:
        kept.update({name: secrets.token_urlsafe(32) for name in missing})
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.writelines(f"{name}={value}\n" for name, value in kept.items())
        log.warning("generated %s for local use in %s; production sets them itself",
                    ", ".join(missing), path)
    return {name: kept[name] for name in LOCAL_SECRETS if not env.get(name)}


def _start_services(env: dict, skip: set[str]) -> dict[str, subprocess.Popen]:
    children = {}
    for package, what in SERVICES:
        if package in skip:
            continue
        if not _has_main(package):
            log.info("%s (%s) has no __main__.py yet; not started", package, what)
            continue
        children[package] = subprocess.Popen([sys.executable, "-m", package], cwd=REPO_ROOT,
                                             env=env)
        log.info("started %s (%s), pid %s", package, what, children[package].pid)
    return children


def _supervise(children: dict[str, subprocess.Popen]) -> int:
    """Wait until a child exits (→ failure) or we are told to stop (Ctrl-C, SIGTERM → 0)."""
    if not children:
        log.error("no service to run")
        return 1
    stopping: list[int] = []
    # Our own handlers, not KeyboardInterrupt: a shell may start us with SIGINT ignored.
    previous = {signum: signal.signal(signum, lambda num, _frame: stopping.append(num))
                for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        return _wait_for_exit(children, stopping)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _wait_for_exit(children: dict[str, subprocess.Popen], stopping: list[int]) -> int:
    while not stopping:
        for package, child in children.items():
            if child.poll() is not None and not stopping:
                log.error("%s stopped (exit %s); stopping everything", package, child.returncode)
                return child.returncode or 1
        time.sleep(0.2)
    log.info("signal %s: stopping everything", stopping[0])
    return 0


def _stop_all(children: dict[str, subprocess.Popen]) -> None:
    for child in children.values():
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + STOP_TIMEOUT
    for package, child in children.items():
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            log.warning("%s did not stop in %ss; killing it", package, STOP_TIMEOUT)
            child.kill()
            child.wait(timeout=STOP_TIMEOUT)


if __name__ == "__main__":
    cli()
