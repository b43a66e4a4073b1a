"""Run as its own gevent-patched process, as the controller runs: one of the controller's
outbound rounds as it schedules it, while company A's endpoint drips its answer; prints how
long company B's work, started meanwhile, took to be done (JSON on stdout).

python -m tests.security.http_isolation_probe KIND DATABASE_URL B
  webhooks  B is a company: its delivery, enqueued meanwhile, delivered
  stream    B is a company: its statistics stream, switched on meanwhile, pushed
  feeds     B is a user: their calendar feed fetched and stored
  lookups   B is a company: its call.ringing, with the caller looked up, written while
            five of A's look-ups drip (A is the other company with a directory)
"""
from gevent import monkey

monkey.patch_all()  # noqa: E402 — before anything imports socket or threading

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from typing import Callable  # noqa: E402

import gevent  # noqa: E402
from sqlalchemy import select  # noqa: E402

from fs_control.features.calendar.feeds import feed_round  # noqa: E402
from fs_control.call_events import call_ringing  # noqa: E402
from fs_control.features.webhooks.outbox import (  # noqa: E402
    CallWebhooks, delivery_round, stream_round)
from vaxel.base import utcnow  # noqa: E402
from vaxel.calendar.feed import http_feed  # noqa: E402
from vaxel.calendar.models import CalendarLink  # noqa: E402
from vaxel.db import make_engine, make_session_factory  # noqa: E402
from vaxel.infra.green import make_psycopg2_green  # noqa: E402
from vaxel.infra.http import HttpPolicy  # noqa: E402
from vaxel.caller_names.http_provider import http_fetch  # noqa: E402
from vaxel.caller_names.models import LookupSettings  # noqa: E402
from vaxel.people.models import User  # noqa: E402
from vaxel.statsstream.models import StatsStream  # noqa: E402
from vaxel.webhooks import services  # noqa: E402
from vaxel.webhooks.models import DeliveryStatus, WebhookDelivery  # noqa: E402

GIVE_UP = 30.0
POLICY = HttpPolicy(timeout=5, allow_private=True)


def webhooks(factory, company_b: int) -> tuple[Callable, Callable, Callable]:
    def start_b() -> None:
        with factory.begin() as s:
            services.enqueue_event(s, company_b, "call.ended", {"call_id": "b"}, utcnow())

    def done() -> bool:
        with factory() as s:
            return s.scalar(select(WebhookDelivery.status).where(
                WebhookDelivery.company_id == company_b)) is DeliveryStatus.DELIVERED
    return delivery_round(factory, POLICY), start_b, done


def stream(factory, company_b: int) -> tuple[Callable, Callable, Callable]:
    def start_b() -> None:
        with factory.begin() as s:
            s.get(StatsStream, company_b).active = True

    def done() -> bool:
        with factory() as s:
            row = s.get(StatsStream, company_b)
            return row.last_pushed_at is not None and not row.last_error
    return stream_round(factory, POLICY), start_b, done


def feeds(factory, user_b: int) -> tuple[Callable, Callable, Callable]:
    def done() -> bool:
        with factory() as s:
            row = s.get(CalendarLink, user_b)
            return row.last_fetched_at is not None and not row.last_error
    fetch = http_feed(allow_private=True, timeout=POLICY.timeout)
    return feed_round(factory, fetch), lambda: None, done


def ringing(company: int, user: int, leg: str, caller: str):
    """A B-leg's CHANNEL_CREATE ringing `user`, as the controller's events give it."""
    return call_ringing({
        "Event-Name": "CHANNEL_CREATE", "Unique-ID": leg + "-b",
        "Event-Date-Timestamp": str(int(time.time() * 1_000_000)),
        "variable_originating_leg_uuid": leg, "variable_vaxel_company_id": str(company),
        "variable_vaxel_user_id": str(user), "variable_vaxel_intent": "inbound",
        "variable_vaxel_dialled": "+46812345600", "Caller-Caller-ID-Number": caller})


def lookups(factory, company_b: int) -> tuple[Callable, Callable, Callable]:
    writer = CallWebhooks(factory, http_fetch(allow_private=True), "https://pbx.example")
    with factory() as s:
        company_a = s.scalar(select(LookupSettings.company_id).where(
            LookupSettings.company_id != company_b))
        user_of = {c: s.scalar(select(User.id).where(User.company_id == c))
                   for c in (company_a, company_b)}

    def put(company: int, leg: str, caller: str) -> None:
        started, rings = ringing(company, user_of[company], leg, caller)
        writer.on_started(started)
        writer.ringing.put(rings)
    for i in range(5):  # different callers: a failed look-up is remembered per number
        put(company_a, f"a-{i}", f"+4670123450{i}")

    def done() -> bool:
        with factory() as s:
            return s.scalar(select(WebhookDelivery.id).where(
                WebhookDelivery.company_id == company_b)) is not None
    return writer.drain_ringing, lambda: put(company_b, "b-1", "+46701234599"), done


def main(kind: str, database_url: str, b: int) -> None:
    make_psycopg2_green()
    factory = make_session_factory(make_engine(database_url))
    run_round, start_b, b_done = {"webhooks": webhooks, "stream": stream,
                                  "feeds": feeds, "lookups": lookups}[kind](factory, b)

    def every():  # the controller's periodic job (fs_control.controller), a faster beat
        while True:
            run_round()
            gevent.sleep(0.2)
    gevent.spawn(every)
    gevent.sleep(1.0)  # company A's exchange is under way, dripping
    start_b()
    started = time.monotonic()
    while not b_done() and time.monotonic() - started < GIVE_UP:
        gevent.sleep(0.05)
    print(json.dumps({"b_seconds": time.monotonic() - started}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
