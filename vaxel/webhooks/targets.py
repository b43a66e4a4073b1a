"""Server-side request forgery guard: which webhook, directory and calendar addresses we may
call. Pure decisions on already-resolved addresses; resolving is the caller's (http.py)."""
from __future__ import annotations

import ipaddress
from typing import Iterable
from urllib.parse import urlsplit

from ..errors import InvalidInput

ALLOWED_SCHEMES = ("https", "http")


class UnsafeTarget(InvalidInput):
    error_id = "unsafe-target"


def parse_target(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of a URL we might call; UnsafeTarget for anything else."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise UnsafeTarget("The address is not a valid URL.") from exc
    if parts.scheme not in ALLOWED_SCHEMES or not parts.hostname:
        raise UnsafeTarget("The address must be an http(s) URL with a host name.")
    if parts.username or parts.password:
        raise UnsafeTarget("Put credentials in a header, not in the address.")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80)


def is_internal(address: str) -> bool:
    """Loopback, private, link-local (cloud metadata), multicast, reserved or unspecified."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast
            or ip.is_reserved or ip.is_unspecified or not ip.is_global)


def check_addresses(host: str, addresses: Iterable[str], allow_private: bool) -> None:
    """Refuse a host that resolves to nothing, or to any internal address (unless ops allow)."""
    found = list(addresses)
    if not found:
        raise UnsafeTarget(f"The host {host} does not resolve.")
    if not allow_private and any(is_internal(a) for a in found):
        raise UnsafeTarget(f"The host {host} is an internal address; it may not be called.")
