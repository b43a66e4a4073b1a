"""Render Kamailio's site files in kamailio-conf/ from the VAXEL_* environment, the same
settings freeswitch-conf is rendered from (docs/scale-out.md).

kamailio.cfg includes kamailio.local.cfg (its own address, its peers', the database,
limits and the nonce secret, as `#!substdef`s and `#!define`s), trunks.local.cfg
(route[TRUNK_SOURCE]: the carriers' addresses) and reads dispatcher.list (the FreeSWITCH
nodes). All three are written mode 0600 and git-ignored.
Values are checked first, with a message naming the variable.

    .venv/bin/python -m scripts.render_kamailio_conf [CONF_DIR [RUN_DIR]]
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Iterable, Mapping

from scripts.render_freeswitch_conf import (ConfError, _ip, _secret, _write_private,
                                            proxy_addresses, proxy_networks, trunk_networks)
from vaxel.config import REPO_ROOT, Settings

DEFAULT_CONF_DIR = REPO_ROOT / "kamailio-conf"
LOCAL_FILE = "kamailio.local.cfg"
TRUNKS_FILE = "trunks.local.cfg"
DISPATCHER_FILE = "dispatcher.list"
# The ports phones and carriers use, on Kamailio as on a single FreeSWITCH and on each node
# (freeswitch-conf/vars.xml: vaxel_internal_port, vaxel_external_port).
SIP_PORT, TRUNK_PORT = 5060, 5080
PHONE_SET, TRUNK_SET = 1, 2  # dispatcher sets, as kamailio.cfg selects them
# Kamailio's own URL syntax; a `!` would end the #!substdef, a quote the string.
_DB_URL = re.compile(r"^postgres://[A-Za-z0-9._~%+-]+(:[A-Za-z0-9._~%+-]*)?@[A-Za-z0-9.:\[\]_-]+(:\d+)?/[A-Za-z0-9._-]+\Z")
_SAFE_PATH = re.compile(r"^/[A-Za-z0-9._/-]*\Z")


def kamailio_db_url(database_url: str | None) -> str:
    """DATABASE_URL as Kamailio's db_postgres writes it (postgres://user[:pw]@host[:port]/db)."""
    if not database_url:
        raise ConfError("DATABASE_URL must be set: Kamailio keeps locations in Växel's PostgreSQL.")
    scheme, sep, rest = database_url.partition("://")
    if not sep or scheme.split("+")[0] not in ("postgres", "postgresql"):
        raise ConfError("DATABASE_URL must be a postgresql:// URL for Kamailio.")
    url = "postgres://" + rest.split("?")[0]
    if not _DB_URL.match(url):
        raise ConfError("DATABASE_URL must name user, host and database in plain characters "
                        "(user[:password]@host[:port]/database) for Kamailio.")
    return url


def node_addresses(raw: str) -> list[str]:
    """VAXEL_FS_NODES: the nodes' SIP addresses, separated by commas or spaces."""
    nodes = [str(_ip("VAXEL_FS_NODES", item)) for item in filter(None, re.split(r"[,\s]+", raw))]
    if not nodes:
        raise ConfError("VAXEL_FS_NODES must name at least one FreeSWITCH node's SIP address.")
    return nodes


def own_address(settings: Settings) -> str:
    """This Kamailio's address: VAXEL_SIP_IP, which must be one of VAXEL_SIP_PROXY (the
    nodes take SIP only from those), or the one proxy there is."""
    proxies = [str(ip) for ip in proxy_addresses(settings)]
    if not proxies:
        raise ConfError("VAXEL_SIP_PROXY must hold the Kamailios' addresses (where they "
                        "listen, and where the nodes send and take SIP).")
    if not settings.sip_ip and len(proxies) == 1:
        return proxies[0]
    if not settings.sip_ip:
        raise ConfError("VAXEL_SIP_IP must say which of VAXEL_SIP_PROXY this Kamailio is.")
    own = str(_ip("VAXEL_SIP_IP", settings.sip_ip))
    if own not in proxies:
        raise ConfError(f"VAXEL_SIP_IP ({own}) must be one of VAXEL_SIP_PROXY: the nodes "
                        "take SIP only from those.")
    return own


def secret_values(settings: Settings) -> dict[str, str]:
    """The digest nonces' secret: the same on every Kamailio (a phone may answer one's
    challenge through another); left to Kamailio's random one when there is only one."""
    if settings.sip_proxy_secret:
        return {"VAXEL_AUTH_SECRET": f'"{_secret("VAXEL_SIP_PROXY_SECRET", settings.sip_proxy_secret)}"'}
    if len(settings.sip_proxies) > 1:
        raise ConfError("VAXEL_SIP_PROXY_SECRET must be set, the same on every Kamailio, "
                        "when VAXEL_SIP_PROXY names several.")
    return {}


