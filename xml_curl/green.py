"""Let psycopg2 wait for PostgreSQL cooperatively under gevent.

psycopg2 is C code that blocks the whole process while it waits for the server; with this
wait callback it polls its socket and yields to other greenlets instead (what psycogreen
does, without another dependency).
"""
from __future__ import annotations

import psycopg2
from psycopg2 import extensions


def make_psycopg2_green() -> None:
    extensions.set_wait_callback(gevent_wait_callback)


def gevent_wait_callback(conn, timeout: float | None = None) -> None:
    from gevent.socket import wait_read, wait_write  # only ever called under gevent

    while True:
        state = conn.poll()
        if state == extensions.POLL_OK:
            return
        if state == extensions.POLL_READ:
            wait_read(conn.fileno(), timeout=timeout)
        elif state == extensions.POLL_WRITE:
            wait_write(conn.fileno(), timeout=timeout)
        else:
            raise psycopg2.OperationalError(f"bad state from poll: {state}")
