"""Configuration caches forget a company's entries when PostgreSQL says it changed."""
import time
from contextlib import contextmanager

import pytest
from sqlalchemy import text

from tests.actors import SYSTEM
from vaxel.infra.changes import NOTIFYING_TABLES, ChangeListener, CompanyCache
from vaxel.people.services import create_user
from vaxel.tenancy.services import create_company


def wait_for(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@contextmanager
def listening(database_url):
    """A cache fed by a started, connected change listener: (cache, listener)."""
    cache = CompanyCache()
    listener = ChangeListener(database_url, [cache], poll_seconds=0.2)
    listener.start()
    try:
        assert wait_for(lambda: cache.enabled), "the listener never connected"
        yield cache, listener
    finally:
        listener.stop()


def test_cache_keeps_values_per_company_and_drops_one_company():
    cache = CompanyCache()
    cache.enabled = True
    assert cache.get("a", 1, lambda: "A") == "A"
    assert cache.get("b", 2, lambda: "B") == "B"
    assert cache.get("a", 1, lambda: "changed") == "A"
    cache.invalidate("1")
    assert cache.get("a", 1, lambda: "changed") == "changed"
    assert cache.get("b", 2, lambda: "changed") == "B"
    cache.invalidate("*")
    assert len(cache) == 0


def test_cache_stores_nothing_until_the_listener_is_connected():
    cache = CompanyCache()
    assert cache.get("a", 1, lambda: "A") == "A"
    assert cache.get("a", 1, lambda: "B") == "B"


def test_a_value_loaded_while_an_invalidation_happened_is_not_kept():
    cache = CompanyCache()
    cache.enabled = True

    def load():
        cache.invalidate("1")  # a change committed while we were reading
        return "maybe stale"
    cache.get("a", 1, load)
    assert cache.get("a", 1, lambda: "fresh") == "fresh"


def test_a_committed_change_invalidates_its_company(committed_db, database_url):
    with listening(database_url) as (cache, listener):
        with committed_db.begin() as s:
            acme = create_company(s, SYSTEM, "Acme", "acme.example")
        company_id = acme.id
        cache.get("x", company_id, lambda: "old")
        cache.get("y", company_id + 1000, lambda: "other")
        with committed_db.begin() as s:
            create_user(s, SYSTEM, s.merge(acme), "Alex", "1000")
        assert wait_for(lambda: cache.get("x", company_id, lambda: "new") == "new")
        assert cache.get("y", company_id + 1000, lambda: "reloaded") == "other"


def test_contacts_and_webhook_endpoints_notify_their_company_too(committed_db, database_url):
    from vaxel.caller_names.services import save_contact
    from vaxel.webhooks.services import create_endpoint

    with listening(database_url) as (cache, listener):
        with committed_db.begin() as s:
            company_id = create_company(s, SYSTEM, "Acme", "acme.example").id
        for change in (lambda s: save_contact(s, company_id, "+46701234567", "Kund AB"),
                       lambda s: create_endpoint(s, SYSTEM, company_id, "https://93.184.216.34/h",
                                                 ["call.ended"], "")):
            cache.get("x", company_id, lambda: "old")
            with committed_db.begin() as s:
                change(s)
            assert wait_for(lambda: cache.get("x", company_id, lambda: "new") == "new")
            cache.invalidate("*")


def test_the_listener_counts_each_processed_notification(committed_db, database_url):
    with listening(database_url) as (cache, listener):
        with committed_db.begin() as s:
            company_id = str(create_company(s, SYSTEM, "Acme", "acme.example").id)
        assert wait_for(lambda: listener.processed[company_id] >= 1)


def test_a_silently_lost_listening_connection_is_noticed_by_tcp_keepalives(database_url):
    """A cache fed by a dead connection would answer stale forever; keepalive probes bound
    how long the listener can sit on one (DEAD_CONNECTION_SECONDS)."""
    import os
    import socket

    from vaxel.infra.changes import KEEPALIVES

    conn = ChangeListener(database_url, []).connect()
    try:
        sock = socket.socket(fileno=os.dup(conn.fileno()))
        if sock.family == socket.AF_UNIX:
            sock.close()
            pytest.skip("a Unix socket (embedded PostgreSQL) cannot die silently")
        with sock:
            assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE) == KEEPALIVES["keepalives_idle"]
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT) == KEEPALIVES["keepalives_count"]
    finally:
        conn.close()


NOTIFY_TRIGGERS = text("""
    SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE t.tgname IN ('vaxel_notify_config', 'vaxel_notify_config_truncate')
      AND NOT t.tgisinternal""")


def test_the_tables_that_invalidate_caches_are_the_ones_the_migrations_put_triggers_on(db):
    triggers = db.execute(NOTIFY_TRIGGERS).all()
    for trigger in ("vaxel_notify_config", "vaxel_notify_config_truncate"):
        tables = {table for name, table in triggers if name == trigger}
        assert tables == NOTIFYING_TABLES, (
            f"{trigger}: in the database, not in NOTIFYING_TABLES: "
            f"{sorted(tables - NOTIFYING_TABLES)}; in the list, not in the database: "
            f"{sorted(NOTIFYING_TABLES - tables)}")
