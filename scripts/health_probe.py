"""`scripts/healthcheck`: one command that checks every Växel service and FreeSWITCH.

Reads the same VAXEL_* environment as the services (e.g. `set -a; . /etc/vaxel/env`).
Prints one line per check and exits 0 when all are healthy, 1 otherwise — fit for cron,
a load balancer's probe or a monitoring agent. Every check has a timeout.
"""
from __future__ import annotations

import json
import socket
import sys
import urllib.error
import urllib.request
from typing import Callable

from vaxel.config import Settings

TIMEOUT = 5.0


def http_health(host: str, port: int) -> tuple[bool, str]:
    host = "127.0.0.1" if host in ("0.0.0.0", "") else host
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/healthz", timeout=TIMEOUT) as r:
            body = json.loads(r.read().decode() or "{}")
            return bool(body.get("ok")), _summary(body)
    except urllib.error.HTTPError as exc:
        return False, "HTTP %s %s" % (exc.code, exc.read(300).decode(errors="replace"))
    except (OSError, ValueError) as exc:
        return False, str(exc)


def _summary(body: dict) -> str:
    parts = ["database %s" % ("ok" if body.get("database", {}).get("ok") else "DOWN")]
    if "freeswitch" in body:
        parts.append("freeswitch %s" % ("connected" if body["freeswitch"]["connected"] else "DOWN"))
        parts.append("live calls %s" % body.get("live_calls"))
        waiting = sum(b.get("waiting", 0) for b in body.get("backlog", {}).values())
        parts.append("event backlog %s" % waiting)
    return ", ".join(parts)


def freeswitch_status(host: str, port: int, password: str) -> tuple[bool, str]:
    """Log in to the Event Socket and run `api status`."""
    try:
        with socket.create_connection((host, port), timeout=TIMEOUT) as sock:
            stream = sock.makefile("rb")
            _read_frame(stream)  # auth/request
            sock.sendall(b"auth %s\n\n" % password.encode())
            if "+OK" not in _read_frame(stream)[0].get("Reply-Text", ""):
                return False, "Event Socket refused the password"
            sock.sendall(b"api status\n\n")
            body = _read_frame(stream)[1]
            sock.sendall(b"exit\n\n")
    except OSError as exc:
        return False, str(exc)
    first = body.splitlines()[0] if body else "no answer"
    return body.startswith("UP"), first


def _read_frame(stream) -> tuple[dict, str]:
    headers = {}
    while (line := stream.readline().decode().rstrip("\n")) != "":
        key, _, value = line.partition(": ")
        headers[key] = value
    length = int(headers.get("Content-Length", "0"))
    return headers, stream.read(length).decode(errors="replace") if length else ""


def checks(settings: Settings) -> list[tuple[str, Callable[[], tuple[bool, str]]]]:
    return [
        ("freeswitch", lambda: freeswitch_status(*settings.esl_address, settings.esl_password)),
        ("xml_curl", lambda: http_health(*settings.xmlcurl_listen)),
        ("controller", lambda: http_health(*settings.metrics_listen)),
        ("webadmin", lambda: http_health(*settings.webadmin_listen)),
    ]


def main() -> int:
    healthy = True
    for name, check in checks(Settings.from_env()):
        ok, detail = check()
        healthy &= ok
        print("%-10s %s  %s" % (name, "OK  " if ok else "FAIL", detail))
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
