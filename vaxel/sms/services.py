"""Queueing text messages and recording how sending went; the sending itself is
vaxel.sms.gateway (through vaxel.infra.http), run by the controller on a timer."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from ..errors import InvalidInput
# The e-mail outbox's rules for a message sent or failed (back-off, giving up after
# MAX_ATTEMPTS) serve text messages as they are: the rows have the same bookkeeping.
from ..mail.services import due_rows, mark_failed, mark_sent  # noqa: F401  (the gateway's)
from ..routing.fstext import is_e164
from .models import OutboxSms

MAX_LENGTH = 1000


def queue_sms(session: Session, company_id: int | None, to_number: str, body: str) -> OutboxSms:
    """Queue a message in the caller's transaction (committed with what it reports)."""
    if not is_e164(to_number):
        raise InvalidInput("A text message goes to a number in international form.",
                           number=to_number)
    sms = OutboxSms(company_id=company_id, to_number=to_number, body=body[:MAX_LENGTH],
                    attempts=0, last_error="")
    session.add(sms)
    session.flush()
    return sms


def due_sms(session: Session, now: dt.datetime, limit: int = 20) -> list[OutboxSms]:
    return due_rows(session, OutboxSms, now, limit)

