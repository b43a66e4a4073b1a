"""Run as its own gevent-patched process, as the controller runs: the webhook delivery
round as the controller schedules it, while company A's receiver drips its answer; prints
how long company B's delivery, enqueued meanwhile, took to arrive (JSON on stdout).

python -m tests.security.http_isolation_probe DATABASE_URL COMPANY_B
"""
from gevent import monkey

monkey.patch_all()  # noqa: E402 — before anything imports socket or threading

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import gevent  # noqa: E402
from sqlalchemy import select  # noqa: E402

from fs_control.features.webhooks.outbox import delivery_round  # noqa: E402
from vaxel.base import utcnow  # noqa: E402
from vaxel.db import make_engine, make_session_factory  # noqa: E402
from vaxel.infra.green import make_psycopg2_green  # noqa: E402
from vaxel.webhooks import services  # noqa: E402
from vaxel.infra.http import HttpPolicy  # noqa: E402
from vaxel.webhooks.models import DeliveryStatus, WebhookDelivery  # noqa: E402

GIVE_UP = 30.0


def b_delivered(factory, company_b: int) -> bool:
    with factory() as s:
        return s.scalar(select(WebhookDelivery.status).where(
            WebhookDelivery.company_id == company_b)) is DeliveryStatus.DELIVERED


def main(database_url: str, company_b: int) -> None:
    make_psycopg2_green()
    factory = make_session_factory(make_engine(database_url))
    deliver = delivery_round(factory, HttpPolicy(timeout=5, allow_private=True))

    def every():  # the controller's periodic job (fs_control.controller), a faster beat
        while True:
            deliver()
            gevent.sleep(0.2)
    gevent.spawn(every)
    gevent.sleep(1.0)  # company A's delivery is under way, dripping
    with factory.begin() as s:
        services.enqueue_event(s, company_b, "call.ended", {"call_id": "b"}, utcnow())
    started = time.monotonic()
    while not b_delivered(factory, company_b) and time.monotonic() - started < GIVE_UP:
        gevent.sleep(0.05)
    print(json.dumps({"b_seconds": time.monotonic() - started}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
