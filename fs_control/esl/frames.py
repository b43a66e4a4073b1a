"""Event Socket frames and events, without any I/O (parsing only).

FreeSWITCH URL-encodes each header value of a serialized event, so a value can never hold
a newline. We therefore split lines first and decode a value only when someone reads it:
an encoded `%0A` in a caller name stays inside its own header instead of forging new ones,
and a handler that reads three headers of a 150-header event pays for three decodes.
"""
from __future__ import annotations

import json
from json.decoder import scanstring
from typing import Iterator, Mapping
from urllib.parse import unquote

from greenswitch.esl import NotConnectedError, OutboundSessionHasGoneAway

# A frame larger than this is certainly garbage; real events are a few kilobytes.
MAX_CONTENT_LENGTH = 16 * 1024 * 1024
MAX_HEADER_BLOCK = 64 * 1024


class EslError(Exception):
    """Base of every Event Socket failure raised by fs_control."""


class EslProtocolError(EslError):
    """The peer sent bytes that are not a valid Event Socket frame."""


class EslConnectionLost(EslError, NotConnectedError):
    """The connection closed (or was closed) before the answer arrived."""


class EslTimeout(EslError):
    """FreeSWITCH did not answer within the timeout."""


class EslAuthError(EslError):
    """FreeSWITCH refused our Event Socket password."""


class EslCommandError(EslError):
    """FreeSWITCH answered a command with -ERR."""


class CallHangup(EslError, OutboundSessionHasGoneAway):
    """The channel hung up (or the socket was closed) before the application completed."""

    is_hangup = True  # what fs_control.executor looks for


class Event(Mapping[str, str]):
    """One event (or reply) from FreeSWITCH: headers decoded lazily, plus an optional body.

    `raw` is the header block as sent, one `Name: value` per line. Lookups search it with
    str.find (C speed) and decode only the value found, caching the result.
    """

    __slots__ = ("_raw", "_cache", "_all", "_json", "body", "encoded")

    def __init__(self, raw: str, body: str = "", encoded: bool = True) -> None:
        self._raw = "\n" + raw if raw[:1] != "\n" else raw
        self._cache: dict[str, str | None] = {}
        self._all: dict[str, str] | None = None
        self._json: str | None = None  # an event-json body, searched lazily like _raw
        self.body = body
        self.encoded = encoded

    @classmethod
    def from_plain(cls, text: str) -> "Event":
        """Parse a text/event-plain body: header lines, a blank line, an optional body."""
        end = text.find("\n\n")
        if end < 0:
            return cls(text.rstrip("\n"))
        return cls(text[:end], text[end + 2:])

    @classmethod
    def from_json(cls, text: str) -> "Event":
        """Wrap a text/event-json body; keys are looked up in the text when read.

        json.loads of a 5 KB event costs ~35 µs, more than all the rest of the pipeline,
        so a handler reading two headers should not pay for 150.
        """
        text = text.strip()
        if not (text.startswith("{") and text.endswith("}")):
            raise EslProtocolError("event-json body is not an object")
        event = cls("", encoded=False)
        event._json = text
        event.body = _json_value(text, "_body") or ""
        return event

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        if self._all is not None:
            return self._all.get(key, default)
        if key in self._cache:
            value = self._cache[key]
            return default if value is None else value
        value = self._lookup(key)
        self._cache[key] = value
        return default if value is None else value

    def _lookup(self, key: str) -> str | None:
        if self._json is not None:
            value = _json_value(self._json, key)
            return self.headers().get(key) if value is _NOT_A_STRING else value
        raw = self._raw
        start = raw.find("\n" + key + ": ")
        if start < 0:
            return None
        start += len(key) + 3
        end = raw.find("\n", start)
        value = raw[start:] if end < 0 else raw[start:end]
        if self.encoded and "%" in value:
            return unquote(value)
        return value

    def __getitem__(self, key: str) -> str:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def headers(self) -> dict[str, str]:
        """Every header, decoded (the first occurrence wins, as in FreeSWITCH's own API)."""
        if self._all is None and self._json is not None:
            self._all = _parse_json_object(self._json)
        if self._all is None:
            result: dict[str, str] = {}
            for line in self._raw.split("\n"):
                key, sep, value = line.partition(": ")
                if sep and key not in result:
                    result[key] = unquote(value) if self.encoded and "%" in value else value
            self._all = result
        return self._all

    def __iter__(self) -> Iterator[str]:
        return iter(self.headers())

    def __len__(self) -> int:
        return len(self.headers())

    @property
    def name(self) -> str:
        """Event-Name, or for CUSTOM events the Event-Subclass (what handlers subscribe to)."""
        name = self.get("Event-Name") or ""
        if name == "CUSTOM":
            return self.get("Event-Subclass") or name
        return name

    @property
    def uuid(self) -> str | None:
        return self.get("Unique-ID")

    @property
    def content_type(self) -> str | None:
        return self.get("Content-Type")

    @property
    def reply_text(self) -> str:
        return self.get("Reply-Text") or ""

    def __repr__(self) -> str:
        return f"<Event {self.name or self.content_type} {self.uuid or ''}>"


