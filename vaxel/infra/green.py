"""psycopg2 under gevent: waiting for PostgreSQL without blocking the other greenlets."""
from __future__ import annotations


def make_psycopg2_green() -> None:
    """Let psycopg2 wait for PostgreSQL cooperatively in a gevent process.

    psycopg2 is C code that blocks the whole process while it waits for the server; with
    this wait callback it polls its socket and yields to other greenlets instead (what
    psycogreen does, without another dependency). Only gevent services call this.
    """
    from psycopg2 import extensions

    extensions.set_wait_callback(_gevent_wait_callback)


def _gevent_wait_callback(conn, timeout: float | None = None) -> None:
    from gevent.socket import wait_read, wait_write
    from psycopg2 import OperationalError, extensions

    while True:
        state = conn.poll()
        if state == extensions.POLL_OK:
            return
        if state == extensions.POLL_READ:
            wait_read(conn.fileno(), timeout=timeout)
        elif state == extensions.POLL_WRITE:
            wait_write(conn.fileno(), timeout=timeout)
        else:
            raise OperationalError(f"bad state from poll: {state}")
