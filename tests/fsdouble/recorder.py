"""A recording TCP proxy for Event Socket traffic: it sits between the controller and
FreeSWITCH (the inbound socket the controller opens, or the outbound socket the dialplan's
`socket` application opens to the controller) and writes every chunk both ways in the
captures' trace format (tests/captures/README.md):

    ### <from>-><to> <n> bytes t=<seconds since the connection opened>
    <n bytes>\\n

One trace file per connection. Plain threads and blocking sockets: it works beside gevent
code (the double, an in-process controller) without being patched by it.
"""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

_BUFFER = 65536


class RecordingProxy:
    """Accepts on 127.0.0.1:`port`, connects each connection on to `target`, records it.

    names: (the accepting side's sender name, the target's), e.g. ("client", "fs") for the
    inbound socket, ("fs", "controller") for the outbound one."""

    def __init__(self, port: int, target: tuple[str, int], names: tuple[str, str],
                 folder: Path, prefix: str):
        self.target, self.names, self.folder, self.prefix = target, names, folder, prefix
        self.traces: list[Path] = []
        self._lock = threading.Lock()
        self._server = socket.create_server(("127.0.0.1", port), reuse_port=False)
        self._server.settimeout(0.2)
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self.port = self._server.getsockname()[1]

    def start(self) -> "RecordingProxy":
        self._spawn(self._accept_loop)
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        for thread in list(self._threads):
            thread.join(timeout)
        self._server.close()

    def _spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            try:
                near, _ = self._server.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            self._spawn(self._relay, near)

    def _relay(self, near: socket.socket) -> None:
        try:
            far = socket.create_connection(self.target, timeout=5)
        except OSError:
            near.close()
            return
        with self._lock:
            path = self.folder / f"{self.prefix}-{len(self.traces) + 1}.trace"
            self.traces.append(path)
        trace = Trace(path)
        near_name, far_name = self.names
        other_way = threading.Thread(target=self._copy, daemon=True,
                                     args=(near, far, trace, f"{near_name}->{far_name}"))
        other_way.start()
        self._copy(far, near, trace, f"{far_name}->{near_name}")
        # Both ways to their end: FreeSWITCH's disconnect notice often comes after the
        # controller has closed its side, and the trace must still hold it.
        other_way.join()
        for sock in (near, far):
            sock.close()
        trace.close()

    def _copy(self, src: socket.socket, dst: socket.socket, trace: "Trace",
              direction: str) -> None:
        src.settimeout(0.2)
        try:
            while not self._stopping.is_set():
                try:
                    data = src.recv(_BUFFER)
                except socket.timeout:
                    continue
                if not data:
                    break
                trace.write(direction, data)
                dst.sendall(data)
        except OSError:  # the far end is gone; what came was traced before sending
            pass
        finally:
            # Pass the end on as a half-close, as FreeSWITCH and the controller would see
            # it, and leave the other way open until its sender ends too.
            try:
                dst.shutdown(socket.SHUT_WR)
            except OSError:
                pass


class Trace:
    """One connection's chunks, appended as they pass (so a crash keeps what came)."""

    def __init__(self, path: Path):
        self.path, self.start = path, time.monotonic()
        self._file = path.open("wb")
        self._lock = threading.Lock()

    def write(self, direction: str, data: bytes) -> None:
        with self._lock:
            stamp = time.monotonic() - self.start
            self._file.write(b"### %s %d bytes t=%.3f\n" % (direction.encode(), len(data), stamp))
            self._file.write(data + b"\n")
            self._file.flush()

    def close(self) -> None:
        with self._lock:
            self._file.close()
