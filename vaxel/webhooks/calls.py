"""Call events (vaxel.calls.events) as webhook payloads. Pure."""
from __future__ import annotations

from typing import Any

from ..calls.events import CallAnswered, CallEnded, CallResult, CallRinging, CallStarted
from ..caller_names.rules import CallerName
from . import events as types


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def ringing_data(event: CallRinging, started: CallStarted | None,
                 caller: CallerName | None) -> dict[str, Any]:
    """call.ringing: who rings whom, with the caller look-up's answer for a pop-up."""
    return {"call_id": event.call_uuid, "user_ids": list(event.user_ids),
            "direction": started.direction.value if started else None,
            "from": started.from_number if started else "",
            "to": started.to_number if started else "",
            "caller": (caller or CallerName(started.from_number if started else "")).as_dict()}


def answered_data(event: CallAnswered) -> dict[str, Any]:
    return {"call_id": event.call_uuid, "user_id": event.user_id}


def ended_data(event: CallEnded, recording_url: str | None) -> dict[str, Any]:
    """call.ended: enough to log the call in a CRM."""
    return {"call_id": event.call_uuid, "direction": event.direction.value,
            "from": event.from_number, "to": event.to_number, "user_id": event.user_id,
            "other_number": event.other_number, "other_name": event.other_name,
            "result": event.result.value, "hangup_cause": event.hangup_cause,
            "started_at": _iso(event.started_at), "answered_at": _iso(event.answered_at),
            "ended_at": _iso(event.at), "duration_seconds": event.duration_seconds,
            "talk_seconds": event.talk_seconds, "recording_url": recording_url}


def missed_data(event: CallEnded) -> dict[str, Any]:
    return {"call_id": event.call_uuid, "from": event.from_number, "to": event.to_number,
            "user_id": event.user_id, "other_name": event.other_name,
            "started_at": _iso(event.started_at), "ended_at": _iso(event.at)}


def ended_webhooks(event: CallEnded, recording_url: str | None) -> list[tuple[str, dict]]:
    """A finished call is call.ended, and also call.missed when nobody answered it."""
    out = [(types.CALL_ENDED, ended_data(event, recording_url))]
    if event.result is CallResult.MISSED:
        out.append((types.CALL_MISSED, missed_data(event)))
    return out
