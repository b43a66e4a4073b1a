"""Keeping secret addresses out of logs and stored error texts.

A calendar feed's address is a password (whoever has it reads the calendar), and a
webhook's path often carries a token. Errors from the HTTP client quote the path
("Max retries exceeded with url: /private/…"), so they are scrubbed before they are
logged or stored where a page shows them.
"""
from __future__ import annotations

from urllib.parse import urlsplit

HIDDEN = "…"


def url_for_log(url: str) -> str:
    """scheme://host[:port]/… — where it goes, without what opens it."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return HIDDEN
    return f"{parts.scheme}://{host}{port}/{HIDDEN}" if host else HIDDEN


def scrub(text: str, url: str) -> str:
    """`text` with the address, its path, query and credentials replaced by "…"."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return text.replace(url, HIDDEN)
    secrets = [url, parts.path + ("?" + parts.query if parts.query else ""), parts.query,
               parts.path if len(parts.path) > 1 else "", parts.password or "",
               parts.username or "", parts.fragment]
    for secret in sorted(filter(None, secrets), key=len, reverse=True):
        text = text.replace(secret, HIDDEN)
    return text
