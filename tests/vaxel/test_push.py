"""The push hub on real PostgreSQL: a NOTIFY for a company renders its view once and
reaches every watcher of that company, and nobody else's."""
from __future__ import annotations

import threading

import psycopg2

from vaxel.db import libpq_dsn
from vaxel.infra.push import LIVE_CHANNEL, PushHub


def notify(database_url: str, payload: str) -> None:
    conn = psycopg2.connect(libpq_dsn(database_url))
    try:
        conn.autocommit = True
        conn.cursor().execute("SELECT pg_notify(%s, %s)", (LIVE_CHANNEL, payload))
    finally:
        conn.close()


def test_a_notification_reaches_the_companys_watchers_rendered_once(database_url):
    state = {1: 0, 2: 0}
    renders: list[int] = []
    lock = threading.Lock()

    def render(company_id: int) -> str:
        with lock:
            renders.append(company_id)
            return f"company {company_id} v{state[company_id]}"
    hub = PushHub(database_url, [LIVE_CHANNEL], render)
    try:
        first, text = hub.subscribe(1)
        second, _ = hub.subscribe(1)
        other, _ = hub.subscribe(2)
        assert text == "company 1 v0"
        # The hub's first LISTEN re-renders everything: wait until it is listening.
        for subscription in (first, second, other):
            subscription.take(2.0)
        renders.clear()
        state[1] = 1
        notify(database_url, "1")
        assert first.take(5.0) == second.take(5.0) == "company 1 v1"
        assert other.take(0.3) is None
        assert renders == [1]
        # A new watcher (an app opened, a stream reconnecting) costs no render: it gets
        # the view the company's watchers last got.
        assert hub.subscribe(1)[1] == "company 1 v1" and renders == [1]
    finally:
        hub.stop()
