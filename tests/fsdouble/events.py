"""Event templates cut from the captures, and fast rendering of them for a simulated call.

A captured event is split into: head (up to the first Caller- line: Event-*, Channel-*,
Unique-ID...), the Caller- block, a middle (Other-Leg-*, DTMF-*), the variable_ block and a
tail (Application-*). A call renders head and middle from the event's template and the
Caller-/variable_ blocks from its own CHANNEL_DATA, so rendering is a few string joins.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, unquote

from .traces import fs_frames, plain_events

TEMPLATE_TRACES = ("outbound-ivr-record-bridge", "outbound-caller-hangs-up-mid-playback",
                   "inbound-plain-ivr-bridge", "inbound-bgapi-originate",
                   "inbound-registration-events")
DISCONNECT_BODY = b"Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n"


_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./")


@lru_cache(maxsize=16384)
def enc(value: str) -> str:
    """URL-encode a header value the way FreeSWITCH's event serializer does."""
    if _PLAIN.issuperset(value):
        return value
    return quote(str(value), safe="/,()$!*'-_.~@+:;=?&#[]")\
        .replace(":", "%3A").replace("@", "%40").replace("=", "%3D").replace("&", "%26")\
        .replace(";", "%3B").replace("#", "%23").replace("?", "%3F").replace("+", "%2B")


def header_line(name: str, value: str) -> str:
    return "%s: %s\n" % (name, enc(value))


@dataclass
class Template:
    name: str
    uuid: str
    lines: tuple[str, ...]  # encoded "Name: value" lines
    head: tuple[str, ...]
    middle: tuple[str, ...]
    tail: tuple[str, ...]
    has_variables: bool


def _split(name: str, text: str) -> Template:
    lines = tuple(text.split("\n\n", 1)[0].split("\n"))
    callers = [i for i, line in enumerate(lines) if line.startswith("Caller-")]
    vars_ = [i for i, line in enumerate(lines) if line.startswith("variable_")]
    first_c = callers[0] if callers else len(lines)
    last_c = callers[-1] if callers else len(lines) - 1
    uuid = next((ln[11:] for ln in lines if ln.startswith("Unique-ID: ")), "")
    if vars_:
        middle, tail = lines[last_c + 1:vars_[0]], lines[vars_[-1] + 1:]
    else:
        middle, tail = lines[last_c + 1:], []
    return Template(name, uuid, lines, lines[:first_c], middle, tail, bool(vars_))


@lru_cache(maxsize=None)
def templates() -> dict[str, Template]:
    """First captured plain event of each name (CUSTOM ones keyed by subclass).

    Once a channel has media its events also carry Channel-Read-Codec-* headers; that
    variant is kept too, under "<name>+media".
    """
    found: dict[str, Template] = {}
    for trace in TEMPLATE_TRACES:
        for body in plain_events(trace):
            name = _event_key(body)
            key = name + "+media" if "\nChannel-Read-Codec-Name: " in body else name
            if key not in found:
                found[key] = _split(name, body)
    return found


def _event_key(body: str) -> str:
    head = body.split("\n\n", 1)[0]
    name = head.split("Event-Name: ", 1)[1].split("\n", 1)[0] if "Event-Name: " in head else ""
    if name == "CUSTOM" and "Event-Subclass: " in head:
        return unquote(head.split("Event-Subclass: ", 1)[1].split("\n", 1)[0])
    return name


PROFILE_TRACES = {"internal": "outbound-ivr-record-bridge",  # a phone calling in
                  "external": "outbound-trunk-call-public-context"}  # a trunk calling in


@lru_cache(maxsize=None)
def channel_data_template(profile: str = "internal") -> list[str]:
    """A captured `connect` reply: a CHANNEL_DATA header block, lines encoded."""
    head = fs_frames(PROFILE_TRACES[profile])[0].head
    assert head.startswith("Event-Name: CHANNEL_DATA")
    return head.split("\n")


class FsEvent:
    """An event the double sends; wire forms are built once, on first use."""

    __slots__ = ("name", "uuid", "text", "_plain", "_json", "_fields")

    def __init__(self, name: str, text: str, uuid: str = ""):
        self.name = name
        self.uuid = uuid
        self.text = text  # plain body: encoded header lines, blank line, optional body
        self._plain: bytes | None = None
        self._json: bytes | None = None
        self._fields: dict[str, str] | None = None

    def plain_frame(self) -> bytes:
        if self._plain is None:
            body = self.text.encode()
            self._plain = b"Content-Length: %d\nContent-Type: text/event-plain\n\n%s" % (
                len(body), body)
        return self._plain

    def json_frame(self) -> bytes:
        if self._json is None:
            fields = dict(self.fields())
            heads, _, rest = self.text.partition("\n\n")
            if rest:
                fields["_body"] = rest
            body = json.dumps(fields, separators=(",", ":")).encode()
            self._json = b"Content-Length: %d\nContent-Type: text/event-json\n\n%s" % (
                len(body), body)
        return self._json

    def fields(self) -> dict[str, str]:
        """Decoded headers (first occurrence wins)."""
        if self._fields is None:
            result: dict[str, str] = {}
            for line in self.text.partition("\n\n")[0].split("\n"):
                key, _, value = line.partition(": ")
                result.setdefault(key, unquote(value))
            self._fields = result
        return self._fields

    def get(self, name: str) -> str | None:
        return self.fields().get(name)


def generic_event(name: str, headers: dict[str, str], body: str = "") -> FsEvent:
    """A non-channel event (BACKGROUND_JOB, HEARTBEAT, sofia::register...).

    A captured event of that name gives every header; otherwise the common head of a
    captured one (up to Event-Sequence) is used, with `headers` after it.
    """
    custom = "::" in name
    tmpl = templates().get(name)
    if tmpl is None:
        base = templates()["sofia::pre_register" if custom else "HEARTBEAT"].lines
        end = next(i for i, ln in enumerate(base) if ln.startswith("Event-Sequence"))
        lines = [ln for ln in base[:end + 1] if not ln.startswith("Event-Subclass")]
        lines = [("Event-Name: CUSTOM" if custom else "Event-Name: " + name)] + [
            ln for ln in lines if not ln.startswith("Event-Name")]
        if custom:
            headers = {"Event-Subclass": name, **headers}
    else:
        lines = list(tmpl.lines)
    lines = [ln for ln in lines if ln.split(": ", 1)[0] not in headers
             and not ln.startswith("Content-Length")]
    text = "\n".join(lines) + "\n" + "".join(header_line(k, v) for k, v in headers.items())
    if body:
        text += "Content-Length: %d\n\n%s" % (len(body.encode()), body)
    else:
        text += "\n"
    return FsEvent(name, text)
