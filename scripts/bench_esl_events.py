#!/usr/bin/env python3
"""How many Event Socket events per second an inbound client parses, end to end.

A sender process plays FreeSWITCH: it answers auth and `event ...`, then blasts real
events from the captures (pre-encoded once, sent in 1 MiB chunks) over TCP. The receiver
(this process, pinned to one core) counts events reaching a handler that reads the event's
name and Unique-ID. Compared: stock greenswitch, fs_control.esl with `event plain`, and
with `event json`.

    .venv/bin/python scripts/bench_esl_events.py [--events 200000]
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import socket
import sys
import time
from pathlib import Path
from urllib.parse import unquote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fsdouble.traces import fs_frames  # noqa: E402 (after the path fix above)

TRACE = "inbound-plain-ivr-bridge"
CHUNK = 1 << 20


def plain_frames() -> list[bytes]:
    """Every text/event-plain frame FreeSWITCH sent in the capture, byte for byte."""
    return [b"Content-Length: %d\nContent-Type: text/event-plain\n\n%s" % (len(f.body), f.body)
            for f in fs_frames(TRACE) if f.header("Content-Type") == "text/event-plain"]


def json_frames() -> list[bytes]:
    """The same events as FreeSWITCH's `event json` would send them."""
    out = []
    for frame in plain_frames():
        body = frame.split(b"\n\n", 1)[1].decode()
        heads, _, rest = body.partition("\n\n")
        fields: dict[str, str] = {}
        for line in heads.split("\n"):
            key, _, value = line.partition(": ")
            fields.setdefault(key, unquote(value))
        if rest:
            fields["_body"] = rest
        data = json.dumps(fields, separators=(",", ":")).encode()
        out.append(b"Content-Length: %d\nContent-Type: text/event-json\n\n%s" % (len(data), data))
    return out


def serve(listener: socket.socket, stream: bytes, rounds: int, cpu: int | None) -> None:
    """The FreeSWITCH stand-in: auth, one subscription, then the stream `rounds` times."""
    if cpu is not None:
        os.sched_setaffinity(0, {cpu})
    conn, _ = listener.accept()
    conn.sendall(b"Content-Type: auth/request\n\n")
    _read_command(conn)
    conn.sendall(b"Content-Type: command/reply\nReply-Text: +OK accepted\n\n")
    command = _read_command(conn)
    fmt = b"json" if b"json" in command else b"plain"
    conn.sendall(b"Content-Type: command/reply\nReply-Text: +OK event listener enabled %s\n\n"
                 % fmt)
    chunks = [memoryview(stream)[i:i + CHUNK] for i in range(0, len(stream), CHUNK)]
    try:
        for _ in range(rounds):
            for chunk in chunks:
                conn.sendall(chunk)
        conn.recv(1)  # until the receiver hangs up
    except OSError:
        pass
    conn.close()


def _read_command(conn: socket.socket) -> bytes:
    data = b""
    while not data.endswith(b"\n\n"):
        data += conn.recv(4096)
    return data


def start_sender(frames: list[bytes], total: int, cpu: int | None):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    rounds = -(-total // len(frames))
    proc = multiprocessing.get_context("fork").Process(
        target=serve, args=(listener, b"".join(frames), rounds, cpu), daemon=True)
    proc.start()
    port = listener.getsockname()[1]
    listener.close()
    return proc, port, rounds * len(frames)


class Counter:
    def __init__(self, expected: int):
        self.expected = expected
        self.count = 0
        self.done_at = 0.0

    def __call__(self, event) -> None:
        headers = event.headers if isinstance(event.headers, dict) else event
        headers.get("Event-Name")
        headers.get("Unique-ID")
        self.count += 1
        if self.count == self.expected:
            self.done_at = time.perf_counter()


def run_ours(port: int, expected: int, fmt: str, timeout: float) -> tuple[float, int]:
    import gevent
    from fs_control.esl import InboundClient
    client = InboundClient("127.0.0.1", port, "x", timeout=10)
    client.connect()
    counter = Counter(expected)
    client.subscribe(counter, maxsize=expected + 1)
    started = time.perf_counter()
    client.events("ALL", fmt=fmt)
    _wait(counter, timeout, gevent.sleep)
    client.close()
    return (counter.done_at or time.perf_counter()) - started, counter.count


def run_greenswitch(port: int, expected: int, fmt: str, timeout: float) -> tuple[float, int]:
    import gevent
    from greenswitch.esl import InboundESL
    client = InboundESL("127.0.0.1", port, "x")
    client.connect()
    counter = Counter(expected)
    client.register_handle("*", counter)
    started = time.perf_counter()
    client.send("event plain ALL")
    _wait(counter, timeout, gevent.sleep)
    client._run = False
    client.sock.close()
    return (counter.done_at or time.perf_counter()) - started, counter.count


def _wait(counter: Counter, timeout: float, sleep) -> None:
    deadline = time.perf_counter() + timeout
    while counter.count < counter.expected and time.perf_counter() < deadline:
        sleep(0.01)


def measure(name: str, runner, frames: list[bytes], total: int, fmt: str,
            timeout: float) -> None:
    proc, port, expected = start_sender(frames, total, cpu=1 if os.cpu_count() > 1 else None)
    elapsed, count = runner(port, expected, fmt, timeout)
    proc.terminate()
    proc.join()
    rate = count / elapsed if elapsed else 0.0
    note = "" if count == expected else "  (only %d of %d within %ss)" % (count, expected, timeout)
    print("%-34s %9d events in %6.2f s = %8.0f events/s%s" % (name, count, elapsed, rate, note))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--greenswitch-events", type=int, default=50_000)
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    os.sched_setaffinity(0, {0})  # the receiver: one core
    plain, as_json = plain_frames(), json_frames()
    print("stream: %d captured events from %s, avg %d bytes (plain) / %d bytes (json)" % (
        len(plain), TRACE, sum(map(len, plain)) // len(plain),
        sum(map(len, as_json)) // len(as_json)))
    runs = [("stock greenswitch 0.0.19, plain", run_greenswitch, plain,
             args.greenswitch_events, "plain"),
            ("fs_control.esl, event plain", run_ours, plain, args.events, "plain"),
            ("fs_control.esl, event json", run_ours, as_json, args.events, "json")]
    for name, runner, frames, total, fmt in runs:
        measure(name, runner, frames, total, fmt, args.timeout)


if __name__ == "__main__":
    main()
