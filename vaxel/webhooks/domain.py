"""voicemail.new, callback.requested and agent.state_changed: the domain services call these
in their own transaction, so the outbox row commits (or not) with the change itself.
Data shapes are documented in docs/webhooks.md."""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from sqlalchemy import text
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


# One statement for any number of moves: the outbox costs the queue engine a single INSERT,
# which writes nothing (and reads one index) when no endpoint of the company subscribes.
_INSERT_AGENT_EVENTS = text("""
INSERT INTO webhook_delivery (event_id, endpoint_id, company_id, event_type, body, status,
                              attempts, next_attempt_at, last_error, created_at)
SELECT m.event_id, e.id, e.company_id, :type, m.body, 'pending', 0, :at, '', :at
FROM unnest(CAST(:companies AS integer[]), CAST(:ids AS text[]), CAST(:bodies AS text[]))
     WITH ORDINALITY AS m(company_id, event_id, body, n)
JOIN webhook_endpoint e ON e.company_id = m.company_id AND e.active
                       AND CAST(:type AS varchar) = ANY(e.events)
ORDER BY m.n, e.id""")


def agent_states_changed(session: Session, moves: Iterable[tuple[int, int, str, str]],
                         at: dt.datetime) -> list[str]:
    """Agents' states changed: (company id, user id, previous state, state) each, in order
    (real changes only: vaxel.queues.agents.announce drops the rest). Answers the event ids
    (written or not)."""
    moves = list(moves)
    if not moves:
        return []
    ids = [events.new_event_id() for _ in moves]
    bodies = [events.envelope(event_id, events.AGENT_STATE_CHANGED, at, company_id,
                              {"user_id": user_id, "previous_state": previous, "state": state})
              for event_id, (company_id, user_id, previous, state) in zip(ids, moves, strict=True)]
    session.execute(_INSERT_AGENT_EVENTS, {
        "type": events.AGENT_STATE_CHANGED, "at": at, "companies": [m[0] for m in moves],
        "ids": ids, "bodies": bodies})
    return ids
