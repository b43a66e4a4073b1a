"""The client's address: the connecting peer, or what trusted reverse proxies say it was.

Behind a proxy every request comes from the proxy, so a per-address log-in limit would
become one limit for everybody. X-Forwarded-For is believed only hop by hop from the
right, and only while the hop that wrote it is a configured proxy (VAXEL_TRUSTED_PROXIES):
a client cannot pick its own address by sending the header itself.
"""
from __future__ import annotations

import ipaddress
from typing import Iterable

from flask import current_app, request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_proxies(text: str) -> tuple[Network, ...]:
    """"10.0.0.2, 10.1.0.0/16" → networks; ValueError names a bad entry."""
    networks = []
    for item in text.replace(",", " ").split():
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as exc:
            raise ValueError(f"VAXEL_TRUSTED_PROXIES: {item!r} is not an address or CIDR") from exc
    return tuple(networks)


def _trusted(address: str, proxies: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def client_of(peer: str, forwarded_for: str | None, proxies: tuple[Network, ...]) -> str:
    """The first hop, from the right, that is not a trusted proxy."""
    address = peer
    hops = [hop.strip() for hop in (forwarded_for or "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(address, proxies):
            break
        try:
            address = str(ipaddress.ip_address(hop))
        except ValueError:
            break  # a proxy passed on garbage: keep the last address we can vouch for
    return address


def client_address() -> str:
    proxies = current_app.config.get("VAXEL_TRUSTED_PROXIES", ())
    return client_of(request.remote_addr or "unknown",
                     request.headers.get("X-Forwarded-For"), proxies)
