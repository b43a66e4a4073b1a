"""Just enough of the Event Socket to log in and run an API command (no fs_control)."""
from __future__ import annotations

import socket


class EslSession:
    def __init__(self, port: int, timeout: float = 5.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buffer = b""

    def close(self) -> None:
        self.sock.close()

    def _read_until(self, marker: bytes) -> bytes:
        while marker not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("FreeSWITCH closed the Event Socket")
            self.buffer += chunk
        head, _, self.buffer = self.buffer.partition(marker)
        return head

    def read_frame(self) -> tuple[dict[str, str], str]:
        head = self._read_until(b"\n\n").decode()
        headers = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
        length = int(headers.get("Content-Length", 0))
        while len(self.buffer) < length:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("FreeSWITCH closed the Event Socket")
            self.buffer += chunk
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return headers, body.decode(errors="replace")

    def auth(self, password: str) -> str:
        """The Reply-Text to `auth` ("+OK accepted" or "-ERR invalid")."""
        headers, _ = self.read_frame()
        assert headers.get("Content-Type") == "auth/request", headers
        self.sock.sendall(f"auth {password}\n\n".encode())
        headers, _ = self.read_frame()
        return headers.get("Reply-Text", "")

    def api(self, command: str) -> str:
        self.sock.sendall(f"api {command}\n\n".encode())
        headers, body = self.read_frame()
        assert headers.get("Content-Type") == "api/response", headers
        return body
