"""Webhook subscriptions and the outbox in PostgreSQL.

An event is written as one delivery row per subscribed endpoint in the same transaction as
whatever caused it (or, for call events, in its own transaction the moment the controller
sees them), so a crash loses nothing: the worker picks up every pending row after a
restart. Rows are claimed with FOR UPDATE SKIP LOCKED, so two workers never send one twice
at once; a worker dying after sending but before recording the success makes the row go
out again, hence "at least once" and the idempotent event ids.
"""
from __future__ import annotations

import datetime as dt
import logging
import secrets
from typing import Any, Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record, record_change
from ..errors import InvalidInput
from ..tenancy.scoped import in_company
from .events import EVENT_TYPES, PING, envelope, new_event_id
from .models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from .retry import next_attempt, should_disable
from .targets import parse_target

log = logging.getLogger(__name__)

MAX_ENDPOINTS_PER_COMPANY = 20


def _valid_events(events: Iterable[str]) -> list[str]:
    chosen = sorted(set(events))
    unknown = [e for e in chosen if e not in EVENT_TYPES]
    if unknown or not chosen:
        raise InvalidInput("Choose one or more of the known events.", unknown=unknown)
    return chosen


def create_endpoint(session: Session, actor: Actor, company_id: int, url: str,
                    events: Iterable[str], description: str = "") -> WebhookEndpoint:
    """Subscribe `url`; its signing secret is made here (and kept out of the audit log).
    The address itself is checked against request forgery by the caller
    (vaxel.infra.http.check_url) and at every send. The company's admins subscribe."""
    actor.check_admin(company_id, "company")
    parse_target(url)
    count = len(company_endpoints(session, company_id))
    if count >= MAX_ENDPOINTS_PER_COMPANY:
        raise InvalidInput("A company may have at most 20 webhook endpoints.")
    endpoint = WebhookEndpoint(company_id=company_id, url=url.strip(), events=_valid_events(events),
                               description=description[:200], secret="whsec_" + secrets.token_hex(24),
                               active=True, consecutive_failures=0, disabled_reason="")
    session.add(endpoint)
    session.flush()
    record(session, actor, "create", endpoint, now={"url": endpoint.url, "events": endpoint.events})
    return endpoint


def company_endpoints(session: Session, company_id: int) -> list[WebhookEndpoint]:
    return list(session.scalars(select(WebhookEndpoint).where(
        WebhookEndpoint.company_id == company_id).order_by(WebhookEndpoint.id)))


def get_endpoint(session: Session, company_id: int, endpoint_id: int) -> WebhookEndpoint:
    return in_company(session, WebhookEndpoint, company_id, endpoint_id,
                      "No such webhook endpoint in this company.")


def enable_endpoint(session: Session, actor: Actor, endpoint: WebhookEndpoint) -> None:
    """Switch an endpoint (back) on; its failure record starts afresh."""
    endpoint.active, endpoint.disabled_at, endpoint.disabled_reason = True, None, ""
    endpoint.failing_since, endpoint.consecutive_failures = None, 0
    session.flush()
    record(session, actor, "enable", endpoint, now={"url": endpoint.url, "active": True})


def delete_endpoint(session: Session, actor: Actor, endpoint: WebhookEndpoint) -> None:
    record(session, actor, "delete", endpoint, {"url": endpoint.url}, gone=True)
    session.delete(endpoint)


def subscribed_events(session: Session, company_id: int) -> set[str]:
    """Every event type some active endpoint of the company wants (one query)."""
    rows = session.scalars(select(WebhookEndpoint.events).where(
        WebhookEndpoint.company_id == company_id, WebhookEndpoint.active))
    return {kind for kinds in rows for kind in kinds}


def enqueue_event(session: Session, company_id: int, event_type: str, data: dict[str, Any],
                  at: dt.datetime, *, only_endpoint: int | None = None) -> str | None:
    """Queue the event for every active endpoint of the company subscribed to it, in the
    caller's transaction; answers the event id, or None when nobody subscribes."""
    query = select(WebhookEndpoint).where(WebhookEndpoint.company_id == company_id,
                                          WebhookEndpoint.active)
    if only_endpoint is not None:
        query = query.where(WebhookEndpoint.id == only_endpoint)
    endpoints = [e for e in session.scalars(query)
                 if event_type in e.events or event_type == PING]
    if not endpoints:
        return None
    event_id = new_event_id()
    body = envelope(event_id, event_type, at, company_id, data)
    session.add_all(WebhookDelivery(event_id=event_id, endpoint_id=e.id, company_id=company_id,
                                    event_type=event_type, body=body, next_attempt_at=at, created_at=at,
                                    attempts=0, last_error="", status=DeliveryStatus.PENDING)
                    for e in endpoints)
    session.flush()
    return event_id


