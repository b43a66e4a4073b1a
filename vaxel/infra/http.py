"""The one module that makes outbound HTTP requests for integrations: webhook deliveries,
the caller look-up directory, calendar feeds and the statistics stream.

Every request: the target checked against server-side request forgery (targets.py), no
redirects followed (a redirect could lead inward), a capped response size, and one
deadline for the whole exchange. A socket timeout is per read, so a server dripping a byte
every half second never trips it: a watchdog shuts the connection down when the deadline
passes, whatever the request is waiting for (connecting, headers, body). Every way an
exchange can fail — refused, unreachable, too slow, too large, cut short, malformed —
comes out as HttpFailure, so callers count it as an attempt.

It lives in the shared package so the controller and the portal both reach it without
importing each other. Under gevent (the controller) the watchdog is a greenlet.
"""
from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Mapping
from urllib.parse import urlsplit

import certifi
import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection

from ..webhooks.targets import UnsafeTarget, check_addresses, parse_target

USER_AGENT = "Vaxel-Integrations/1"
MAX_BODY = 2 * 1024 * 1024
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class HttpPolicy:
    # The whole exchange, from connecting to the last byte of the answer (seconds).
    timeout: float = 5.0
    # Ops may allow internal addresses (a CRM on the same private network).
    allow_private: bool = False
    max_body: int = MAX_BODY


class HttpFailure(Exception):
    """The request could not be made or answered (refused target, network, deadline,
    an answer too large, cut short or malformed)."""


@dataclass(frozen=True)
class HttpResponse:
    status_code: int
    content: bytes
    headers: Mapping[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        """The body as JSON; ValueError when it is not."""
        return json.loads(self.content)


def resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror:
        return []
    return [info[4][0] for info in infos]


def check_url(url: str, policy: HttpPolicy) -> None:
    """Raise UnsafeTarget for an address we must not call (used when a URL is saved, too)."""
    _, host, port = parse_target(url)
    check_addresses(host, resolve(host, port), policy.allow_private)


def request(method: str, url: str, policy: HttpPolicy, *, body: bytes | None = None,
            headers: Mapping[str, str] | None = None) -> HttpResponse:
    """Make one checked request; HttpFailure when it is refused or cannot complete in time."""
    try:
        check_url(url, policy)
    except UnsafeTarget as exc:
        raise HttpFailure(exc.message) from exc
    connection = _connection(url, policy.timeout)
    watchdog = _Watchdog(connection, policy.timeout)
    try:
        return _exchange(connection, method, url, policy, body,
                         {"User-Agent": USER_AGENT, **(headers or {})})
    except (OSError, urllib3.exceptions.HTTPError, http.client.HTTPException) as exc:
        if watchdog.fired:
            raise HttpFailure(f"Timeout: no complete answer within {policy.timeout:g} s") from exc
        raise HttpFailure(f"{type(exc).__name__}: {exc}") from exc
    finally:
        watchdog.cancel()
        connection.close()


def _connection(url: str, timeout: float) -> HTTPConnection:
    parts = urlsplit(url)
    if parts.scheme == "https":
        return HTTPSConnection(parts.hostname, parts.port or 443, timeout=timeout,
                               cert_reqs="CERT_REQUIRED", ca_certs=certifi.where())
    return HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)


def _exchange(connection: HTTPConnection, method: str, url: str, policy: HttpPolicy,
              body: bytes | None, headers: Mapping[str, str]) -> HttpResponse:
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection.request(method, target, body=body, headers=dict(headers), preload_content=False)
    answer = connection.getresponse()  # redirects are not followed: a 3xx is an answer
    content = bytearray()
    while chunk := answer.read(_CHUNK, decode_content=True):
        content += chunk
        if len(content) > policy.max_body:
            raise HttpFailure(f"the answer is larger than {policy.max_body} bytes")
    return HttpResponse(answer.status, bytes(content), dict(answer.headers))


class _Watchdog:
    """Shuts `connection`'s socket down once `seconds` have passed, ending any wait on it."""

    def __init__(self, connection: HTTPConnection, seconds: float):
        self.connection, self.fired = connection, False
        self.deadline = time.monotonic() + seconds
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        self.fired = True
        sock = self.connection.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:  # already closed: the request is over anyway
                pass

    def cancel(self) -> None:
        self._timer.cancel()
