"""The delivery worker's round: lease due rows, send them signed, record how it went.

A row is leased (its next attempt pushed LEASE ahead) and committed before the HTTP
request, so no transaction stays open across the network; a worker that dies mid-send
leaves the row to come due again after the lease: at least once, never lost.
"""
from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass
from typing import Callable

from sqlalchemy.orm import Session, sessionmaker

from ..base import utcnow
from ..redact import scrub, url_for_log
from . import services, signing
from ..infra.http import HttpFailure, HttpPolicy, request
from .models import WebhookDelivery, WebhookEndpoint
from .retry import is_success

log = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=2)


@dataclass(frozen=True)
class Outgoing:
    delivery_id: int
    company_id: int
    url: str
    secret: str
    event_id: str
    event_type: str
    body: str
    attempt: int


def lease_due(session_factory: sessionmaker[Session], now: dt.datetime, limit: int = 20,
              room: Callable[[int], int] | None = None) -> list[Outgoing]:
    """Lease up to `limit` due deliveries (`room`: see services.claim_due)."""
    with session_factory.begin() as session:
        rows = services.claim_due(session, now, limit, room)
        out = [_outgoing(session, row) for row in rows]
        for row in rows:
            row.next_attempt_at = now + LEASE
    return out


def _outgoing(session: Session, row: WebhookDelivery) -> Outgoing:
    endpoint = session.get(WebhookEndpoint, row.endpoint_id)
    return Outgoing(row.id, row.company_id, endpoint.url, endpoint.secret, row.event_id,
                    row.event_type, row.body, row.attempts + 1)


def headers_for(item: Outgoing, timestamp: int) -> dict[str, str]:
    return {"Content-Type": "application/json",
            signing.HEADER: signing.header_value(item.secret, timestamp, item.body),
            "Vaxel-Event-Id": item.event_id, "Vaxel-Event-Type": item.event_type,
            "Vaxel-Delivery-Attempt": str(item.attempt)}


def send(item: Outgoing, policy: HttpPolicy) -> tuple[int | None, str]:
    """(HTTP status or None, error text; empty on success)."""
    try:
        response = request("POST", item.url, policy, body=item.body.encode(),
                           headers=headers_for(item, int(time.time())))
    except HttpFailure as exc:
        # Shown in the delivery log and logged: the path may hold the receiver's token.
        return None, scrub(str(exc), item.url)
    if is_success(response.status_code):
        return response.status_code, ""
    return response.status_code, f"HTTP {response.status_code}"


def record(session_factory: sessionmaker[Session], item: Outgoing, status: int | None,
           error: str, now: dt.datetime) -> None:
    with session_factory.begin() as session:
        row = session.get(WebhookDelivery, item.delivery_id, with_for_update=True)
        if row is None:
            return
        if error:
            services.record_failure(session, row, status, error, now)
        else:
            services.record_success(session, row, status or 200, now)


def deliver_due(session_factory: sessionmaker[Session], policy: HttpPolicy,
                clock: Callable[[], dt.datetime] = utcnow, limit: int = 20) -> int:
    """One round of the worker; answers how many deliveries were attempted."""
    items = lease_due(session_factory, clock(), limit)
    for item in items:
        status, error = send(item, policy)
        if error:
            log.info("webhook %s to %s failed: %s", item.event_id, url_for_log(item.url), error)
        record(session_factory, item, status, error, clock())
    return len(items)
