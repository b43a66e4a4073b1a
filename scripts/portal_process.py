"""The portal as production runs it (`python -m webadmin`, gunicorn) for the benchmarks."""
from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar

T = TypeVar("T")

REPO = Path(__file__).resolve().parent.parent


def start_portal(url: str, port: int, arguments: list[str],
                 env: dict[str, str] | None = None) -> subprocess.Popen:
    """`python -m webadmin <arguments>` on 127.0.0.1:`port` over the database at `url`,
    once it accepts connections; `env` adds VAXEL_* settings."""
    full_env = {**os.environ, "DATABASE_URL": url, "VAXEL_SECRET_KEY": secrets.token_urlsafe(32),
                "VAXEL_WEBADMIN_LISTEN": f"127.0.0.1:{port}", "VAXEL_LOG_LEVEL": "WARNING",
                **(env or {})}
    process = subprocess.Popen([sys.executable, "-m", "webadmin", *arguments], env=full_env,
                               cwd=REPO)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the portal did not start")


def stop_portal(process: subprocess.Popen, timeout: float = 30) -> None:
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


@contextmanager
def portal_on_a_throw_away_database(prepare: Callable[[str], T], workers: int,
                                    env: dict[str, str] | None = None
                                    ) -> Iterator[tuple[T, int, subprocess.Popen]]:
    """A database of its own on $DATABASE_URL's server, filled by `prepare(url)`, and the
    portal over it with `workers` processes: (what prepare gave, port, the portal);
    both gone afterwards."""
    from tests import database

    base = os.environ["DATABASE_URL"]
    url = database.create_test_database(base)
    process = None
    try:
        prepared = prepare(url)
        port = 19000 + secrets.randbelow(1000)
        process = start_portal(url, port, ["--workers", str(workers)], env)
        yield prepared, port, process
    finally:
        if process is not None:
            stop_portal(process)
        database.drop_test_database(base, url)
