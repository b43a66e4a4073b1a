"""Which Kamailio each phone registered through (scale-out with several Kamailios,
docs/scale-out.md): its Path, stored by Kamailio in kamailio_location. A call the switch
starts itself (click-to-call, a supervisor's listen-in) has no caller's Kamailio to ring the
phones back through, so each leg names the one its phone registered through: the first
listed one may be down. Empty on a single node (no rows)."""
from __future__ import annotations

import ipaddress
import re
from typing import Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session

# Kamailio writes our own "<sip:ADDRESS:PORT;lr>" (kamailio-conf, route[REGISTRAR]).
_PATH_HOST = re.compile(r"<sip:\[?([0-9A-Fa-f.:]+?)\]?(?::\d+)?(?:;[^>]*)?>")


def path_host(path: str | None) -> str | None:
    """The first hop's address of a Path, if it is an IP address (nothing else reaches a
    dial string)."""
    found = _PATH_HOST.match(path or "")
    if not found:
        return None
    try:
        return str(ipaddress.ip_address(found.group(1)))
    except ValueError:
        return None


def registered_through(session: Session, usernames: Iterable[str],
                       domain: str) -> dict[str, str]:
    """SIP user name → the address of the Kamailio its newest registration came through."""
    rows = session.execute(text(
        "SELECT username, path FROM kamailio_location WHERE username = ANY(:users) "
        "AND lower(domain) = lower(:domain) ORDER BY last_modified"),
        {"users": list(usernames), "domain": domain}).all()
    through = {}
    for username, path in rows:  # oldest first: the newest wins
        host = path_host(path)
        if host is not None:
            through[username] = host
    return through
