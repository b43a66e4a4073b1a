"""The visitor's view of a company, shared for a moment by every visitor polling it.

A thousand visitors of one company polling every few seconds would each recompute the
same queue figures; the wait changes on the scale of a call, so a view a second or two
old is as true, and the database sees one computation per company per moment. While one
request recomputes an expired view, the others are answered with the one it replaces
(not made to wait, nor to compute it too). None is never kept: a flood of made-up keys
must not fill the cache.
"""
from __future__ import annotations

import threading
import time
from typing import Any, Callable


class TtlCache:
    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.seconds, self.clock = seconds, clock
        self._values: dict[Any, tuple[float, Any]] = {}
        self._computing: set[Any] = set()
        self._lock = threading.Lock()

    def get(self, key: Any, compute: Callable[[], Any]) -> Any:
        now = self.clock()
        with self._lock:
            found = self._values.get(key)
            if found is not None and (now - found[0] < self.seconds or key in self._computing):
                return found[1]
            self._computing.add(key)
        try:
            value = compute()
        finally:
            with self._lock:
                self._computing.discard(key)
        if value is not None:
            with self._lock:
                self._values[key] = (now, value)
        return value

    def __len__(self) -> int:
        return len(self._values)

    def forget(self, key: Any) -> None:
        with self._lock:
            self._values.pop(key, None)
