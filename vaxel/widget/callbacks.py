"""A visitor's call-me-back request: a queue entry that waits on-hook from the start.

It is the queue's own callback (vaxel.queues.callbacks): the entry keeps its place in
turn, the matcher offers it to an agent like a waiting call, and the controller's
callback worker rings the agent, then the visitor. Nothing here dials.
"""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record_change
from ..errors import Conflict, InvalidInput, NotFound
from ..numbers.e164 import to_e164
from ..queues import callbacks, entries
from ..queues.models import QueueSettings
from ..tenancy.models import Company
from . import rules
from .models import WidgetCallback, WidgetSettings

# The entry has no call of its own; this marks it as the widget's in exports and logs.
CALL_PREFIX = "widget:"


def _number(session: Session, company_id: int, typed: str) -> str:
    """As the portal reads a number: national form in the company's country, or +/00."""
    country = session.scalar(select(Company.country).where(Company.id == company_id))
    try:
        return to_e164(typed or "", country)
    except InvalidInput as exc:
        raise InvalidInput("Write a phone number we can call, e.g. 070-123 45 67.",
                           field="number") from exc


def request_callback(session: Session, settings: WidgetSettings, queue_id: int, name: str,
                     typed_number: str, now: dt.datetime) -> int:
    """Store the request in the queue; returns the entry. Refusals raise with a field."""
    actor = Actor.system("widget", settings.company_id)
    if queue_id not in settings.queue_ids:
        raise NotFound("No such queue.", field="queue_id")
    queue = session.get(QueueSettings, queue_id)
    if queue is None or not queue.callback_enabled:
        raise Conflict("This queue takes no callback requests.", field="queue_id")
    name = rules.visitor_name(name)
    number = _number(session, settings.company_id, typed_number)
    joined = entries.join(session, queue_id, CALL_PREFIX + uuid.uuid4().hex, number, name, now)
    if joined is None or joined.entry_id is None:
        raise Conflict("The queue takes no more requests right now; please call us.",
                       field="queue_id")
    if not callbacks.request(session, joined.entry_id, number, now):
        raise Conflict("The request could not be stored.", field="number")
    session.add(WidgetCallback(company_id=settings.company_id, entry_id=joined.entry_id,
                               created_at=now))
    record_change(session, actor, settings.company_id, "widget.callback_requested",
                  "queue_entry", joined.entry_id, None, {"queue_id": queue_id})
    return joined.entry_id
