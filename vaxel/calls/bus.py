"""A tiny in-process, synchronous event bus: handlers run in order; one failing handler is
logged and does not stop the others (a broken webhook must not lose the call log)."""
from __future__ import annotations

import logging
from collections import defaultdict
from typing import Callable

log = logging.getLogger(__name__)

Handler = Callable[[object], None]


class EventBus:
    def __init__(self) -> None:
        self._handlers: dict[type, list[Handler]] = defaultdict(list)

    def subscribe(self, event_type: type, handler: Handler) -> None:
        """Call `handler` for every published event of `event_type` (or a subclass)."""
        self._handlers[event_type].append(handler)

    def publish(self, event: object) -> int:
        """Deliver `event`; returns how many handlers failed."""
        failures = 0
        for handler in self._handlers_for(type(event)):
            try:
                handler(event)
            except Exception:  # isolation is the point: log with traceback and go on
                failures += 1
                log.exception("handler %r failed on %s", handler, type(event).__name__)
        return failures

    def _handlers_for(self, event_type: type) -> list[Handler]:
        return [h for base in event_type.__mro__ for h in self._handlers.get(base, ())]