def claim_due(session: Session, now: dt.datetime, limit: int = 20,
              room: Callable[[int], int] | None = None) -> list[WebhookDelivery]:
    """Pending deliveries whose time has come, locked until the caller's transaction ends.
    `room(company_id)`: how many more of that company's may be taken now, so one
    company's backlog (or slow receiver) cannot take every sender."""
    is_due = (WebhookDelivery.status == DeliveryStatus.PENDING,
              WebhookDelivery.next_attempt_at <= now)
    order = (WebhookDelivery.next_attempt_at, WebhookDelivery.id)
    due = select(WebhookDelivery).where(*is_due).order_by(*order)
    if room is None:
        return list(session.scalars(due.limit(limit).with_for_update(skip_locked=True)))
    candidates = session.execute(select(WebhookDelivery.id, WebhookDelivery.company_id)
                                 .where(*is_due).order_by(*order).limit(limit * 10)).all()
    taken: dict[int, int] = {}
    chosen = []
    for row_id, company_id in candidates:
        if len(chosen) < limit and taken.get(company_id, 0) < room(company_id):
            taken[company_id] = taken.get(company_id, 0) + 1
            chosen.append(row_id)
    return list(session.scalars(due.where(WebhookDelivery.id.in_(chosen))
                                .with_for_update(skip_locked=True))) if chosen else []


def record_success(session: Session, delivery: WebhookDelivery, status: int,
                   now: dt.datetime) -> None:
    delivery.attempts += 1
    delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, now
    delivery.last_status, delivery.last_error = status, ""
    endpoint = session.get(WebhookEndpoint, delivery.endpoint_id)
    endpoint.failing_since, endpoint.consecutive_failures = None, 0


def record_failure(session: Session, delivery: WebhookDelivery, status: int | None,
                   error: str, now: dt.datetime) -> None:
    """Back off (or give up after 24 hours); switch the endpoint off when it keeps failing."""
    delivery.attempts += 1
    delivery.last_status, delivery.last_error = status, error[:500]
    due = next_attempt(delivery.created_at, delivery.attempts, now)
    if due is None:
        delivery.status = DeliveryStatus.GAVE_UP
    else:
        delivery.next_attempt_at = due
    endpoint = session.get(WebhookEndpoint, delivery.endpoint_id)
    endpoint.consecutive_failures += 1
    endpoint.failing_since = endpoint.failing_since or now
    if endpoint.active and should_disable(endpoint.failing_since, endpoint.consecutive_failures, now):
        disable_endpoint(session, endpoint, now, error)


def disable_endpoint(session: Session, endpoint: WebhookEndpoint, now: dt.datetime,
                     error: str) -> None:
    """Switch off an endpoint that keeps failing, give up its pending deliveries and tell
    the company's admins (the audit log, and the endpoint's page shows why)."""
    before = {"active": True}
    endpoint.active, endpoint.disabled_at = False, now
    endpoint.disabled_reason = (f"Disabled after {endpoint.consecutive_failures} failed "
                                f"deliveries since {endpoint.failing_since:%Y-%m-%d %H:%M} UTC; "
                                f"last error: {error}")[:500]
    for pending in session.scalars(select(WebhookDelivery).where(
            WebhookDelivery.endpoint_id == endpoint.id,
            WebhookDelivery.status == DeliveryStatus.PENDING)):
        pending.status = DeliveryStatus.GAVE_UP
    record_change(session, Actor.system("webhooks"), endpoint.company_id, "webhook.disabled",
                  "webhook_endpoint", endpoint.id, before,
                  {"active": False, "reason": endpoint.disabled_reason})
    log.warning("webhook endpoint %s disabled: %s", endpoint.id, endpoint.disabled_reason)


def delivery_log(session: Session, company_id: int, endpoint_id: int | None = None,
                 limit: int = 100) -> list[WebhookDelivery]:
    """The company's most recent deliveries, newest first."""
    query = select(WebhookDelivery).where(WebhookDelivery.company_id == company_id)
    if endpoint_id is not None:
        query = query.where(WebhookDelivery.endpoint_id == endpoint_id)
    return list(session.scalars(query.order_by(WebhookDelivery.id.desc()).limit(limit)))


def redeliver(session: Session, company_id: int, delivery_id: int, now: dt.datetime) -> None:
    """Send a given-up delivery again (same event id) from now, with a fresh 24 hours."""
    delivery = in_company(session, WebhookDelivery, company_id, delivery_id,
                          "No such delivery in this company.")
    delivery.status, delivery.next_attempt_at, delivery.created_at = (
        DeliveryStatus.PENDING, now, now)
