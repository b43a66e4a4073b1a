"""Running vaxel.queues.matching from the controller: when, and in which transactions."""
from __future__ import annotations

import logging
from typing import Callable, Iterable

import datetime as dt

import gevent
from sqlalchemy.orm import Session, sessionmaker

from vaxel.base import utcnow
from vaxel.queues.agents import end_wrap_ups
from vaxel.queues.matching import match_queue, queues_ready, queues_with_callers_for
from vaxel.queues.strategies import Assignment

log = logging.getLogger(__name__)


class Matcher:
    """Each match is its own short transaction (the offers' NOTIFY goes out at commit)."""

    def __init__(self, session_factory: sessionmaker[Session],
                 clock: Callable[[], dt.datetime] = utcnow):
        self.session_factory = session_factory
        self.clock = clock

    def queue(self, queue_id: int) -> list[Assignment]:
        with self.session_factory.begin() as session:
            return match_queue(session, queue_id, self.clock())

    def agents(self, user_ids: Iterable[int]) -> None:
        """Agents just became free: offer them the callers waiting in their queues."""
        for user_id in user_ids:
            with self.session_factory() as session:
                queue_ids = queues_with_callers_for(session, user_id)
            for queue_id in queue_ids:
                self.queue(queue_id)

    def after(self, seconds: float, user_id: int | None) -> None:
        """Match again once a wrap-up is over (the poll covers a controller that dies)."""
        if user_id is not None and seconds > 0:
            gevent.spawn_later(seconds + 0.01, self._safely, self.wrap_up_over, user_id)
        elif user_id is not None:
            self._safely(self.agents, [user_id])

    def wrap_up_over(self, user_id: int) -> None:
        """The agent's wrap-up has run out: available now (announced), then offered."""
        self.end_wrap_ups(user_id)
        self.agents([user_id])

    def end_wrap_ups(self, user_id: int | None = None) -> list[int]:
        with self.session_factory.begin() as session:
            return end_wrap_ups(session, self.clock(), user_id)

    def poll(self) -> None:
        self.end_wrap_ups()
        with self.session_factory() as session:
            queue_ids = queues_ready(session, self.clock())
        for queue_id in queue_ids:
            self.queue(queue_id)

    def _safely(self, job: Callable, *args) -> None:
        try:
            job(*args)
        except Exception:  # logged; the periodic poll matches whatever this missed
            log.exception("queue matching failed")
