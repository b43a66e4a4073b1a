"""Ids commit in order within a company: a reader resuming "after N" never skips a
message that was numbered earlier but committed later (the company's chat lock)."""
from __future__ import annotations

import threading
import time
import uuid

from sqlalchemy import text

from vaxel.chat import messages, services
from vaxel.storage import Store

from .conftest import make_office


def _wait_for(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def test_a_later_sender_waits_until_the_earlier_one_commits(committed_db, tmp_path):
    store = Store(tmp_path)
    with committed_db.begin() as session:
        office = make_office(session, "Order")
        direct = services.start_direct(session, office.anna, office.bo.user_id).id
        group = services.create_group(session, office.cecilia, "G", open_to_join=True)
        services.join(session, office.bo, group.id)
        group = group.id
    first = committed_db()
    earlier, _ = messages.send(first, office.anna, store, direct, str(uuid.uuid4()), "first")
    done = threading.Event()

    def later_sender() -> None:
        with committed_db.begin() as session:
            messages.send(session, office.cecilia, store, group, str(uuid.uuid4()), "second")
        done.set()

    thread = threading.Thread(target=later_sender, daemon=True)
    thread.start()
    try:
        with committed_db() as probe:
            _wait_for(lambda: probe.scalar(text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) > 0)
            assert messages.since(probe, office.bo, 0) == []  # nothing visible, nothing skipped
        first.commit()
    finally:
        first.close()
    thread.join(timeout=30)
    assert done.is_set()
    with committed_db() as session:
        seen = [(m.id, m.body) for m in messages.since(session, office.bo, 0)]
    assert [body for _, body in seen] == ["first", "second"] and seen[0][0] == earlier.id
