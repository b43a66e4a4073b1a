"""Caches that forget a company's entries the moment its configuration changes.

PostgreSQL triggers on NOTIFYING_TABLES NOTIFY `vaxel_config` with the company id ("*" for
everything) on every change to what calls read. A ChangeListener LISTENs on its own
connection and invalidates the caches it feeds; if the connection drops it clears them
all, so a missed notification can never leave a stale entry behind. A change committed
by the portal is seen by every look-up that starts after the listener has processed its
notification — PostgreSQL sends it at commit, so normally within milliseconds. The one
longer window is a connection that dies silently (the network path to a remote
PostgreSQL lost, no reset): TCP keepalives notice it within DEAD_CONNECTION_SECONDS, and
then the caches are emptied; until then answers may be that stale (docs/operations.md).
"""
from __future__ import annotations

import logging
import select
import threading
from collections import Counter, OrderedDict
from typing import Callable, Hashable

import psycopg2
from psycopg2 import extensions

from ..db import libpq_dsn

log = logging.getLogger(__name__)

CHANNEL = "vaxel_config"
# The tables whose every change NOTIFYs CHANNEL: their triggers (vaxel_notify_config per row,
# vaxel_notify_config_truncate per TRUNCATE) are made by migrations 0005, 0060, 0080 and
# 0090. A table that calls read from must be here and get both triggers in a migration;
# tests/vaxel/test_changes.py compares this list with pg_trigger in a migrated database.
NOTIFYING_TABLES = frozenset({
    "company", "users", "device", "presence_profile", "switchboard_service", "phone_number",
    "trunk", "ivr_menu", "ivr_option", "opening_schedule", "opening_hours",
    "schedule_exception", "schedule_override", "profile_schedule",
    "dialplan_snippet", "dialplan_snippet_version",
    "contact", "lookup_settings", "webhook_endpoint",
})
EVERYTHING = "*"
# The tag of an entry that several companies' rows make up (e.g. the list of trunks): any
# change at all forgets it.
ANY_COMPANY = "any"
# libpq's TCP keepalives on the listening connection: probes after 10 s idle, every 5 s,
# 3 unanswered → the connection is dead. Without them a silently lost connection would
# go unnoticed for hours (the kernel's 2-hour default) while the caches served stale
# answers. Ignored on a Unix socket, which cannot die silently.
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5,
              "keepalives_count": 3}
DEAD_CONNECTION_SECONDS = 10 + 5 * 3


class CompanyCache:
    """A bounded map of look-up results, each tagged with the company it belongs to."""

    def __init__(self, max_entries: int = 50_000):
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, tuple[object, object]] = OrderedDict()
        # Until the listener is connected nothing may be cached: a change could be missed.
        self.enabled = False
        # Bumped by every invalidation: a value loaded while one happened may be stale.
        self._generation = 0

    def get(self, key: Hashable, company: object, load: Callable[[], object]) -> object:
        return self.get_tagged(key, lambda: (company, load()))

    def get_tagged(self, key: Hashable, load: Callable[[], tuple[object, object]]) -> object:
        """Like get, for values whose company is known only once loaded: load returns
        (company, value); a company of None means "don't keep this one"."""
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
            return found[1]
        generation = self._generation
        company, value = load()
        if company is not None and self.enabled and generation == self._generation:
            self._entries[key] = (company, value)
            if len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value

    def invalidate(self, company: str) -> None:
        self._generation += 1
        if company == EVERYTHING:
            self._entries.clear()
            return
        # A copy: under plain threads (tests) the listener runs beside the readers.
        stale = [k for k, (c, _) in list(self._entries.items())
                 if str(c) == company or c == ANY_COMPANY]
        for key in stale:
            self._entries.pop(key, None)

    def __len__(self) -> int:
        return len(self._entries)


class ChangeListener:
    """LISTENs for configuration changes in a background thread (a greenlet under gevent)."""

    def __init__(self, database_url: str, caches: list[CompanyCache], *,
                 poll_seconds: float = 5.0):
        self.dsn = libpq_dsn(database_url)
        self.caches = caches
        self.poll_seconds = poll_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # Notifications acted upon, by payload (company id or "*"): lets a caller (a test)
        # wait until a change it committed has reached the caches.
        self.processed: Counter[str] = Counter()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="vaxel-changes", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen()
            except psycopg2.Error as exc:
                log.warning("configuration change listener lost PostgreSQL: %s", exc)
            self._set_enabled(False)
            self._stop.wait(self.poll_seconds)

    def connect(self):
        """A connection LISTENing on CHANNEL (caller closes it)."""
        conn = psycopg2.connect(self.dsn, connect_timeout=5, **KEEPALIVES)
        conn.set_isolation_level(extensions.ISOLATION_LEVEL_AUTOCOMMIT)
        conn.cursor().execute(f"LISTEN {CHANNEL}")
        return conn

    def _listen(self) -> None:
        conn = self.connect()
        try:
            self._set_enabled(True)
            while not self._stop.is_set():
                if select.select([conn], [], [], self.poll_seconds)[0]:
                    conn.poll()
                    for note in conn.notifies:
                        self._invalidate(note.payload)
                    conn.notifies.clear()
        finally:
            conn.close()

    def _set_enabled(self, enabled: bool) -> None:
        for cache in self.caches:
            cache.invalidate(EVERYTHING)
            cache.enabled = enabled

    def _invalidate(self, company: str) -> None:
        for cache in self.caches:
            cache.invalidate(company)
        self.processed[company] += 1
