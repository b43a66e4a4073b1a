"""Render FreeSWITCH's site file, freeswitch-conf/vars.local.xml, from the VAXEL_* environment.

FreeSWITCH reads its passwords and addresses as pre-processor variables set in that file
(freeswitch-conf/vars.xml includes it last), plus the trunk ACL in trunks.local.xml and,
behind Kamailio (VAXEL_SIP_PROXY, docs/scale-out.md), the proxies ACL in proxies.local.xml. Both
are written mode 0600 and are git-ignored. Values are checked here, before FreeSWITCH
ever sees them: a weak or well-known password, a non-loopback Event Socket or a character
the pre-processor would mangle is refused with a message naming the variable.

    .venv/bin/python -m scripts.render_freeswitch_conf [CONF_DIR]
"""
from __future__ import annotations

import ipaddress
import os
import re
import sys
from pathlib import Path
from typing import Iterable, Mapping

from vaxel.config import REPO_ROOT, Settings

DEFAULT_CONF_DIR = REPO_ROOT / "freeswitch-conf"
VARS_FILE = "vars.local.xml"
TRUNKS_FILE = "trunks.local.xml"
PROXIES_FILE = "proxies.local.xml"

# The pre-processor copies `data` up to the next double quote and substitutes the value
# as raw text into XML attributes, so only characters that need no escaping are allowed;
# no `$` or `{` either, which FreeSWITCH would try to expand.
_SAFE_SECRET = re.compile(r"^[A-Za-z0-9._~+/=@%!*,^#-]{12,128}\Z")
_SAFE_USER = re.compile(r"^[A-Za-z0-9._-]{1,64}\Z")
_SAFE_PATH = re.compile(r"^/[A-Za-z0-9._/-]*\Z")
# Vendor defaults, our own placeholders and the passwords of the capture host.
_KNOWN_PASSWORDS = {"cluecon", "1234", "change-me-esl", "change-me-xmlcurl",
                    "capture-secret", "xmlcurl-secret", "freeswitch", "password"}


class ConfError(ValueError):
    """An environment value FreeSWITCH must not be started with."""


def _secret(name: str, value: str) -> str:
    if value.lower() in _KNOWN_PASSWORDS:
        raise ConfError(f"{name} is a default or published password; set a real one.")
    if not _SAFE_SECRET.match(value):
        raise ConfError(f"{name} must be 12-128 characters of A-Z a-z 0-9 . _ ~ + / = @ % ! * , ^ # -")
    return value


