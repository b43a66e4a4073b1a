"""The portal as production runs it (`python -m webadmin`, gunicorn) for the benchmarks."""
from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

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
