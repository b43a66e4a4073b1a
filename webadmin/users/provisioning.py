"""What a new phone needs to register (server, user, domain, password) and the same as a
QR code a softphone can scan."""
from __future__ import annotations

import io
from dataclasses import dataclass

import segno

from vaxel.config import Settings

SIP_PORT = 5060  # the internal profile's, fixed in freeswitch-conf/vars.xml


@dataclass(frozen=True)
class Provisioning:
    server: str
    port: int
    user: str
    domain: str
    password: str | None  # None once it has been shown and the page was left

    @property
    def uri(self) -> str:
        """A SIP URI carrying everything (RFC 3261 user:password, the server as proxy)."""
        secret = f":{self.password}" if self.password else ""
        return f"sip:{self.user}{secret}@{self.domain};proxy={self.server}:{self.port}"


def sip_server(settings: Settings, domain: str) -> str:
    """Where phones register: the public address FreeSWITCH advertises, else the one it
    binds, else the company's SIP domain (when its DNS points at the switch)."""
    return settings.external_ip or settings.sip_ip or domain


def qr_svg(text: str) -> str:
    """An inline SVG QR code (no image file, nothing cached)."""
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=4, xmldecl=False, svgns=True,
                                     title="QR")
    return out.getvalue().decode()
