"""Webhooks in the controller: call events into the PostgreSQL outbox, and the delivery
worker that sends the outbox (a periodic job; it restarts with the controller and loses
nothing, since every pending delivery is a row).

call.answered, call.ended and call.missed are written to the outbox inside the bus handler,
so once the event is handled the delivery is durable. call.ringing waits for the caller
look-up (the external directory may take up to a second), so it goes through a queue
drained by its own greenlet: the inbound Event Socket loop never waits on HTTP.

One tenant's slow endpoint must not hold up the others (every request also has a total
deadline, vaxel.infra.http): deliveries are sent by a pool the round does not wait for,
with at most PER_COMPANY in flight for one company; each call.ringing look-up and each
company's statistics push runs in its own greenlet.
"""
from __future__ import annotations

import logging
from collections import Counter, OrderedDict
from typing import Callable

import gevent
import gevent.pool
import gevent.queue
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from vaxel.base import utcnow
from vaxel.calls.events import CallAnswered, CallEnded, CallRinging, CallStarted
from vaxel.caller_names.services import Fetch, lookup
from vaxel.redact import url_for_log
from vaxel.infra.changes import CompanyCache
from vaxel.webhooks import calls, delivery, events
from vaxel.infra.http import HttpPolicy
from vaxel.statsstream.services import push_due
from vaxel.webhooks.services import enqueue_event, subscribed_events

log = logging.getLogger(__name__)

DELIVERY_INTERVAL = 2.0
RINGING_INTERVAL = 0.2
STREAM_INTERVAL = 5.0  # each company's own interval (5 s at least) is checked this often
SENDERS = 10  # deliveries in flight at once: one slow receiver must not hold up the others
PER_COMPANY = 3  # of which one company's at most
LOOKUPS = 50  # call.ringing look-ups in flight at once
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
        self.lookups = gevent.pool.Pool(LOOKUPS)

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
        """Write every queued call.ringing, each with its caller look-up in its own greenlet
        (a company whose directory is slow delays only its own)."""
        while not self.ringing.empty():
            self.lookups.spawn(self.write_ringing, self.ringing.get_nowait())
        gevent.sleep(0)  # let them start (and, with no I/O to wait on, finish)

    def write_ringing(self, event: CallRinging) -> None:
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


class DeliveryRound:
    """The periodic round: lease as many due deliveries as there are free senders (none
    of a company that already has PER_COMPANY in flight) and start them; it never waits
    for a send, so a slow receiver holds one sender, not the round."""

    def __init__(self, session_factory: sessionmaker[Session], policy: HttpPolicy,
                 pool_size: int = SENDERS, per_company: int = PER_COMPANY):
        self.session_factory, self.policy, self.per_company = session_factory, policy, per_company
        self.pool = gevent.pool.Pool(pool_size)
        self.in_flight: Counter[int] = Counter()

    def __call__(self) -> int:
        free = self.pool.free_count()
        if free == 0:
            return 0
        items = delivery.lease_due(self.session_factory, utcnow(), limit=free,
                                   room=lambda company: self.per_company - self.in_flight[company])
        for item in items:
            self.in_flight[item.company_id] += 1
            self.pool.spawn(self._send_one, item)
        gevent.sleep(0)  # let them start (and, with no I/O to wait on, finish)
        return len(items)

    def _send_one(self, item: delivery.Outgoing) -> None:
        try:
            status, error = delivery.send(item, self.policy)
            if error:
                log.info("webhook %s (%s) to %s failed: %s", item.event_id, item.event_type,
                         url_for_log(item.url), error)
            delivery.record(self.session_factory, item, status, error, utcnow())
        finally:
            self.in_flight[item.company_id] -= 1
            if self.in_flight[item.company_id] <= 0:
                del self.in_flight[item.company_id]

    def wait(self, timeout: float) -> bool:
        """Until every started send is done (tests, shutdown); False if some still run."""
        return self.pool.join(timeout=timeout)


def delivery_round(session_factory: sessionmaker[Session], policy: HttpPolicy,
                   pool_size: int = SENDERS) -> DeliveryRound:
    return DeliveryRound(session_factory, policy, pool_size)


def stream_round(session_factory: sessionmaker[Session], policy: HttpPolicy,
                 pool_size: int = SENDERS) -> Callable[[], int]:
    """Statistics pushes, each company's in its own greenlet (a slow receiver delays only
    its own company's pushes; a push still running is not started again)."""
    pool = gevent.pool.Pool(pool_size)
    running: set[int] = set()

    def push(run: Callable[[], None], company_id: int) -> None:
        if company_id in running or pool.full():
            return
        running.add(company_id)
        pool.spawn(run).link(lambda _: running.discard(company_id))

    def push_streams() -> int:
        due = push_due(session_factory, policy, utcnow(), start=push)
        gevent.sleep(0)  # let them start
        return due
    return push_streams
