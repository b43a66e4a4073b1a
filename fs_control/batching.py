"""Writing many small rows in few transactions.

Every channel event and finished call writes a row or two; one transaction each costs the
controller more CPU than the calls themselves (BENCHMARKS.md). A BatchWriter collects
writes for up to `interval` seconds and commits them together, in the order they came.
If a batch fails, its writes are retried one transaction each, so one bad row never takes
the others with it. What is still queued when the process dies is lost — as it would be in
an event queue — and is recovered by the CDR reconciliation (call log) and the periodic
live-call check.
"""
from __future__ import annotations

import logging
from typing import Callable

import gevent
from gevent.event import Event
from gevent.queue import Empty, Queue
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

Write = Callable[[Session], object]


class BatchWriter:
    def __init__(self, session_factory: sessionmaker[Session], *, interval: float = 0.05,
                 max_batch: int = 500):
        self.session_factory = session_factory
        self.interval = interval
        self.max_batch = max_batch
        self.queue: Queue = Queue()
        self.greenlet = gevent.spawn(self._run)

    def submit(self, write: Write) -> None:
        self.queue.put(write)

    def flush(self, timeout: float = 5.0) -> None:
        """Wait until everything submitted so far is written (tests, shutdown)."""
        done = Event()
        self.queue.put(lambda session: done.set())
        done.wait(timeout)

    def _run(self) -> None:
        while True:
            batch = [self.queue.get()]
            deadline = gevent.get_hub().loop.now() + self.interval
            while len(batch) < self.max_batch:
                try:
                    batch.append(self.queue.get(timeout=max(0.0, deadline - gevent.get_hub().loop.now())))
                except Empty:
                    break
            self._write(batch)

    def _write(self, batch: list[Write]) -> None:
        try:
            with self.session_factory.begin() as session:
                for write in batch:
                    write(session)
        except SQLAlchemyError as exc:
            log.warning("a batch of %s writes failed (%s); writing them one by one", len(batch), exc)
            for write in batch:
                self._write_one(write)

    def _write_one(self, write: Write) -> None:
        try:
            with self.session_factory.begin() as session:
                write(session)
        except SQLAlchemyError as exc:
            log.error("a write was lost: %s", exc)
