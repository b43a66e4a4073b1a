"""Reading what a journey left in the FreeSWITCH tests' database (fs_database_url)."""
from __future__ import annotations

from typing import Callable, Collection, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from vaxel.calls.models import CallLogEntry
from vaxel.db import make_engine, make_session_factory

from .waiting import wait_until

T = TypeVar("T")


def read(url: str, query: Callable[[Session], T]) -> T:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            return query(session)
    finally:
        engine.dispose()


def wait_for_row(url: str, query: Callable[[Session], T], timeout: float, what: str) -> T:
    """query's first truthy answer from the database (rows are written by the controller's
    batch writer, a moment after the switch's event)."""
    return wait_until(lambda: read(url, query), timeout, what, every=0.2)


def call_log_rows(url: str, call_uuids: Collection[str]) -> list[CallLogEntry]:
    """The call-log rows of any of these channels (a call's legs)."""
    return read(url, lambda s: list(s.scalars(
        select(CallLogEntry).where(CallLogEntry.call_uuid.in_(list(call_uuids)))
        .execution_options(populate_existing=True))))


def the_call_log_row(url: str, call_uuid: str, leg_uuids: Collection[str],
                     timeout: float = 15.0) -> CallLogEntry:
    """The one row a finished call leaves: waits for the caller's leg's row, then checks that
    no other leg of the call was logged besides it."""
    wait_for_row(url, lambda s: s.scalar(select(CallLogEntry.id).where(
        CallLogEntry.call_uuid == call_uuid)), timeout, f"call-log row for {call_uuid}")
    rows = call_log_rows(url, {call_uuid, *leg_uuids})
    assert [r.call_uuid for r in rows] == [call_uuid], \
        f"call {call_uuid} (legs {sorted(leg_uuids)}) logged as {[r.call_uuid for r in rows]}"
    return rows[0]
