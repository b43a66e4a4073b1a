"""Real local HTTP servers that misbehave on purpose: dripping an answer a byte at a time,
answering without end, or cutting an answer short. Each runs in its own thread on
127.0.0.1 (so a gevent test process cannot starve it)."""
from __future__ import annotations

import socket
import threading
import time

OK_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"


class HostileServer:
    def __init__(self, behaviour: str, interval: float = 0.5):
        self.behaviour, self.interval = behaviour, interval
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.stopping = threading.Event()
        self.connections = 0

    @property
    def url(self) -> str:
        return "http://127.0.0.1:%d" % self.sock.getsockname()[1]

    def start(self) -> "HostileServer":
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.sock.close()

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            conn.recv(65536)  # the request (small, in one piece on loopback)
            getattr(self, "_" + self.behaviour)(conn)
        except OSError:  # the client gave up: that is the point
            pass
        finally:
            conn.close()

    def _drip(self, conn) -> None:
        """Headers at once, then the body one byte every `interval` (per-read timeouts
        never trip)."""
        conn.sendall(OK_HEAD + b"Content-Length: 200\r\n\r\n")
        self._trickle(conn, b"x" * 200)

    def _drip_headers(self, conn) -> None:
        self._trickle(conn, OK_HEAD + b"X-Padding: " + b"a" * 200 + b"\r\n\r\n{}")

    def _huge(self, conn) -> None:
        conn.sendall(OK_HEAD + b"\r\n")  # no length: the body ends when we close
        chunk = b"x" * 65536
        for _ in range(50 * 16):  # 50 MiB
            if self.stopping.is_set():
                return
            conn.sendall(chunk)

    def _truncated(self, conn) -> None:
        conn.sendall(OK_HEAD + b"Content-Length: 1000\r\n\r\n" + b"{\"partial\": ")

    def _trickle(self, conn, data: bytes) -> None:
        for byte in data:
            if self.stopping.is_set():
                return
            conn.sendall(bytes([byte]))
            time.sleep(self.interval)
