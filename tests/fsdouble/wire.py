"""Frames as FreeSWITCH 1.10 writes them (byte layout taken from the captures)."""
from __future__ import annotations

import logging

from gevent import socket
from gevent.lock import Semaphore

from .events import DISCONNECT_BODY

log = logging.getLogger(__name__)

AUTH_REQUEST = b"Content-Type: auth/request\n\n"


def reply(text: str, *extra: tuple[str, str]) -> bytes:
    lines = "".join("%s: %s\n" % kv for kv in extra)
    return ("Content-Type: command/reply\nReply-Text: %s\n%s\n" % (text, lines)).encode()


def api_response(body: str) -> bytes:
    data = body.encode()
    return b"Content-Type: api/response\nContent-Length: %d\n\n%s" % (len(data), data)


def disconnect_notice(session_uuid: str | None = None) -> bytes:
    """What FreeSWITCH sends before closing: inbound has no session headers, outbound has."""
    head = "Content-Type: text/disconnect-notice\n"
    if session_uuid:
        head += "Controlled-Session-UUID: %s\nContent-Disposition: disconnect\n" % session_uuid
    head += "Content-Length: %d\n\n" % len(DISCONNECT_BODY)
    return head.encode() + DISCONNECT_BODY


def linger_notice(session_uuid: str, channel_name: str, seconds: int) -> bytes:
    return ("Content-Type: text/disconnect-notice\nControlled-Session-UUID: %s\n"
            "Content-Disposition: linger\nChannel-Name: %s\nLinger-Time: %d\n"
            "Content-Length: 0\n\n" % (session_uuid, channel_name, seconds)).encode()


class Wire:
    """One TCP connection of the double: whole commands in, whole frames out."""

    def __init__(self, sock):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as FreeSWITCH does
        self.sock = sock
        self.closed = False
        self._buf = b""
        self._lock = Semaphore()  # several greenlets write; frames must not interleave
        self._corked: list[bytes] | None = None

    def cork(self) -> None:
        """Collect frames until flush(): FreeSWITCH too sends bursts of frames in one chunk,
        and one send instead of five is most of the double's cost per call."""
        if self._corked is None:
            self._corked = []

    def flush(self) -> None:
        pending, self._corked = self._corked, None
        if pending:
            self.send(b"".join(pending))

    def send(self, data: bytes) -> bool:
        if self.closed:
            return False
        if self._corked is not None:
            self._corked.append(data)
            return True
        try:
            with self._lock:
                self.sock.sendall(data)
            return True
        except OSError as exc:
            log.debug("double: peer gone while sending: %s", exc)
            self.close()
            return False

    def commands(self):
        """Yield (first line, {header: value}) for each command until the peer closes."""
        while not self.closed:
            end = self._buf.find(b"\n\n")
            if end < 0:
                try:
                    data = self.sock.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    return  # peer closed (maybe only its sending half): owner decides
                self._buf += data
                continue
            text, self._buf = self._buf[:end].decode("utf-8", "replace"), self._buf[end + 2:]
            text = text.strip("\n")
            if text:
                yield _split_command(text)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            try:
                self.sock.close()
            except OSError as exc:
                log.debug("double: close: %s", exc)


def _split_command(text: str) -> tuple[str, dict[str, str]]:
    first, *rest = text.split("\n")
    headers = {}
    for line in rest:
        key, _, value = line.partition(": ")
        headers[key.strip()] = value
    return first.strip(), headers
