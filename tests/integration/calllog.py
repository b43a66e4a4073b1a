"""Reading what a journey left in the FreeSWITCH tests' database (fs_database_url)."""
from __future__ import annotations

import time
from typing import Callable, Collection, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from vaxel.calls.models import CallLogEntry
from vaxel.db import make_engine, make_session_factory

T = TypeVar("T")


def read(url: str, query: Callable[[Session], T]) -> T:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            return query(session)
    finally:
        engine.dispose()


def eventually(check: Callable[[], T], timeout: float, what: str, every: float = 0.2) -> T:
    """check()'s first truthy answer, asking again until `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() >= deadline:
            raise AssertionError(f"no {what} within {timeout:.0f} s")
        time.sleep(every)


def wait_until(url: str, query: Callable[[Session], T], timeout: float, what: str) -> T:
    """query's first truthy answer from the database (rows are written by the controller's
    batch writer, a moment after the switch's event)."""
    return eventually(lambda: read(url, query), timeout, what)


def call_log_rows(url: str, call_uuids: Collection[str]) -> list[CallLogEntry]:
    """The call-log rows of any of these channels (a call's legs)."""
    return read(url, lambda s: list(s.scalars(
        select(CallLogEntry).where(CallLogEntry.call_uuid.in_(list(call_uuids)))
        .execution_options(populate_existing=True))))


def the_call_log_row(url: str, call_uuid: str, leg_uuids: Collection[str],
                     timeout: float = 15.0) -> CallLogEntry:
    """The one row a finished call leaves: waits for the caller's leg's row, then checks that
    no other leg of the call was logged besides it."""
    wait_until(url, lambda s: s.scalar(select(CallLogEntry.id).where(
        CallLogEntry.call_uuid == call_uuid)), timeout, f"call-log row for {call_uuid}")
    rows = call_log_rows(url, {call_uuid, *leg_uuids})
    assert [r.call_uuid for r in rows] == [call_uuid], \
        f"call {call_uuid} (legs {sorted(leg_uuids)}) logged as {[r.call_uuid for r in rows]}"
    return rows[0]
