"""Abuse limits per visitor address: a sliding window of recent requests, in memory.

Each portal process counts on its own; behind N processes a flood gets at most N times
the limit through, which still bounds it. A refused request costs no database work.
"""
from __future__ import annotations

import threading
import time
from collections import deque
from typing import Callable


class SlidingWindow:
    """At most `limit` requests per `seconds` from one key; refused ones are not counted
    (a flood that keeps going does not push its own end further away)."""

    def __init__(self, limit: int, seconds: float, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 100_000):
        self.limit, self.seconds, self.clock, self.max_keys = limit, seconds, clock, max_keys
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = self.clock()
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                if len(self._hits) >= self.max_keys:
                    self._forget_idle(now)
                hits = self._hits[key] = deque()
            while hits and hits[0] <= now - self.seconds:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True

    def _forget_idle(self, now: float) -> None:
        """Many addresses (a spread-out flood): drop those with nothing in the window."""
        for key in [k for k, h in self._hits.items() if not h or h[-1] <= now - self.seconds]:
            del self._hits[key]


class Limits:
    """The widget's limits, set from the app's configuration. A chatting visitor's reads
    are long polls (one a wake-up or WAIT_SECONDS), counted apart from the state's polls."""

    def __init__(self, polls_per_minute: int = 30, callbacks_per_hour: int = 5,
                 chats_per_hour: int = 5, chat_messages_per_minute: int = 20,
                 chat_reads_per_minute: int = 120):
        self.polls = SlidingWindow(polls_per_minute, 60)
        self.callbacks = SlidingWindow(callbacks_per_hour, 3600)
        self.chat_starts = SlidingWindow(chats_per_hour, 3600)
        self.chat_messages = SlidingWindow(chat_messages_per_minute, 60)
        self.chat_reads = SlidingWindow(chat_reads_per_minute, 60)