_NOT_A_STRING = object()


def _json_value(text: str, key: str) -> object:
    """The string value of `key` in a JSON object's text, without parsing the rest.

    Safe because a match must follow `{` or `,`: inside a JSON string every quote is
    escaped, so `,"Key":` there would read `,\\"Key\\":` and not match.
    """
    pattern = '"%s":' % key
    at = text.find(pattern)
    while at > 0 and text[at - 1] not in "{,":
        at = text.find(pattern, at + 1)
    if at < 0:
        return None
    start = at + len(pattern)
    if text[start:start + 1] != '"':
        return _NOT_A_STRING
    try:
        return scanstring(text, start + 1)[0]
    except ValueError:
        raise EslProtocolError("bad string for %s in event-json" % key) from None


def _parse_json_object(text: str) -> dict[str, str]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise EslProtocolError("bad event-json body: %s" % exc) from None
    if not isinstance(data, dict):
        raise EslProtocolError("event-json body is not an object")
    data.pop("_body", None)
    return {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}


def event_from_frame(content_type: str, body: str) -> Event:
    """Turn the body of a text/event-* frame into an Event."""
    if content_type == "text/event-json":
        return Event.from_json(body)
    return Event.from_plain(body)


class FrameParser:
    """Splits a byte stream into frames: (outer headers as an Event, body bytes).

    Frames are `Name: value` lines, a blank line, then Content-Length bytes of body when
    that header is present. Several frames may share one TCP chunk, or one may span many.
    """

    __slots__ = ("_buf", "_chunks", "_have", "_need")

    def __init__(self) -> None:
        self._buf = b""
        self._chunks: list[bytes] = []
        self._have = 0
        self._need = 0  # bytes the frame being read still needs before it is worth parsing

    @property
    def pending(self) -> int:
        """Bytes received that do not yet make a whole frame (non-zero at EOF = truncated)."""
        return len(self._buf.strip(b"\n")) + sum(map(len, self._chunks))

    def feed(self, data: bytes) -> list[tuple[Event, bytes]]:
        if self._need:
            # Still short of a known body length: just collect, don't re-parse (avoids O(n²)).
            self._chunks.append(data)
            self._have += len(data)
            if self._have < self._need:
                return []
            data = b"".join(self._chunks)
            self._chunks, self._have, self._need = [], 0, 0
        buf = self._buf + data if self._buf else data
        frames: list[tuple[Event, bytes]] = []
        pos = self._parse(buf, frames)
        self._buf = buf[pos:]
        return frames

    def _parse(self, buf: bytes, frames: list[tuple[Event, bytes]]) -> int:
        pos, size = 0, len(buf)
        while True:
            while pos < size and buf[pos] == 10:  # stray newlines between frames
                pos += 1
            end = buf.find(b"\n\n", pos)
            if end < 0:
                if size - pos > MAX_HEADER_BLOCK:
                    raise EslProtocolError("header block over %d bytes" % MAX_HEADER_BLOCK)
                return pos
            head = _frame_head(buf[pos:end])
            length = _content_length(head)
            if end + 2 + length > size:
                self._need = end + 2 + length - size
                self._chunks, self._have = [buf[pos:]], 0
                self._buf = b""
                return size  # everything kept in _chunks
            frames.append((head, buf[end + 2:end + 2 + length]))
            pos = end + 2 + length


def _frame_head(block: bytes) -> Event:
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError:
        raise EslProtocolError("frame headers are not UTF-8") from None
    for line in text.split("\n"):
        if ": " not in line:
            raise EslProtocolError("garbage header line %r" % line[:80])
    # Only the `connect` reply carries a serialized (URL-encoded) event in its headers.
    return Event(text, encoded=text.startswith("Event-Name: "))


def _content_length(head: Event) -> int:
    value = head.get("Content-Length")
    if value is None:
        return 0
    if not value.isdigit() or int(value) > MAX_CONTENT_LENGTH:
        raise EslProtocolError("bad Content-Length %r" % value[:40])
    return int(value)
