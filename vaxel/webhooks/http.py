"""The one module that makes outbound HTTP requests for integrations: webhook deliveries,
the caller look-up directory, calendar feeds and the statistics stream.

Every request: the target checked against server-side request forgery (targets.py), a
timeout, no redirects followed (a redirect could lead inward), and a capped response size.
It lives in the shared package so the controller and the portal both reach it without
importing each other.
"""
from __future__ import annotations

import socket
from dataclasses import dataclass
from typing import Mapping

import requests

from .targets import UnsafeTarget, check_addresses, parse_target

USER_AGENT = "Vaxel-Integrations/1"
MAX_BODY = 2 * 1024 * 1024


@dataclass(frozen=True)
class HttpPolicy:
    timeout: float = 5.0
    # Ops may allow internal addresses (a CRM on the same private network).
    allow_private: bool = False


class HttpFailure(Exception):
    """The request could not be made or answered (refused target, network, timeout)."""


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
            headers: Mapping[str, str] | None = None) -> requests.Response:
    """Make one checked request; HttpFailure when it is refused or cannot complete."""
    try:
        check_url(url, policy)
    except UnsafeTarget as exc:
        raise HttpFailure(exc.message) from exc
    sent = {"User-Agent": USER_AGENT, **(headers or {})}
    try:
        response = requests.request(method, url, data=body, headers=sent, timeout=policy.timeout,
                                    allow_redirects=False, stream=True)
        response._content = response.raw.read(MAX_BODY + 1, decode_content=True)
    except requests.RequestException as exc:
        raise HttpFailure(f"{type(exc).__name__}: {exc}") from exc
    if len(response.content) > MAX_BODY:
        raise HttpFailure("the answer is too large")
    return response