def _ip(name: str, value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    try:
        return ipaddress.ip_address("127.0.0.1" if value == "localhost" else value)
    except ValueError as exc:
        raise ConfError(f"{name} must hold an IP address, got {value!r}") from exc


def _url_host(host: str) -> str:
    """The address FreeSWITCH should dial for a service listening on `host`."""
    ip = _ip("VAXEL_XMLCURL_LISTEN", host)
    if ip.is_unspecified:
        return "127.0.0.1" if ip.version == 4 else "[::1]"
    return f"[{ip}]" if ip.version == 6 else str(ip)


def trunk_networks(raw: str) -> list[str]:
    """VAXEL_TRUNK_ADDRESSES: addresses or CIDRs separated by commas or spaces."""
    networks = []
    for item in filter(None, re.split(r"[,\s]+", raw)):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError as exc:
            raise ConfError(f"VAXEL_TRUNK_ADDRESSES: {item!r} is not an address or CIDR") from exc
    return networks


def conf_values(settings: Settings) -> dict[str, str]:
    """The pre-processor variables for vars.local.xml, checked."""
    esl_host, esl_port = settings.esl_address
    if not _ip("VAXEL_ESL_ADDRESS", esl_host).is_loopback:
        raise ConfError("VAXEL_ESL_ADDRESS must be a loopback address; the Event Socket "
                        "must not be reachable from the network.")
    if not _SAFE_USER.match(settings.xmlcurl_user):
        raise ConfError("VAXEL_XMLCURL_USER must be letters, digits, . _ or - (no colon).")
    xml_host, xml_port = settings.xmlcurl_listen
    values = {
        "vaxel_esl_ip": str(_ip("VAXEL_ESL_ADDRESS", esl_host)),
        "vaxel_esl_port": str(esl_port),
        "vaxel_esl_password": _secret("VAXEL_ESL_PASSWORD", settings.esl_password),
        "vaxel_xmlcurl_url": f"http://{_url_host(xml_host)}:{xml_port}/fs",
        "vaxel_xmlcurl_credentials": settings.xmlcurl_user + ":"
        + _secret("VAXEL_XMLCURL_PASSWORD", settings.xmlcurl_password),
    }
    return values | _site_values(settings)


def _site_values(settings: Settings) -> dict[str, str]:
    """Settings only FreeSWITCH uses; each is optional (vars.xml has the default)."""
    values = {}
    for name, var, value in (("VAXEL_SIP_IP", "vaxel_sip_ip", settings.sip_ip),
                             ("VAXEL_EXTERNAL_IP", "vaxel_external_ip", settings.external_ip)):
        if value:
            values[var] = str(_ip(name, value))
    if "vaxel_sip_ip" in values and "vaxel_external_ip" not in values:
        values["vaxel_external_ip"] = values["vaxel_sip_ip"]
    values |= _websocket_values(settings)
    if settings.sip_proxies:
        # Behind Kamailio (docs/scale-out.md): phones register there, not here; a call to
        # a phone goes through the Kamailio its call came through, or else the first.
        first = proxy_addresses(settings)[0]
        values["vaxel_disable_register"] = "true"
        values["vaxel_proxy"] = f"[{first}]" if first.version == 6 else str(first)
    if settings.moh_dir:
        if not _SAFE_PATH.match(settings.moh_dir):
            raise ConfError("VAXEL_MOH_DIR must be an absolute path of plain characters.")
        values["vaxel_moh_dir"] = settings.moh_dir
    return values


def _websocket_values(settings: Settings) -> dict[str, str]:
    """The internal profile's SIP-over-WebSocket bindings (the app's softphone): ws on
    VAXEL_SIP_WS_LISTEN, wss on VAXEL_SIP_WSS_LISTEN or port 7443 of the SIP address."""
    ws_host, ws_port = settings.sip_ws_listen
    values = {"vaxel_ws_binding": f"{_ip('VAXEL_SIP_WS_LISTEN', ws_host)}:{ws_port}"}
    if settings.sip_wss_listen:
        host, port = settings.sip_wss_listen
        values["vaxel_wss_binding"] = f"{_ip('VAXEL_SIP_WSS_LISTEN', host)}:{port}"
    elif settings.sip_ip:
        values["vaxel_wss_binding"] = f"{_ip('VAXEL_SIP_IP', settings.sip_ip)}:7443"
    return values


def vars_document(values: Mapping[str, str]) -> str:
    lines = ["<include>",
             "  <!-- Rendered by scripts/render_freeswitch_conf.py; do not edit or commit. -->"]
    lines += [f'  <X-PRE-PROCESS cmd="set" data="{name}={value}"/>' for name, value in values.items()]
    return "\n".join(lines + ["</include>", ""])


def proxy_addresses(settings: Settings) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """VAXEL_SIP_PROXY: the Kamailios in front of this node (none on a single node)."""
    return [_ip("VAXEL_SIP_PROXY", proxy) for proxy in settings.sip_proxies]


def proxy_networks(settings: Settings) -> list[str]:
    """The SIP proxies (Kamailio) in front of this node, if any, as ACL networks."""
    return [f"{ip}/{ip.max_prefixlen}" for ip in proxy_addresses(settings)]


def trunks_document(networks: Iterable[str], source: str = "VAXEL_TRUNK_ADDRESSES") -> str:
    lines = ["<include>",
             f"  <!-- Rendered from {source} by scripts/render_freeswitch_conf.py. -->"]
    lines += [f'  <node type="allow" cidr="{network}"/>' for network in networks]
    return "\n".join(lines + ["</include>", ""])


def _write_private(path: Path, text: str) -> None:
    """Write `text` readable by its owner only, replacing any old file in one step."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def render(settings_env: Mapping[str, str], conf_dir: Path) -> Path:
    """Write vars.local.xml, trunks.local.xml and proxies.local.xml into `conf_dir`;
    returns vars.local.xml."""
    settings = Settings.from_env(settings_env)
    values = conf_values(settings)
    proxies = proxy_networks(settings)
    conf_dir = Path(conf_dir)
    # Behind a proxy, carriers' calls come from it (it checks their addresses itself), and
    # so do phones' calls: the proxies ACL is every user's auth-acl (xml_curl.directory).
    if proxies:
        trunks = trunks_document(proxies, "VAXEL_SIP_PROXY (Kamailio checks the carriers)")
    else:
        trunks = trunks_document(trunk_networks(settings.trunk_addresses))
    _write_private(conf_dir / TRUNKS_FILE, trunks)
    _write_private(conf_dir / PROXIES_FILE, trunks_document(proxies, "VAXEL_SIP_PROXY"))
    target = conf_dir / VARS_FILE
    _write_private(target, vars_document(values))
    return target


def main(argv: list[str]) -> int:
    conf_dir = Path(argv[0]) if argv else DEFAULT_CONF_DIR
    try:
        path = render(os.environ, conf_dir)
    except ConfError as exc:
        print(f"render_freeswitch_conf: {exc}", file=sys.stderr)
        return 2
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
