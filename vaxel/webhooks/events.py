"""Webhook event types and their envelope: {id, type, time, company, data}. Pure."""
from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

CALL_RINGING = "call.ringing"
CALL_ANSWERED = "call.answered"
CALL_ENDED = "call.ended"
CALL_MISSED = "call.missed"
VOICEMAIL_NEW = "voicemail.new"
CALLBACK_REQUESTED = "callback.requested"
AGENT_STATE_CHANGED = "agent.state_changed"
# Sent by the portal's "Send test event" button.
PING = "ping"

EVENT_TYPES = (CALL_RINGING, CALL_ANSWERED, CALL_ENDED, CALL_MISSED, VOICEMAIL_NEW,
               CALLBACK_REQUESTED, AGENT_STATE_CHANGED)


def new_event_id() -> str:
    """Unique per event, the same for every endpoint and every retry: receivers dedupe on it."""
    return "evt_" + uuid.uuid4().hex


def envelope(event_id: str, event_type: str, at: dt.datetime, company_id: int,
             data: dict[str, Any]) -> str:
    """The delivery body, as the exact text that is signed and sent on every attempt."""
    return json.dumps({"id": event_id, "type": event_type,
                       "time": at.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z"),
                       "company": company_id, "data": data},
                      separators=(",", ":"), ensure_ascii=False, default=str)
