"""The operators' command line: `python -m scripts.cli COMMAND`.

migrate, demo, serve-xmlcurl, serve-controller, serve-webadmin, and run (FreeSWITCH and
everything else, supervised). The database is DATABASE_URL, or the embedded PostgreSQL
under VAXEL_DATA_DIR, which stops when the command that started it ends.
"""
from __future__ import annotations

import logging
import os
import sys

import click

from scripts import freeswitch_run, local_setup, welcome
from scripts.render_freeswitch_conf import ConfError
from vaxel.config import REPO_ROOT, Settings
from vaxel.logsetup import configure

log = logging.getLogger("scripts.cli")

# (package, what it is), started by `run` when the package has a __main__.py.
SERVICES = (("xml_curl", "directory and dialplan lookups"),
            ("fs_control", "call controller"),
            ("webadmin", "admin portal"))
START_TIMEOUT = 180.0  # each of xml_curl, FreeSWITCH and the portal, until it listens (a
# loaded 2-core machine takes over a minute to import the portal)


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
@click.option("--skip", multiple=True, type=click.Choice([p for p, _ in SERVICES] + ["freeswitch"]),
              help="Do not start this service (repeatable).")
def run(skip: tuple[str, ...]) -> None:
    """Migrate, then run FreeSWITCH (when installed) and every service; if one stops,
    stop all. The first run on an empty database creates the demo company and an
    operator log-in, and prints how to log in and register a softphone."""
    from scripts.supervisor import Stopped, Supervisor

    settings = Settings.from_env()
    try:
        lock = local_setup.hold_run_lock(settings.data_dir)  # noqa: F841 (held until exit)
    except local_setup.AlreadyRunning as exc:
        raise click.ClickException(str(exc)) from exc
    env = local_setup.run_environment(os.environ, settings.data_dir)
    binary = None if "freeswitch" in skip else freeswitch_run.freeswitch_binary(env)
    if binary:
        env = local_setup.freeswitch_environment(env, settings.data_dir)
    settings = Settings.from_env(env)
    env["DATABASE_URL"] = _database_url(settings)  # children share one (embedded) server
    from vaxel.schema import upgrade
    upgrade(env["DATABASE_URL"])
    sip_address = env.get("VAXEL_EXTERNAL_IP") or env["VAXEL_SIP_IP"]
    with Supervisor() as supervisor:
        try:
            _start_all(supervisor, settings, env, set(skip), binary)
        except ConfError as exc:
            raise click.ClickException(f"cannot configure FreeSWITCH: {exc}") from exc
        except Stopped as why:
            log.error("start-up failed: %s; stopping everything", why)
            sys.exit(0 if supervisor.stopping else 1)
        # Only once all is up: a failed start must not use up the one showing of passwords.
        first = welcome.set_up_if_empty(env["DATABASE_URL"], sip_address)
        click.echo(welcome.welcome_text(settings, first, sip_address, binary,
                                        freeswitch_run.HOW_TO_GET_IT))
        code = supervisor.wait()
    sys.exit(code)


def _start_all(supervisor, settings: Settings, env: dict, skip: set[str],
               binary: str | None) -> None:
    """xml_curl first (FreeSWITCH asks it for gateways as it starts), then FreeSWITCH,
    then the controller and the portal; each waited for until it listens."""
    listening = {"xml_curl": settings.xmlcurl_listen, "webadmin": settings.webadmin_listen}
    for package, what in SERVICES:
        if package == "fs_control" and binary:
            _start_freeswitch(supervisor, settings, env, binary)
        if package in skip or not _has_main(package):
            log.info("%s (%s) not started", package, what)
            continue
        supervisor.start(package, [sys.executable, "-m", package], env, REPO_ROOT)
        if package in listening:
            supervisor.wait_for_port(package, listening[package], START_TIMEOUT)
    if not binary:
        log.warning("no FreeSWITCH binary: calls need FreeSWITCH; %s", freeswitch_run.HOW_TO_GET_IT)


def _start_freeswitch(supervisor, settings: Settings, env: dict, binary: str) -> None:
    """FreeSWITCH on a run folder under the data folder; its console output goes to
    log/console.out there (its log proper: log/freeswitch.log)."""
    root = settings.data_dir / local_setup.FREESWITCH_DIR
    freeswitch_run.prepare_run_dir(root, env)
    with open(root / "log" / "console.out", "ab") as out:
        supervisor.start("freeswitch", freeswitch_run.freeswitch_command(binary, root), env,
                         root, stdout=out)
    supervisor.wait_for_port("freeswitch", settings.esl_address, START_TIMEOUT)


if __name__ == "__main__":
    cli()
