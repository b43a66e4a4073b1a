"""All configuration, read from the environment in one place."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

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
    raw = env.get(name) or default
    host, _, port = raw.rpartition(":")
    if not host or not port.isdigit():
        raise ValueError(f"{name} must look like host:port, got {raw!r}")
    return host, int(port)


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

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if env is None else env
        data_dir = Path(env.get("VAXEL_DATA_DIR") or REPO_ROOT / "var")
        return cls(
            database_url=env.get("DATABASE_URL") or None,
            data_dir=data_dir,
            xmlcurl_listen=_hostport(env, "VAXEL_XMLCURL_LISTEN", "127.0.0.1:8088"),
            xmlcurl_user=env.get("VAXEL_XMLCURL_USER", "freeswitch"),
            xmlcurl_password=env.get("VAXEL_XMLCURL_PASSWORD", "change-me-xmlcurl"),
            esl_address=_hostport(env, "VAXEL_ESL_ADDRESS", "127.0.0.1:8021"),
            esl_password=env.get("VAXEL_ESL_PASSWORD", "change-me-esl"),
            controller_listen=_hostport(env, "VAXEL_CONTROLLER_LISTEN", "127.0.0.1:8084"),
            webadmin_listen=_hostport(env, "VAXEL_WEBADMIN_LISTEN", "127.0.0.1:8080"),
            secret_key=env.get("VAXEL_SECRET_KEY", "dev-only-secret-change-me"),
            recordings_dir=Path(env.get("VAXEL_RECORDINGS_DIR") or data_dir / "recordings"),
            log_level=env.get("VAXEL_LOG_LEVEL", "INFO").upper(),
        )
