"""A loopback TCP port in front of PostgreSQL's Unix socket, for Kamailio.

Kamailio's db_postgres takes only postgres://user@host:port/db, and the embedded
PostgreSQL the tests use without DATABASE_URL listens on a Unix socket alone. Each TCP
connection is relayed byte for byte to the socket, so PostgreSQL sees a local client."""
from __future__ import annotations

import socket
import threading
from functools import lru_cache
from pathlib import Path

from sqlalchemy.engine import make_url


def tcp_reachable(database_url: str) -> str:
    """`database_url` itself when it names a TCP host, else the same database through a
    loopback port relayed to its Unix socket (started once per socket, for the run)."""
    url = make_url(database_url)
    folder = url.query.get("host")
    if url.host or not folder:
        return database_url
    socket_path = Path(folder) / f".s.PGSQL.{url.port or 5432}"
    port = _bridge(str(socket_path))
    return url.set(host="127.0.0.1", port=port, query={}).render_as_string(hide_password=False)


@lru_cache(maxsize=None)
def _bridge(socket_path: str) -> int:
    server = socket.create_server(("127.0.0.1", 0))
    threading.Thread(target=_accept, args=(server, socket_path), daemon=True).start()
    return server.getsockname()[1]


def _accept(server: socket.socket, socket_path: str) -> None:
    while True:
        client, _ = server.accept()
        backend = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            backend.connect(socket_path)
        except OSError:
            client.close()
            continue
        for a, b in ((client, backend), (backend, client)):
            threading.Thread(target=_pump, args=(a, b), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
