"""All configuration, read from the environment in one place."""
from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .people.relay import ICE_POLICIES, RelaySettings, ice_urls

REPO_ROOT = Path(__file__).resolve().parent.parent


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from exc


def _hostport(env: Mapping[str, str], name: str, default: str) -> tuple[str, int]:
    return _address(env.get(name) or default, name)


def _address(raw: str, name: str) -> tuple[str, int]:
    host, _, port = raw.rpartition(":")
    if not host or not port.isdigit():
        raise ValueError(f"{name} must look like host:port, got {raw!r}")
    return host, int(port)


def _words(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    """A list setting: items separated by commas or spaces."""
    return tuple(filter(None, re.split(r"[,\s]+", env.get(name, ""))))


def _choice(env: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str:
    raw = (env.get(name) or "").strip().lower()
    if raw and raw not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, got {raw!r}")
    return raw


@dataclass(frozen=True)
class FollowedNode:
    """One FreeSWITCH node a controller follows: its name (as live calls and call commands
    name it), its Event Socket, and where the controller takes the node's socket calls."""

    name: str
    esl_address: tuple[str, int]
    controller_listen: tuple[str, int]


def followed_nodes(raw: str) -> tuple[FollowedNode, ...]:
    """VAXEL_NODES: `NAME=ESL_HOST:PORT/LISTEN_HOST:PORT` entries, comma or space separated.
    Names, Event Sockets and listening addresses must each be distinct: two nodes' calls on
    one listener would reach one node's features."""
    nodes = []
    for entry in raw.replace(",", " ").split():
        name, _, addresses = entry.partition("=")
        esl, _, listen = addresses.partition("/")
        name = name.strip()
        if not name or len(name) > 64 or not esl or not listen:
            raise ValueError(f"VAXEL_NODES entries look like NAME=ESL_HOST:PORT/LISTEN_HOST:PORT, "
                             f"got {entry!r}")
        nodes.append(FollowedNode(name, _address(esl, f"VAXEL_NODES: {name}'s Event Socket"),
                                  _address(listen, f"VAXEL_NODES: {name}'s listener")))
    for what in ("name", "esl_address", "controller_listen"):
        values = [getattr(node, what) for node in nodes]
        if len(set(values)) != len(values):
            raise ValueError(f"VAXEL_NODES: two nodes share one {what.replace('_', ' ')}")
    return tuple(nodes)


def _followed_nodes(env: Mapping[str, str]) -> tuple[FollowedNode, ...]:
    nodes = followed_nodes(env.get("VAXEL_NODES", ""))
    if nodes and env.get("VAXEL_NODE", "").strip():
        raise ValueError("set VAXEL_NODE (one node per controller) or VAXEL_NODES (one "
                         "controller for several), not both")
    return nodes


def _ice_urls(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    try:
        return ice_urls(env.get(name, ""))
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from None


class MissingSecret(RuntimeError):
    """A service was asked to start without a secret it must not run without."""


# Defaults that older versions shipped and documentation showed: as good as no secret.
_PUBLISHED = frozenset({"dev-only-secret-change-me", "change-me-xmlcurl", "change-me-esl"})


def require_secret(name: str, value: str) -> str:
    """`value`, unless it is empty or a published placeholder (then MissingSecret).
    scripts/run, the local all-in-one, generates and keeps its own (scripts/cli.py)."""
    if not value or value in _PUBLISHED:
        raise MissingSecret(f"{name} is not set (or is a published placeholder); set it to "
                            "a long random value, e.g. python3 -c 'import secrets; "
                            "print(secrets.token_urlsafe(32))'")
    return value


@dataclass(frozen=True)
class Settings:
    """Everything a Växel process may be configured with; see README's table."""

    database_url: str | None
    data_dir: Path
    xmlcurl_listen: tuple[str, int]
    xmlcurl_user: str
    xmlcurl_password: str
    esl_address: tuple[str, int]
    esl_password: str
    controller_listen: tuple[str, int]
    webadmin_listen: tuple[str, int]
    secret_key: str
    recordings_dir: Path
    log_level: str = "INFO"
    # Security and operations (SECURITY.md, docs/operations.md).
    fs_conf_dir: Path = REPO_ROOT / "freeswitch-conf"  # the controller writes banned.local.xml
    ban_max_failures: int = 10
    ban_window_seconds: int = 60
    ban_seconds: int = 3600
    flood_requests: int = 200
    flood_window_seconds: int = 2
    metrics_listen: tuple[str, int] = ("127.0.0.1", 9184)  # the controller's /healthz, /metrics
    cdr_spool_dir: Path | None = None  # mod_json_cdr's log-dir; None: no reconciliation
    log_format: str = "json"
    ops_alert_email: str = ""  # comma-separated: who gets ops alerts by e-mail
    # Voicemail messages and greetings, call recordings and faxes (see vaxel.storage).
    voicemail_dir: Path | None = None
    fax_dir: Path | None = None
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = "vaxel@localhost"
    # "starttls" (upgrade a plain connection), "ssl" (TLS from the start, port 465) or
    # "none"; unset: STARTTLS when a user name is set (credentials never go in clear).
    smtp_tls: str = ""
    # The HTTP SMS gateway conference invitations go out through (a JSON POST with the
    # token as a bearer); empty URL: no text messages are offered.
    sms_gateway_url: str = ""
    sms_gateway_token: str = ""
    # Integrations: webhooks, caller look-up directory, calendar feeds, statistics stream.
    # Internal (loopback/private/link-local) targets are refused unless ops allow them.
    integrations_allow_private: bool = False
    # Render `say:` prompts once to WAVs under sounds/tts (fs_control.speech); off: FreeSWITCH
    # synthesises every prompt on every call (for comparison in scripts/bench_trunk_calls).
    speech_cache: bool = True
    webhook_timeout: int = 5
    # How links in webhooks (recordings) and the API start, e.g. https://pbx.example.
    public_url: str = "http://127.0.0.1:8080"
    # Read only by FreeSWITCH, through scripts/render_freeswitch_conf.py, which checks
    # them (docs/freeswitch.md); empty: FreeSWITCH's own default.
    sip_ip: str = ""
    external_ip: str = ""
    moh_dir: str = ""
    trunk_addresses: str = ""  # carriers' source addresses or CIDRs, comma or space separated
    # SIP over WebSocket for the app's softphone (docs/freeswitch.md): plain ws on loopback
    # (tests, or behind a TLS-terminating proxy) and wss for browsers elsewhere;
    # webrtc_url is what the browser connects to (empty: ws on sip_ws_listen).
    sip_ws_listen: tuple[str, int] = ("127.0.0.1", 5066)
    sip_wss_listen: tuple[str, int] | None = None  # None: port 7443 on the SIP address
    webrtc_url: str = ""
    # Reverse proxies in front of webadmin whose X-Forwarded-For is believed (addresses/CIDRs).
    trusted_proxies: str = ""
    # Bearer token for /metrics (xml_curl, controller); empty: loopback clients only.
    metrics_token: str = ""
    # Scale-out (docs/scale-out.md): the Kamailios' addresses (VAXEL_SIP_PROXY, comma or
    # space separated), which the FreeSWITCH nodes take SIP from and reach phones through;
    # empty: the single-node deployment, no proxy. On a Kamailio, VAXEL_SIP_IP says which
    # of them it is when there are several.
    sip_proxies: tuple[str, ...] = ()
    # The digest nonces' secret, the same on every Kamailio, so a challenge one of them
    # issued is checked by another (read by scripts/render_kamailio_conf.py only).
    sip_proxy_secret: str = ""
    # The FreeSWITCH nodes' SIP addresses Kamailio spreads calls over (comma or space
    # separated); read by scripts/render_kamailio_conf.py only.
    fs_nodes: str = ""
    # This controller's FreeSWITCH node, as live calls and call commands name it; empty on
    # a single node. Each node's controller takes only its own calls' commands.
    node: str = ""
    # One controller following several nodes instead (VAXEL_NODES); empty: it follows
    # the one at esl_address, as `node`.
    nodes: tuple[FollowedNode, ...] = ()
    # NAT traversal for the app's browser media (vaxel.people.relay): STUN and TURN
    # addresses, the secret shared with the TURN relay (coturn's static-auth-secret), and
    # "relay" to send browser media through TURN only (hides employees' own addresses).
    stun_urls: tuple[str, ...] = ()
    turn_urls: tuple[str, ...] = ()
    turn_secret: str = ""
    ice_policy: str = "all"

    def __post_init__(self) -> None:
        if not self.smtp_tls:
            object.__setattr__(self, "smtp_tls", "starttls" if self.smtp_user else "none")
        # Worked out here once: unset folders live under the data folder.
        if self.voicemail_dir is None:
            object.__setattr__(self, "voicemail_dir", self.data_dir / "voicemail")
        if self.fax_dir is None:
            object.__setattr__(self, "fax_dir", self.data_dir / "fax")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if env is None else env
        data_dir = Path(env.get("VAXEL_DATA_DIR") or REPO_ROOT / "var")
        return cls(
            database_url=env.get("DATABASE_URL") or None,
            data_dir=data_dir,
            xmlcurl_listen=_hostport(env, "VAXEL_XMLCURL_LISTEN", "127.0.0.1:8088"),
            xmlcurl_user=env.get("VAXEL_XMLCURL_USER", "freeswitch"),
            xmlcurl_password=env.get("VAXEL_XMLCURL_PASSWORD", ""),
            esl_address=_hostport(env, "VAXEL_ESL_ADDRESS", "127.0.0.1:8021"),
            esl_password=env.get("VAXEL_ESL_PASSWORD", "change-me-esl"),
            controller_listen=_hostport(env, "VAXEL_CONTROLLER_LISTEN", "127.0.0.1:8084"),
            webadmin_listen=_hostport(env, "VAXEL_WEBADMIN_LISTEN", "127.0.0.1:8080"),
            secret_key=env.get("VAXEL_SECRET_KEY", ""),
            recordings_dir=Path(env.get("VAXEL_RECORDINGS_DIR") or data_dir / "recordings"),
            log_level=env.get("VAXEL_LOG_LEVEL", "INFO").upper(),
            fs_conf_dir=Path(env.get("VAXEL_FS_CONF_DIR") or REPO_ROOT / "freeswitch-conf"),
            ban_max_failures=_int(env, "VAXEL_BAN_MAX_FAILURES", 10),
            ban_window_seconds=_int(env, "VAXEL_BAN_WINDOW_SECONDS", 60),
            ban_seconds=_int(env, "VAXEL_BAN_SECONDS", 3600),
            flood_requests=_int(env, "VAXEL_FLOOD_REQUESTS", 200),
            flood_window_seconds=_int(env, "VAXEL_FLOOD_WINDOW_SECONDS", 2),
            metrics_listen=_hostport(env, "VAXEL_CONTROLLER_METRICS_LISTEN", "127.0.0.1:9184"),
            cdr_spool_dir=Path(env["VAXEL_CDR_SPOOL_DIR"]) if env.get("VAXEL_CDR_SPOOL_DIR") else None,
            log_format=env.get("VAXEL_LOG_FORMAT", "json"),
            ops_alert_email=env.get("VAXEL_OPS_ALERT_EMAIL", ""),
            voicemail_dir=Path(env.get("VAXEL_VOICEMAIL_DIR") or data_dir / "voicemail"),
            fax_dir=Path(env.get("VAXEL_FAX_DIR") or data_dir / "fax"),
            smtp_host=env.get("VAXEL_SMTP_HOST") or "127.0.0.1",
            smtp_port=_int(env, "VAXEL_SMTP_PORT", 25),
            smtp_user=env.get("VAXEL_SMTP_USER", ""),
            smtp_password=env.get("VAXEL_SMTP_PASSWORD", ""),
            smtp_from=env.get("VAXEL_SMTP_FROM") or "vaxel@localhost",
            smtp_tls=_choice(env, "VAXEL_SMTP_TLS", ("starttls", "ssl", "none")),
            sms_gateway_url=(env.get("VAXEL_SMS_GATEWAY_URL") or "").strip(),
            sms_gateway_token=env.get("VAXEL_SMS_GATEWAY_TOKEN", ""),
            integrations_allow_private=env.get("VAXEL_INTEGRATIONS_ALLOW_PRIVATE", "") in (
                "1", "true", "yes"),
            webhook_timeout=_int(env, "VAXEL_WEBHOOK_TIMEOUT", 5),
            speech_cache=env.get("VAXEL_SPEECH_CACHE", "on") not in ("0", "off", "false", "no"),
            public_url=(env.get("VAXEL_PUBLIC_URL") or "http://127.0.0.1:8080").rstrip("/"),
            sip_ip=env.get("VAXEL_SIP_IP", "").strip(),
            external_ip=env.get("VAXEL_EXTERNAL_IP", "").strip(),
            moh_dir=env.get("VAXEL_MOH_DIR", "").strip(),
            trunk_addresses=env.get("VAXEL_TRUNK_ADDRESSES", ""),
            trusted_proxies=env.get("VAXEL_TRUSTED_PROXIES", ""),
            metrics_token=env.get("VAXEL_METRICS_TOKEN", ""),
            sip_ws_listen=_hostport(env, "VAXEL_SIP_WS_LISTEN", "127.0.0.1:5066"),
            sip_wss_listen=(_hostport(env, "VAXEL_SIP_WSS_LISTEN", "")
                            if env.get("VAXEL_SIP_WSS_LISTEN") else None),
            webrtc_url=env.get("VAXEL_WEBRTC_URL", "").strip(),
            sip_proxies=_words(env, "VAXEL_SIP_PROXY"),
            sip_proxy_secret=env.get("VAXEL_SIP_PROXY_SECRET", ""),
            fs_nodes=env.get("VAXEL_FS_NODES", ""),
            node=env.get("VAXEL_NODE", "").strip()[:64],
            nodes=_followed_nodes(env),
            stun_urls=_ice_urls(env, "VAXEL_STUN_URLS"),
            turn_urls=_ice_urls(env, "VAXEL_TURN_URLS"),
            turn_secret=env.get("VAXEL_TURN_SECRET", ""),
            ice_policy=_choice(env, "VAXEL_ICE_POLICY", ICE_POLICIES) or "all",
        )

    def per_node(self) -> list["Settings"]:
        """One controller's settings per node it follows: these alone on a single node (or
        one node per controller), else each node's name and addresses over these."""
        if not self.nodes:
            return [self]
        return [dataclasses.replace(self, node=n.name, esl_address=n.esl_address,
                                    controller_listen=n.controller_listen, nodes=())
                for n in self.nodes]

    @property
    def relay(self) -> RelaySettings:
        """The app's STUN/TURN settings."""
        return RelaySettings(self.stun_urls, self.turn_urls, self.turn_secret, self.ice_policy)

    @property
    def browser_sip_url(self) -> str:
        """Where the app's browser softphone opens its SIP WebSocket."""
        host, port = self.sip_ws_listen
        return self.webrtc_url or f"ws://{host}:{port}"
