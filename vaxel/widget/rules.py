"""Pure checks on what the portal and visitors send: colours, origins, texts, names."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..errors import InvalidInput

COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# A name a visitor types: letters, marks, spaces and a little punctuation; nothing that a
# screen or a CSV export could read as markup or a formula.
NAME = re.compile(r"[^\W\d_][\w .,'\-]{0,79}", re.UNICODE)
RETENTION_DAYS = (1, 3650)
MAX_ORIGINS = 20


def colour(value: str, field: str = "colour") -> str:
    """#rrggbb only: the value is put into the widget's CSS, so nothing else may pass."""
    value = value.strip()
    if not COLOUR.fullmatch(value):
        raise InvalidInput("A colour is written #rrggbb, e.g. #1d4ed8.", field=field)
    return value.lower()


def origin(value: str) -> str:
    """'https://www.example.se' as browsers send it in Origin: scheme, host, port only."""
    text = value.strip().rstrip("/")
    parts = urlsplit(text)
    if (parts.scheme not in ("http", "https") or not parts.hostname or parts.path
            or parts.query or parts.fragment or parts.username or parts.password
            or "*" in text):
        raise InvalidInput("An origin is written like https://www.example.se (no path, "
                           "no wildcard).", field="origins", value=value)
    try:
        port = parts.port
    except ValueError as exc:
        raise InvalidInput("The origin's port is not a number.", field="origins") from exc
    default = {"http": 80, "https": 443}[parts.scheme]
    host = parts.hostname.lower()
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


def origins(lines: str) -> list[str]:
    """One origin a line (or separated by spaces/commas), normalised, without repeats."""
    seen: list[str] = []
    for item in lines.replace(",", " ").split():
        value = origin(item)
        if value not in seen:
            seen.append(value)
    if len(seen) > MAX_ORIGINS:
        raise InvalidInput(f"At most {MAX_ORIGINS} origins.", field="origins")
    return seen


def allowed(sent_origin: str | None, allow_list: list[str]) -> bool:
    """Does the browser's Origin header name one of the company's sites, exactly?"""
    return bool(sent_origin) and sent_origin in allow_list


def text(value: str, limit: int, field: str) -> str:
    value = " ".join(value.split())
    if len(value) > limit:
        raise InvalidInput(f"At most {limit} characters.", field=field)
    return value


def retention(value: int) -> int:
    low, high = RETENTION_DAYS
    if not low <= value <= high:
        raise InvalidInput(f"Keep visitors' data between {low} and {high} days.",
                           field="retention_days")
    return value


def visitor_name(value: str) -> str:
    value = " ".join((value or "").split())
    if not NAME.fullmatch(value):
        raise InvalidInput("Write your name (letters, up to 80 characters).", field="name")
    return value
