"""The embedded PostgreSQL (pgserver) used when no DATABASE_URL is set, and its lifetime.

The rule: the process that started the server owns it and stops it when it ends —
however it ends. pgserver's own clean-up runs at interpreter exit only, so a test run
killed by a timeout or a `scripts/run` killed hard would leave a postgres behind (and
60 MB in /tmp). So the owner starts a small guardian process (`python -m
vaxel.infra.embedded_pg PGDATA`) holding the read end of a pipe: when the owner's end closes
— a normal exit, Ctrl-C, SIGTERM or SIGKILL alike — the guardian stops the server and,
for a throw-away server, removes its folder. A process that finds the server already
running (a second command against the same data folder) uses it and leaves it running.
"""
from __future__ import annotations

import argparse
import atexit
import logging
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

log = logging.getLogger(__name__)

STOP_TIMEOUT = 15.0
GUARD_TIMEOUT = 30.0
# PostgreSQL's default of 100 is too few for one machine running every service on it: the
# test suite's switches, xml_curl services, controllers and Kamailios (each of whose
# processes holds its own connection) at once, or scripts/run with a portal under load.
MAX_CONNECTIONS = 400


def server_pid(pgdata: Path) -> int | None:
    """The postmaster's pid if a server is running on `pgdata` (checked, not just read)."""
    import psutil

    try:
        pid = int((pgdata / "postmaster.pid").read_text().split("\n", 1)[0])
        process = psutil.Process(pid)
        running = process.name() == "postgres" and str(pgdata) in " ".join(process.cmdline())
    except (OSError, ValueError, psutil.Error):
        return None
    return pid if running else None


def stop_server(pgdata: Path, timeout: float = STOP_TIMEOUT) -> None:
    """Fast shutdown (SIGINT: sessions ended, data safe), then immediate, then kill."""
    pid = server_pid(pgdata)
    for signum in (signal.SIGINT, signal.SIGQUIT, signal.SIGKILL):
        if pid is None or not _signal_and_wait(pid, signum, timeout):
            return
        log.warning("embedded PostgreSQL %s still running after signal %s", pgdata, signum)


def _signal_and_wait(pid: int, signum: int, timeout: float) -> bool:
    """True when the process is still there after `timeout`."""
    import psutil

    try:
        process = psutil.Process(pid)
        process.send_signal(signum)
        process.wait(timeout)
    except psutil.NoSuchProcess:
        return False
    except psutil.TimeoutExpired:
        return True
    return False


class Guard:
    """The owner's side: stops the server (and removes `remove`) when this process ends."""

    def __init__(self, pgdata: Path, remove: Path | None = None):
        read_end, self._write_end = os.pipe()  # both non-inheritable: no child keeps it open
        command = [sys.executable, "-m", "vaxel.infra.embedded_pg", str(pgdata)]
        if remove is not None:
            command += ["--remove", str(remove)]
        # Its own session: Ctrl-C at the terminal and `timeout` signal our process group,
        # and the guardian must outlive us to clean up.
        self._process = subprocess.Popen(command, stdin=read_end, start_new_session=True,
                                         cwd=Path(__file__).resolve().parents[2])
        os.close(read_end)
        atexit.register(self.release)

    def release(self) -> None:
        """Stop the server now and wait for it (a normal exit needs no guardian)."""
        if self._write_end is None:
            return
        os.close(self._write_end)
        self._write_end = None
        try:
            self._process.wait(GUARD_TIMEOUT)
        except subprocess.TimeoutExpired:
            log.warning("the embedded PostgreSQL guardian is still stopping the server")


def start(data_dir: Path, *, throw_away: bool = False) -> str:
    """Start (or reuse) the embedded PostgreSQL under data_dir/pgdata and return its URL.

    If this call started it, it is stopped when this process ends; `throw_away` also
    removes data_dir then (a test run's temporary folder).
    """
    import pgserver  # imported late: only needed without DATABASE_URL

    pgdata = (data_dir / "pgdata").resolve()
    pgdata.mkdir(parents=True, exist_ok=True)
    running = server_pid(pgdata) is not None
    # cleanup_mode None: pgserver's exit-time clean-up counts users by pid and a killed
    # user blocks it for good; the Guard decides instead.
    server = pgserver.get_server(str(pgdata), cleanup_mode=None)
    if not running and _raise_connection_limit(server, pgdata):
        server = pgserver.get_server(str(pgdata), cleanup_mode=None)
    if running:
        log.info("embedded PostgreSQL at %s was running; using it and leaving it running", pgdata)
    else:
        Guard(pgdata, data_dir.resolve() if throw_away else None)
        log.info("embedded PostgreSQL started at %s; it stops when this process ends", pgdata)
    return server.get_uri().replace("postgresql://", "postgresql+psycopg2://", 1)


def _raise_connection_limit(server, pgdata: Path) -> bool:
    """Set MAX_CONNECTIONS on a server this process just started, once per data folder
    (postgresql.auto.conf keeps it); True when it was stopped for that and must be started
    again (the setting takes effect only at start)."""
    from pgserver.postgres_server import PostgresServer

    if f"max_connections = '{MAX_CONNECTIONS}'" in (pgdata / "postgresql.auto.conf").read_text():
        return False
    server.psql(f"ALTER SYSTEM SET max_connections = {MAX_CONNECTIONS};")
    stop_server(pgdata)
    PostgresServer._instances.pop(pgdata, None)  # pgserver's handle of the stopped server
    return True


def _guard_main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m vaxel.infra.embedded_pg")
    parser.add_argument("pgdata", type=Path)
    parser.add_argument("--remove", type=Path, default=None)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.stdin.buffer.read()  # returns at EOF: the owner closed its end or died
    stop_server(args.pgdata)
    if args.remove is not None:
        shutil.rmtree(args.remove, ignore_errors=True)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="vaxel.infra.embedded_pg: %(message)s")
    _guard_main(sys.argv[1:])
