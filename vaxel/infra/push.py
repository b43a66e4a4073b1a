"""Push: what a company's screens show, sent to them the moment it changes.

A PushHub LISTENs on PostgreSQL channels whose payload is a company id (`vaxel_live`
from live calls and queue log-ins, `vaxel_config` from users and presence; "*" means
every company). On a notification it renders each affected company's view once — one
render for all its watchers, however many — and hands the text to each subscriber that
watches the company, if it changed. A subscriber keeps only the newest text: a slow
reader skips states instead of queueing them. Views that change with time alone (a
meeting starting) are rendered again every `refresh_seconds`. One hub per process and
per view (the app's colleagues board today; the admin's live view can have its own).

Renders run on the hub's thread; the HTTP side (webadmin.push) turns a subscription
into server-sent events.
"""
from __future__ import annotations

import logging
import select
import threading
from collections import defaultdict
from typing import Callable, Iterable

import psycopg2
from psycopg2 import extensions

from ..db import libpq_dsn
from .changes import EVERYTHING, KEEPALIVES

log = logging.getLogger(__name__)

LIVE_CHANNEL = "vaxel_live"


class Subscription:
    """One watcher of one company's view: the newest text not yet taken. Subscriptions to
    several hubs may share `ready`, so that one stream waits for whichever speaks first."""

    def __init__(self, company_id: int, ready: threading.Condition | None = None):
        self.company_id = company_id
        self._text: str | None = None
        self._ready = ready or threading.Condition()

    @property
    def ready(self) -> threading.Condition:
        return self._ready

    def waiting(self) -> bool:
        """A text is there to take (ask while holding `ready`)."""
        return self._text is not None

    def offer(self, text: str) -> None:
        with self._ready:
            self._text = text
            self._ready.notify_all()

    def take(self, timeout: float) -> str | None:
        """The newest text, waiting up to `timeout` seconds; None if nothing new came."""
        with self._ready:
            if self._text is None:
                self._ready.wait(timeout)
            text, self._text = self._text, None
            return text


class PushHub:
    def __init__(self, database_url: str | None, channels: Iterable[str],
                 render: Callable[[int], str], *, refresh_seconds: float = 30.0):
        # None (a test's app without a database URL): no thread; each subscriber gets the
        # view as it was when it subscribed, and nothing after.
        self.dsn = libpq_dsn(database_url) if database_url else None
        self.channels = tuple(channels)
        self.render = render
        self.refresh_seconds = refresh_seconds
        self._watchers: dict[int, set[Subscription]] = defaultdict(set)
        self._last: dict[int, str] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._listening = False  # _last is current only while LISTENing

    def subscribe(self, company_id: int, ready: threading.Condition | None = None
                  ) -> tuple[Subscription, str]:
        """A new watcher and the view as it is now: the one the company's watchers last
        got (kept current while the hub listens), else rendered for it after it joined
        (a change in between reaches it, at worst, twice)."""
        self._start_once()
        subscription = Subscription(company_id, ready)
        with self._lock:
            self._watchers[company_id].add(subscription)
            last = self._last.get(company_id) if self._listening else None
        if last is not None:
            return subscription, last
        try:
            text = self.render(company_id)
        except BaseException:
            self.unsubscribe(subscription)
            raise
        with self._lock:
            self._last.setdefault(company_id, text)
        return subscription, text

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            watchers = self._watchers.get(subscription.company_id)
            if watchers is not None:
                watchers.discard(subscription)
                if not watchers:
                    del self._watchers[subscription.company_id]
                    self._last.pop(subscription.company_id, None)

    def watched(self) -> int:
        with self._lock:
            return sum(len(w) for w in self._watchers.values())

    def stop(self) -> None:
        self._stop.set()

    def _start_once(self) -> None:
        with self._lock:
            if self._thread is None and self.dsn is not None:
                self._thread = threading.Thread(target=self._run, name="vaxel-push", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen()
            except psycopg2.Error as exc:
                log.warning("push hub lost PostgreSQL: %s", exc)
            self._stop.wait(1.0)

    def _listen(self) -> None:
        conn = psycopg2.connect(self.dsn, connect_timeout=5, **KEEPALIVES)
        try:
            conn.set_isolation_level(extensions.ISOLATION_LEVEL_AUTOCOMMIT)
            for channel in self.channels:
                conn.cursor().execute(f"LISTEN {channel}")
            self.publish({EVERYTHING})  # anything missed while not listening
            self._listening = True
            while not self._stop.is_set():
                if select.select([conn], [], [], self.refresh_seconds)[0]:
                    conn.poll()
                    companies = {note.payload for note in conn.notifies}
                    conn.notifies.clear()
                else:
                    companies = {EVERYTHING}
                self.publish(companies)
        finally:
            self._listening = False
            conn.close()

    def publish(self, companies: set[str]) -> None:
        """Render each watched company among `companies` once and offer what changed."""
        with self._lock:
            watched = list(self._watchers)
        if EVERYTHING not in companies:
            watched = [c for c in watched if str(c) in companies]
        for company_id in watched:
            try:
                text = self.render(company_id)
            except Exception:  # one company's failure must not stop the others' pushes
                log.exception("push: rendering company %s failed", company_id)
                continue
            self._offer(company_id, text)

    def _offer(self, company_id: int, text: str) -> None:
        with self._lock:
            if self._last.get(company_id) == text:
                return
            self._last[company_id] = text
            watchers = list(self._watchers.get(company_id, ()))
        for subscription in watchers:
            subscription.offer(text)
