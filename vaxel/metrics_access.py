"""Who may read /metrics (xml_curl, the controller).

Metrics tell how busy each company is, how many calls are live and which addresses are
banned: not for everyone who can reach the port. With VAXEL_METRICS_TOKEN set, a scraper
must send `Authorization: Bearer <token>` (from anywhere); without it, only the machine
itself (a loopback peer) may read them.
"""
from __future__ import annotations

import hmac
import ipaddress


def may_read_metrics(peer: str | None, authorization: str | None, token: str) -> bool:
    if token:
        kind, _, sent = (authorization or "").partition(" ")
        return kind.lower() == "bearer" and hmac.compare_digest(sent.strip().encode(),
                                                                 token.encode())
    try:
        return ipaddress.ip_address(peer or "").is_loopback
    except ValueError:
        return False
