"""The outbox against real PostgreSQL and a real HTTP receiver: signed deliveries, retries
with back-off, giving up after 24 hours, disabling a failing endpoint and telling the admin."""
from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import select

from tests.actors import SYSTEM
from vaxel.audit.models import AuditEntry
from vaxel.models import Plan
from vaxel.tenancy.services import create_company
from vaxel.webhooks import services, signing
from vaxel.webhooks.delivery import deliver_due
from vaxel.infra.http import HttpPolicy
from vaxel.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

T0 = dt.datetime(2030, 3, 1, 12, 0, tzinfo=dt.timezone.utc)
LOCAL = HttpPolicy(timeout=2, allow_private=True)


@pytest.fixture
def company(committed_db):
    with committed_db.begin() as s:
        return create_company(s, SYSTEM, "Hooks", "hooks.example", plan=Plan.BUSINESS).id


def subscribe(factory, company, url, events=("call.ended",)) -> WebhookEndpoint:
    with factory.begin() as s:
        return services.create_endpoint(s, SYSTEM, company, url, events)


def enqueue(factory, company, kind="call.ended", at=T0):
    with factory.begin() as s:
        return services.enqueue_event(s, company, kind, {"call_id": "c1"}, at)


def test_a_delivery_is_signed_and_carries_its_idempotent_id(committed_db, company, receiver):
    endpoint = subscribe(committed_db, company, receiver.url + "/hook")
    event_id = enqueue(committed_db, company)
    assert deliver_due(committed_db, LOCAL, clock=lambda: T0) == 1
    [got] = receiver.received
    assert got.json()["id"] == event_id == got.headers["Vaxel-Event-Id"]
    assert got.json()["type"] == "call.ended" and got.json()["company"] == company
    assert signing.verify(endpoint.secret, got.headers["Vaxel-Signature"], got.body,
                          now=int(time.time()))
    with committed_db() as s:
        row = s.scalar(select(WebhookDelivery))
        assert row.status is DeliveryStatus.DELIVERED and row.attempts == 1


def test_events_nobody_subscribes_to_write_nothing(committed_db, company, receiver):
    subscribe(committed_db, company, receiver.url, events=("call.missed",))
    assert enqueue(committed_db, company, "call.ended") is None


def test_a_failing_receiver_gets_the_same_body_again_after_backing_off(committed_db, company,
                                                                        receiver):
    answers = iter([500, 200])
    receiver.answer = lambda r: (next(answers), "text/plain", "")
    subscribe(committed_db, company, receiver.url)
    enqueue(committed_db, company)
    deliver_due(committed_db, LOCAL, clock=lambda: T0)
    assert deliver_due(committed_db, LOCAL, clock=lambda: T0 + dt.timedelta(seconds=10)) == 0
    deliver_due(committed_db, LOCAL, clock=lambda: T0 + dt.timedelta(seconds=31))
    first, second = receiver.received
    assert first.body == second.body
    assert second.headers["Vaxel-Delivery-Attempt"] == "2"
    with committed_db() as s:
        assert s.scalar(select(WebhookDelivery)).status is DeliveryStatus.DELIVERED


def test_a_lease_keeps_a_row_from_being_sent_twice_at_once(committed_db, company, receiver):
    subscribe(committed_db, company, receiver.url)
    enqueue(committed_db, company)
    from vaxel.webhooks.delivery import lease_due
    assert len(lease_due(committed_db, T0)) == 1
    # A second worker (or this one after a crash mid-send) sees it only after the lease.
    assert lease_due(committed_db, T0 + dt.timedelta(seconds=30)) == []
    assert len(lease_due(committed_db, T0 + dt.timedelta(minutes=3))) == 1


def test_after_24_hours_of_failures_the_endpoint_is_disabled_and_the_admin_told(
        committed_db, company, receiver):
    receiver.answer = lambda r: (503, "text/plain", "")
    endpoint = subscribe(committed_db, company, receiver.url)
    now = T0
    for _ in range(26):  # a call every hour, and a receiver down all day
        enqueue(committed_db, company, at=now)
        deliver_due(committed_db, LOCAL, clock=lambda now=now: now)
        now += dt.timedelta(hours=1)
    with committed_db() as s:
        rows = s.scalars(select(WebhookDelivery)).all()
        ep = s.get(WebhookEndpoint, endpoint.id)
        assert not ep.active and "failed deliveries" in ep.disabled_reason
        assert {r.status for r in rows} == {DeliveryStatus.GAVE_UP}
        audit = s.scalar(select(AuditEntry).where(AuditEntry.action == "webhook.disabled"))
        assert audit.company_id == company
    assert len(receiver.received) == sum(r.attempts for r in rows)
    # Disabled: new events are not even queued for it.
    assert enqueue(committed_db, company, at=now) is None


def test_loopback_receivers_are_refused_unless_ops_allow_them(committed_db, company, receiver):
    subscribe(committed_db, company, receiver.url)
    enqueue(committed_db, company)
    deliver_due(committed_db, HttpPolicy(timeout=2), clock=lambda: T0)
    assert receiver.received == []
    with committed_db() as s:
        row = s.scalar(select(WebhookDelivery))
        assert "internal address" in row.last_error and row.status is DeliveryStatus.PENDING


def test_a_slow_receiver_times_out_and_is_retried(committed_db, company, receiver):
    receiver.answer = lambda r: (time.sleep(1.5), (200, "text/plain", ""))[1]
    subscribe(committed_db, company, receiver.url)
    enqueue(committed_db, company)
    deliver_due(committed_db, HttpPolicy(timeout=0.5, allow_private=True), clock=lambda: T0)
    with committed_db() as s:
        row = s.scalar(select(WebhookDelivery))
        assert "Timeout" in row.last_error and row.status is DeliveryStatus.PENDING
