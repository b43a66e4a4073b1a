"""The webhook signature: HMAC-SHA256 over "<timestamp>.<body>" with the endpoint's secret.

Header: `Vaxel-Signature: t=<unix seconds>,v1=<hex digest>`. The timestamp inside the signed
text lets a receiver refuse replays of an old delivery (see docs/webhooks.md).
"""
from __future__ import annotations

import hashlib
import hmac

HEADER = "Vaxel-Signature"
DEFAULT_TOLERANCE = 300  # seconds a receiver should accept between signing and checking


def signature(secret: str, timestamp: int, body: str) -> str:
    """The hex HMAC-SHA256 of f"{timestamp}.{body}"."""
    signed = f"{timestamp}.{body}".encode()
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def header_value(secret: str, timestamp: int, body: str) -> str:
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def parse_header(value: str) -> tuple[int, list[str]]:
    """(timestamp, v1 signatures) from a header; ValueError when it is malformed."""
    parts = [p.partition("=") for p in value.split(",")]
    stamps = [v for k, _, v in parts if k.strip() == "t"]
    if len(stamps) != 1 or not stamps[0].strip().isdigit():
        raise ValueError("no timestamp in the signature header")
    return int(stamps[0]), [v.strip() for k, _, v in parts if k.strip() == "v1"]


def verify(secret: str, header: str, body: str, now: int,
           tolerance: int = DEFAULT_TOLERANCE) -> bool:
    """Whether `header` signs `body` with `secret` and is no older than `tolerance` seconds."""
    try:
        timestamp, candidates = parse_header(header)
    except ValueError:
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, c) for c in candidates)