def conf_values(settings: Settings, run_dir: Path, conf_dir: Path) -> dict[str, str]:
    """The #!substdef values of kamailio.local.cfg, checked."""
    own = own_address(settings)
    for name, path in (("the run folder", run_dir), ("the configuration folder", conf_dir)):
        if not _SAFE_PATH.match(str(path)):
            raise ConfError(f"{name} must be an absolute path of plain characters: {path}")
    db_url = kamailio_db_url(settings.database_url)
    positive = {"VAXEL_BAN_MAX_FAILURES": settings.ban_max_failures,
                "VAXEL_BAN_WINDOW_SECONDS": settings.ban_window_seconds,
                "VAXEL_BAN_SECONDS": settings.ban_seconds,
                "VAXEL_FLOOD_REQUESTS": settings.flood_requests,
                "VAXEL_FLOOD_WINDOW_SECONDS": settings.flood_window_seconds}
    for name, value in positive.items():
        if value < 1:
            raise ConfError(f"{name} must be at least 1.")
    return {
        "VAXEL_PROXY_IP": own,
        "VAXEL_PROXIES": ",".join(proxy_networks(settings)),
        "VAXEL_SIP_PORT": str(SIP_PORT),
        "VAXEL_TRUNK_PORT": str(TRUNK_PORT),
        "VAXEL_CHILDREN": "4",
        "VAXEL_RUN_DIR": str(run_dir),
        "VAXEL_DISPATCHER_LIST": str(conf_dir / DISPATCHER_FILE),
        "VAXEL_DB_URL": f'"{db_url}"',
        "VAXEL_SQLCON": f'"vaxel=>{db_url}"',
        "VAXEL_BAN_MAX_FAILURES": str(settings.ban_max_failures),
        "VAXEL_BAN_WINDOW": str(settings.ban_window_seconds),
        "VAXEL_BAN_SECONDS": str(settings.ban_seconds),
        "VAXEL_FLOOD_REQUESTS": str(settings.flood_requests),
        "VAXEL_FLOOD_WINDOW": str(settings.flood_window_seconds),
    } | secret_values(settings)


def local_document(values: Mapping[str, str]) -> str:
    lines = ["# Rendered by scripts/render_kamailio_conf.py; do not edit or commit."]
    # Longest names first: #!substdef replaces text, and no name may eat a longer one.
    # Quoted values are strings used as such (modparam's db_url): a #!define.
    for name in sorted(values, key=len, reverse=True):
        value = values[name]
        lines.append(f"#!define {name} {value}" if value.startswith('"')
                     else f"#!substdef \"!{name}!{value}!g\"")
    return "\n".join(lines + [""])


def trunks_document(networks: Iterable[str]) -> str:
    lines = ["# Rendered from VAXEL_TRUNK_ADDRESSES by scripts/render_kamailio_conf.py.",
             "route[TRUNK_SOURCE] {"]
    lines += [f'\tif (is_in_subnet("$si", "{network}")) {{\n\t\treturn 1;\n\t}}'
              for network in networks]
    return "\n".join(lines + ["\treturn -1;", "}", ""])


def dispatcher_document(nodes: Iterable[str]) -> str:
    """Set 1: the nodes' phone-facing port; set 2: their carrier-facing port."""
    lines = ["# Rendered from VAXEL_FS_NODES by scripts/render_kamailio_conf.py.",
             "# setid destination flags priority"]
    nodes = list(nodes)
    lines += [f"{PHONE_SET} sip:{node}:{SIP_PORT} 0 0" for node in nodes]
    lines += [f"{TRUNK_SET} sip:{node}:{TRUNK_PORT} 0 0" for node in nodes]
    return "\n".join(lines + [""])


def render(settings_env: Mapping[str, str], conf_dir: Path, run_dir: Path) -> Path:
    """Write the three site files into `conf_dir`; returns kamailio.local.cfg."""
    settings = Settings.from_env(settings_env)
    conf_dir, run_dir = Path(conf_dir).resolve(), Path(run_dir).resolve()
    values = conf_values(settings, run_dir, conf_dir)
    nodes = node_addresses(settings.fs_nodes)
    networks = trunk_networks(settings.trunk_addresses)
    _write_private(conf_dir / DISPATCHER_FILE, dispatcher_document(nodes))
    _write_private(conf_dir / TRUNKS_FILE, trunks_document(networks))
    target = conf_dir / LOCAL_FILE
    _write_private(target, local_document(values))
    return target


def main(argv: list[str]) -> int:
    conf_dir = Path(argv[0]) if argv else DEFAULT_CONF_DIR
    run_dir = Path(argv[1]) if len(argv) > 1 else Path("/run/kamailio")
    try:
        path = render(os.environ, conf_dir, run_dir)
    except ConfError as exc:
        print(f"render_kamailio_conf: {exc}", file=sys.stderr)
        return 2
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
