"""Sending the SMS outbox to the configured HTTP gateway: one JSON POST per message
({"to": E.164, "message": text}, the token as a bearer), through vaxel.infra.http and its
defences (no inward targets unless allowed, no redirects, capped answer, one deadline).
A 2xx is sent; a 4xx other than 408/429 will never succeed (given up); anything else,
retried with back-off."""
from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from typing import Callable

from sqlalchemy.orm import Session, sessionmaker

from ..infra.http import HttpFailure, HttpPolicy, request
from .services import due_sms, mark_failed, mark_sent

log = logging.getLogger(__name__)

SEND_INTERVAL = 10.0
RETRYABLE = frozenset({408, 429})


@dataclass(frozen=True)
class Gateway:
    url: str
    token: str
    policy: HttpPolicy


def verdict(status: int) -> str:
    """"sent", "retry" or "give_up" for the gateway's HTTP status. Pure."""
    if 200 <= status < 300:
        return "sent"
    if 400 <= status < 500 and status not in RETRYABLE:
        return "give_up"
    return "retry"


def send_due(session_factory: sessionmaker[Session], gateway: Gateway,
             clock: Callable[[], dt.datetime]) -> int:
    """Send what is due; returns how many went out. Each message's outcome is committed
    with it, so a crash half-way sends none twice that the gateway already accepted."""
    sent = 0
    with session_factory.begin() as session:
        for sms in due_sms(session, clock()):
            body = json.dumps({"to": sms.to_number, "message": sms.body}).encode()
            try:
                answer = request("POST", gateway.url, gateway.policy, body=body, headers={
                    "Content-Type": "application/json",
                    "Authorization": f"Bearer {gateway.token}"})
            except HttpFailure as exc:
                mark_failed(sms, clock(), str(exc))
                continue
            outcome = verdict(answer.status_code)
            if outcome == "sent":
                mark_sent(sms, clock())
                sent += 1
            else:
                mark_failed(sms, clock(), f"gateway answered HTTP {answer.status_code}",
                            permanent=outcome == "give_up")
    if sent:
        log.info("sent %s text messages", sent)
    return sent
