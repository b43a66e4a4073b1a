"""Wake-ups for queues: PostgreSQL LISTEN/NOTIFY in one greenlet, with a poll as safety net.

Payloads (vaxel.queues.matching / services): `offer:<entry>` wakes the greenlet holding
that caller; `callback:<entry>` wakes the callback worker; `agent:<user>` means an agent
became available elsewhere (the portal, another controller) and callers may be matched.
A notification can be lost (the connection drops, a controller restarts), so every
`poll_seconds` `on_poll` runs as if everything had been notified.
"""
from __future__ import annotations

import logging
import time
from typing import Callable

import gevent
import psycopg2
from gevent.event import Event
from gevent.socket import wait_read
from sqlalchemy.engine import Engine

from vaxel.queues.matching import CHANNEL

log = logging.getLogger(__name__)


def dsn_of(engine: Engine) -> str:
    url = engine.url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class QueueNotifier:
    def __init__(self, dsn: str, on_message: Callable[[str, int], object],
                 on_poll: Callable[[], object], poll_seconds: float = 1.0):
        self.dsn = dsn
        self.on_message = on_message
        self.on_poll = on_poll
        self.poll_seconds = poll_seconds
        self.watched: dict[int, Event] = {}
        self.listening = Event()

    def watch(self, entry_id: int) -> Event:
        return self.watched.setdefault(entry_id, Event())

    def unwatch(self, entry_id: int) -> None:
        self.watched.pop(entry_id, None)

    def serve_window(self, seconds: float = 30.0) -> None:
        """Listen for `seconds`, then return (the controller runs this as a periodic job,
        so stopping the controller stops listening; a new connection per window also
        replaces one that died silently). Notifications between windows are caught by
        the poll that opens every window."""
        self._safely(self.on_poll)
        try:
            # A plain connection: cooperative where the controller made psycopg2 green.
            conn = psycopg2.connect(self.dsn, connect_timeout=3)
        except psycopg2.Error as exc:
            log.warning("cannot listen for queue notifications (%s); polling meanwhile", exc)
            gevent.sleep(self.poll_seconds)
            return
        try:
            conn.autocommit = True
            conn.cursor().execute("LISTEN " + CHANNEL)
            self.listening.set()
            self._serve(conn, time.monotonic() + seconds)
        except (psycopg2.Error, OSError) as exc:
            log.warning("queue notifications interrupted (%s); listening again", exc)
        finally:
            self.listening.clear()
            conn.close()

    def _serve(self, conn, until: float) -> None:
        while time.monotonic() < until:
            if not _readable(conn, self.poll_seconds):
                self._safely(self.on_poll)
                continue
            conn.poll()
            while conn.notifies:
                self.dispatch(conn.notifies.pop(0).payload)

    def dispatch(self, payload: str) -> None:
        kind, _, ident = payload.partition(":")
        if not ident.isdigit():
            log.warning("queue notification with a bad payload: %.80r", payload)
            return
        if kind == "offer" and int(ident) in self.watched:
            self.watched[int(ident)].set()
            return
        self._safely(self.on_message, kind, int(ident))

    def _safely(self, job: Callable, *args) -> None:
        try:
            job(*args)
        except Exception:  # a failing wake-up must not stop the listener; the poll retries
            log.exception("queue wake-up %s%s failed", getattr(job, "__name__", job), args)


def _readable(conn, timeout: float) -> bool:
    try:
        wait_read(conn.fileno(), timeout=timeout)
    except gevent.socket.timeout:
        return False
    return True

