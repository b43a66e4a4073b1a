"""Where the app's browser finds its way to the switch's media from behind NAT: STUN
addresses, and TURN relays with credentials that expire.

TURN credentials follow the "TURN REST API" convention coturn implements with
`use-auth-secret` / `static-auth-secret`: the user name is `<expiry unix time>:<who>` and
the password is base64(HMAC-SHA1(shared secret, user name)). The relay checks both with the
secret it shares with us and refuses the name once its time has passed, so the browser
only ever holds a credential that dies with its SIP one, and we store nothing per user.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass

ICE_POLICIES = ("all", "relay")
# What a STUN/TURN address may look like (RFC 7064/7065): scheme, host, optional port and
# transport; anything else in the settings is refused when the settings are read.
ICE_URL = re.compile(r"^(stun|stuns|turn|turns):[A-Za-z0-9.\-\[\]:]+(\?transport=(udp|tcp))?\Z")


@dataclass(frozen=True)
class RelaySettings:
    stun_urls: tuple[str, ...] = ()
    turn_urls: tuple[str, ...] = ()
    turn_secret: str = ""
    policy: str = "all"  # "relay": the browser sends media through TURN only


def ice_urls(value: str) -> tuple[str, ...]:
    """Comma- or space-separated STUN/TURN addresses; a malformed one is an error."""
    urls = tuple(u for u in re.split(r"[,\s]+", value.strip()) if u)
    bad = [u for u in urls if not ICE_URL.match(u)]
    if bad:
        raise ValueError(f"not a STUN/TURN address: {bad[0]!r}")
    return urls


def turn_credential(secret: str, who: str, expires_at: dt.datetime) -> tuple[str, str]:
    """(user name, password) for a TURN relay sharing `secret`, valid until `expires_at`."""
    username = f"{int(expires_at.timestamp())}:{who}"
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return username, base64.b64encode(digest).decode()


def ice_servers(relay: RelaySettings, who: str, expires_at: dt.datetime) -> list[dict]:
    """The browser's RTCPeerConnection iceServers for one credential's lifetime."""
    servers: list[dict] = []
    if relay.stun_urls:
        servers.append({"urls": list(relay.stun_urls)})
    if relay.turn_urls and relay.turn_secret:
        username, password = turn_credential(relay.turn_secret, who, expires_at)
        servers.append({"urls": list(relay.turn_urls), "username": username,
                        "credential": password})
    return servers


def usable_policy(relay: RelaySettings) -> str:
    """Relay-only needs a relay to go through; without one it would mean no media at all."""
    return "relay" if relay.policy == "relay" and any(
        _is_turn(u) for u in relay.turn_urls) and relay.turn_secret else "all"


def _is_turn(url: str) -> bool:
    return url.startswith(("turn:", "turns:"))

