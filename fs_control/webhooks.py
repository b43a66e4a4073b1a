"""Webhooks in the controller: call events into the PostgreSQL outbox, and the delivery
worker that sends the outbox (a periodic job; it restarts with the controller and loses
nothing, since every pending delivery is a row).

call.answered, call.ended and call.missed are written to the outbox inside the bus handler,
so once the event is handled the delivery is durable. call.ringing waits for the caller
look-up (the external directory may take up to a second), so it goes through a queue
drained by its own greenlet: the inbound Event Socket loop never waits on HTTP.
"""
from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Callable

import gevent.pool
import gevent.queue
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from vaxel.base import utcnow
from vaxel.calls.events import CallAnswered, CallEnded, CallRinging, CallStarted
from vaxel.lookup.directory import http_fetch
from vaxel.lookup.services import Fetch, lookup
from vaxel.redact import url_for_log
from vaxel.changes import CompanyCache
from vaxel.webhooks import calls, delivery, events
from vaxel.webhooks.http import HttpPolicy
from vaxel.statsstream.services import push_due
from vaxel.webhooks.services import enqueue_event, subscribed_events

from .features import Deps, Features

log = logging.getLogger(__name__)

DELIVERY_INTERVAL = 2.0
RINGING_INTERVAL = 0.2
STREAM_INTERVAL = 5.0  # each company's own interval (5 s at least) is checked this often
SENDERS = 10  # deliveries in flight at once: one slow receiver must not hold up the others
REMEMBERED_CALLS = 10_000
# The recording of a call, if it was recorded (vaxel.recordings' table).
ENDED_EVENTS = {events.CALL_ENDED, events.CALL_MISSED}
_RECORDING = text("SELECT id FROM call_recording WHERE call_uuid = :u ORDER BY id LIMIT 1")


class CallWebhooks:
    """Bus subscriber: turns call events into outbox rows."""

    def __init__(self, session_factory: sessionmaker[Session], fetch: Fetch | None,
                 public_url: str, cache: CompanyCache | None = None):
        self.session_factory, self.fetch, self.public_url = session_factory, fetch, public_url
        self.cache = CompanyCache() if cache is None else cache
        self.started: OrderedDict[str, CallStarted] = OrderedDict()
        self.ringing: gevent.queue.Queue = gevent.queue.Queue()

    def subscribe(self, bus) -> None:
        bus.subscribe(CallStarted, self.on_started)
        bus.subscribe(CallRinging, self.ringing.put)
        bus.subscribe(CallAnswered, self.on_answered)
        bus.subscribe(CallEnded, self.on_ended)

    def on_started(self, event: CallStarted) -> None:
        self.started[event.call_uuid] = event
        while len(self.started) > REMEMBERED_CALLS:
            self.started.popitem(last=False)

    def on_answered(self, event: CallAnswered) -> None:
        self._write(event.company_id, [(events.CALL_ANSWERED, calls.answered_data(event))],
                    event)

    def on_ended(self, event: CallEnded) -> None:
        self.started.pop(event.call_uuid, None)
        with self.session_factory.begin() as session:
            # Most companies subscribe to nothing: one query, then done.
            wanted = self.cache.get(("webhook_events", event.company_id), event.company_id,
                                    lambda: frozenset(subscribed_events(session, event.company_id)))
            if not wanted & ENDED_EVENTS:
                return
            recording = session.scalar(_RECORDING, {"u": event.call_uuid})
            url = f"{self.public_url}/api/v1/recordings/{recording}" if recording else None
            for kind, data in calls.ended_webhooks(event, url):
                enqueue_event(session, event.company_id, kind, data, event.at)

    def drain_ringing(self) -> None:
        """Write every queued call.ringing, each with its caller look-up."""
        while not self.ringing.empty():
            event: CallRinging = self.ringing.get_nowait()
            started = self.started.get(event.call_uuid)
            with self.session_factory.begin() as session:
                caller = lookup(session, event.company_id, started.from_number, utcnow(),
                                self.fetch) if started else None
                enqueue_event(session, event.company_id, events.CALL_RINGING,
                              calls.ringing_data(event, started, caller), event.at)

    def _write(self, company_id: int, items: list[tuple[str, dict]], event) -> None:
        with self.session_factory.begin() as session:
            for kind, data in items:
                enqueue_event(session, company_id, kind, data, event.at)


def delivery_round(session_factory: sessionmaker[Session], policy: HttpPolicy,
                   pool_size: int = SENDERS) -> Callable[[], int]:
    """One periodic round: lease what is due, send with a few in flight, record each."""
    pool = gevent.pool.Pool(pool_size)

    def deliver() -> int:
        items = delivery.lease_due(session_factory, utcnow(), limit=pool_size * 5)
        pool.map(lambda item: _send_one(session_factory, policy, item), items)
        return len(items)
    deliver.__name__ = "deliver_webhooks"
    return deliver


def _send_one(session_factory, policy: HttpPolicy, item: delivery.Outgoing) -> None:
    status, error = delivery.send(item, policy)
    if error:
        log.info("webhook %s (%s) to %s failed: %s", item.event_id, item.event_type,
                 url_for_log(item.url), error)
    delivery.record(session_factory, item, status, error, utcnow())


def add_webhooks(features: Features, deps: Deps) -> CallWebhooks:
    settings = deps.settings
    policy = HttpPolicy(timeout=settings.webhook_timeout,
                        allow_private=settings.integrations_allow_private)
    writer = CallWebhooks(deps.session_factory, http_fetch(settings.integrations_allow_private),
                          settings.public_url, deps.cache)
    writer.subscribe(deps.bus)
    features.periodic.append((RINGING_INTERVAL, writer.drain_ringing))
    features.periodic.append((DELIVERY_INTERVAL, delivery_round(deps.session_factory, policy)))
    features.periodic.append((STREAM_INTERVAL, lambda: push_due(deps.session_factory, policy,
                                                               utcnow())))
    return writer
