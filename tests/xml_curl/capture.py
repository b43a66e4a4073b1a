"""Reading the raw HTTP requests FreeSWITCH sent (tests/captures/freeswitch/xml_curl/*.http)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl

from ..shared import freeswitch_captures

CAPTURE_DIR = freeswitch_captures() / "xml_curl"
ACCEPTED_DIR = CAPTURE_DIR / "accepted"


@dataclass(frozen=True)
class CapturedRequest:
    name: str
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.body.decode(), keep_blank_values=True))


def read_request(path: Path) -> CapturedRequest:
    raw = path.read_bytes()
    head, _, body = raw.partition(b"\r\n\r\n")
    if not _:
        head, _, body = raw.partition(b"\n\n")
    lines = head.decode().splitlines()
    method, target, _version = lines[0].split(" ", 2)
    headers = dict(line.split(": ", 1) for line in lines[1:] if line)
    length = int(headers.get("Content-Length", len(body)))
    return CapturedRequest(path.name, method, target, headers, body[:length])


def captured_requests() -> list[CapturedRequest]:
    return [read_request(p) for p in sorted(CAPTURE_DIR.glob("*.http"))]


def capture(name_part: str) -> CapturedRequest:
    return next(r for r in captured_requests() if name_part in r.name)
