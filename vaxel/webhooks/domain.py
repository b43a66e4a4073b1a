"""voicemail.new, callback.requested and agent.state_changed: the domain services call these
in their own transaction, so the outbox row commits (or not) with the change itself.
Data shapes are documented in docs/webhooks.md."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from ..base import utcnow
from . import events
from .services import enqueue_event


def voicemail_new(session: Session, company_id: int, data: dict[str, Any]) -> str | None:
    """A message was kept: {message_id, mailbox_id, user_id, caller_number, caller_name,
    duration_seconds, call_id}."""
    return enqueue_event(session, company_id, events.VOICEMAIL_NEW, data, utcnow())


def callback_requested(session: Session, company_id: int, source: str,
                       data: dict[str, Any]) -> str | None:
    """A caller asked to be called back, from a queue or a voicemail box (`source`)."""
    return enqueue_event(session, company_id, events.CALLBACK_REQUESTED,
                         {"source": source, **data}, utcnow())


def agent_state_changed(session: Session, company_id: int, user_id: int, previous: str,
                        state: str, at: dt.datetime) -> str | None:
    """A queue agent's state changed (nothing is sent when it did not)."""
    if previous == state:
        return None
    return enqueue_event(session, company_id, events.AGENT_STATE_CHANGED,
                         {"user_id": user_id, "previous_state": previous, "state": state}, at)
