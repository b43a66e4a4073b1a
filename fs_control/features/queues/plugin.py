"""Registering the queue feature with the controller (see fs_control.registry)."""
from __future__ import annotations

import logging

from vaxel.base import utcnow
from vaxel.queues import entries
from vaxel.queues.flow import queue_flow

from .. import Deps, Features, Periodic
from ...call_data import DatabaseCallData
from .performers import ENTRY_VARIABLE, QueuePerformers
from .callbacks import CallbackWorker
from .matcher import Matcher
from .notifier import QueueNotifier, dsn_of

log = logging.getLogger(__name__)

CALLBACK_INTERVAL = 1.0
# The periodic job that listens returns after each window and is started again at once.
LISTEN_WINDOW = 30.0
RESTART_LISTENING = 0.01


class QueueFeature:
    """The queue parts of one controller, wired together."""

    def __init__(self, deps: Deps, poll_seconds: float = 1.0):
        self.session_factory = deps.session_factory
        self.matcher = Matcher(deps.session_factory)
        self.callbacks = CallbackWorker(deps.session_factory, deps.inbound,
                                        DatabaseCallData(deps.session_factory), self.matcher)
        engine = deps.session_factory.kw["bind"]
        self.notifier = QueueNotifier(dsn_of(engine), self.on_message, self.poll, poll_seconds)
        self.performers = QueuePerformers(deps.session_factory, self.matcher, self.notifier)

    def on_message(self, kind: str, ident: int) -> None:
        if kind == "agent":
            self.matcher.agents([ident])
        elif kind == "callback":
            self.callbacks.tick()

    def poll(self) -> None:
        """The safety net under NOTIFY: wake local waiters whose entry moved on, match."""
        self.matcher.poll()
        if self.notifier.watched:
            with self.session_factory() as session:
                moved = entries.not_waiting(session, list(self.notifier.watched))
            for entry_id in moved:
                if entry_id in self.notifier.watched:
                    self.notifier.watched[entry_id].set()
        self.callbacks.tick()

    def on_hangup(self, event) -> None:
        self.callbacks.on_hangup(event)
        if not event.get("variable_" + ENTRY_VARIABLE):
            return
        with self.session_factory.begin() as session:
            freed = entries.leave_by_call(session, event.get("Unique-ID") or "", utcnow())
        self.matcher.agents(freed)

    def listen(self) -> None:
        self.notifier.serve_window(LISTEN_WINDOW)


def register(features: Features, deps: Deps) -> QueueFeature:
    queues = QueueFeature(deps)
    features.service_flows["queue"] = queue_flow
    features.performers.update(queues.performers.table())
    features.event_handlers.append((("CHANNEL_HANGUP_COMPLETE",), queues.on_hangup))
    features.periodic.append(Periodic("listen_for_queue_wakeups", RESTART_LISTENING, queues.listen))
    return queues
