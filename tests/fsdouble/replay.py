"""Replaying a capture's client side at the double, to compare what each answers."""
from __future__ import annotations

import re

import gevent
from gevent import socket
from gevent.server import StreamServer

from fs_control.esl.frames import Event, FrameParser

from .double import FreeSwitchDouble
from .traces import Frame, client_commands, read_chunks, split_frames

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SYNC_EVENTS = ("CHANNEL_EXECUTE_COMPLETE", "CHANNEL_BRIDGE")


class Received:
    """Frames read from a socket, parsed with fs_control's parser."""

    def __init__(self, sock):
        self.sock = sock
        self.parser = FrameParser()
        self.frames: list[tuple[Event, bytes]] = []
        self.eof = False

    def read_until(self, done, timeout: float = 2.0) -> None:
        with gevent.Timeout(timeout, False):
            while not done(self.frames) and not self.eof:
                self._read_some()

    def drain(self, seconds: float) -> None:
        with gevent.Timeout(seconds, False):
            while not self.eof:
                self._read_some()

    def _read_some(self) -> None:
        try:
            data = self.sock.recv(65536)
        except OSError:
            data = b""
        if not data:
            self.eof = True
            return
        self.frames.extend(self.parser.feed(data))


def kind(head: Event | Frame, body: bytes = b"") -> str:
    ctype = head.header("Content-Type") if isinstance(head, Frame) else head.get("Content-Type")
    if ctype == "text/event-plain":
        start = body.find(b"Event-Name: ") + 12
        return body[start:body.find(b"\n", start)].decode()
    return ctype or ""


def sync_count(frames) -> int:
    return sum(1 for head, body in frames if kind(head, body) in SYNC_EVENTS
               or not kind(head, body).startswith(("CHANNEL_", "DTMF")))


def captured_sync_points(name: str) -> list[int]:
    """For each client command: how many sync frames FreeSWITCH had sent before it."""
    points, sent = [], b""
    for chunk in read_chunks(name):
        if chunk.sender == "fs":
            sent += chunk.data
            continue
        whole = sent[:sent.rfind(b"\n\n") + 2] if not sent.endswith(b"\n") else sent
        count = sync_count([(f, f.body) for f in split_frames(whole)])
        points.extend([count] * (chunk.data.count(b"\n\n") or 1))
    return points


def replay_inbound(double: FreeSwitchDouble, name: str) -> Received:
    sock = socket.create_connection(double.address, timeout=5)
    got = Received(sock)
    got.read_until(lambda frames: len(frames) >= 1)
    for command in client_commands(name):
        replies = _replies(got.frames)
        sock.sendall(command.encode() + b"\n\n")
        got.read_until(lambda frames, replies=replies: _replies(frames) > replies)
        got.drain(0.05)
    got.drain(0.2)
    sock.close()
    return got


def _replies(frames) -> int:
    return sum(1 for head, _ in frames if head.get("Content-Type") in ("command/reply",
                                                                          "api/response"))


def replay_outbound(double: FreeSwitchDouble, name: str, **call_args) -> Received:
    """Act as the captured controller: send its commands, each once FreeSWITCH had said
    as much as it had in the capture."""
    result: list[Received] = []

    def controller(sock, address):
        got = Received(sock)
        result.append(got)
        for command, point in zip(client_commands(name), captured_sync_points(name), strict=False):
            got.read_until(lambda frames, point=point: sync_count(frames) >= point)
            try:
                sock.sendall(command.encode() + b"\n\n")
            except OSError:
                break
        try:
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        got.drain(2.0)

    server = StreamServer(("127.0.0.1", 0), controller)
    server.start()
    call = double.place_call(server.address, **call_args)
    call.ended.wait(5)
    gevent.sleep(0.1)
    server.stop(timeout=3)
    return result[0]


def mask(text: str) -> str:
    return UUID.sub("<uuid>", text)
