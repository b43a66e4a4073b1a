"""How domain objects look in the API's JSON answers."""
from __future__ import annotations

import datetime as dt
from typing import Any

from vaxel.callcontrol.models import CallCommand, LiveCallRow
from vaxel.calls.models import CallLogEntry
from vaxel.caller_names.models import Contact
from vaxel.caller_names.rules import CallerName
from vaxel.recordings.models import CallRecording
from vaxel.voicemail.models import Message
from vaxel.webhooks.models import WebhookEndpoint


def iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def command(row: CallCommand) -> dict[str, Any]:
    return {"id": row.id, "action": row.action.value, "status": row.status.value,
            "args": row.args, "result": row.result, "created_at": iso(row.created_at),
            "finished_at": iso(row.finished_at)}


def live_call(row: LiveCallRow) -> dict[str, Any]:
    return {"call_id": row.call_uuid, "caller_number": row.caller_number,
            "destination": row.destination, "state": row.state, "user_id": row.user_id,
            "started_at": iso(row.started_at)}


def call_log_entry(row: CallLogEntry) -> dict[str, Any]:
    return {"id": row.id, "call_id": row.call_uuid, "direction": row.direction.value,
            "user_id": row.user_id, "other_number": row.other_number,
            "other_name": row.other_name, "started_at": iso(row.started_at),
            "answered_at": iso(row.answered_at), "ended_at": iso(row.ended_at),
            "duration_seconds": row.duration_seconds, "talk_seconds": row.talk_seconds,
            "result": row.result.value, "hangup_cause": row.hangup_cause}


def contact(row: Contact) -> dict[str, Any]:
    return {"id": row.id, "number": row.number, "name": row.name,
            "organisation": row.organisation, "external_id": row.external_id}


def caller(found: CallerName) -> dict[str, Any]:
    return found.as_dict()


def endpoint(row: WebhookEndpoint, with_secret: bool = False) -> dict[str, Any]:
    out = {"id": row.id, "url": row.url, "events": list(row.events),
           "description": row.description, "active": row.active,
           "disabled_reason": row.disabled_reason or None, "created_at": iso(row.created_at)}
    if with_secret:
        out["secret"] = row.secret
    return out


def voicemail(row: Message) -> dict[str, Any]:
    return {"id": row.id, "mailbox_id": row.mailbox_id, "state": row.state.value,
            "caller_number": row.caller_number, "caller_name": row.caller_name,
            "duration_seconds": row.duration_ms // 1000, "call_id": row.call_uuid,
            "interrupted": row.interrupted, "created_at": iso(row.created_at),
            "heard_at": iso(row.heard_at), "audio_url": f"/api/v1/voicemail/{row.id}/audio"}


def recording(row: CallRecording) -> dict[str, Any]:
    return {"id": row.id, "call_id": row.call_uuid, "user_id": row.user_id,
            "direction": row.direction, "from": row.from_number, "to": row.to_number,
            "started_at": iso(row.started_at), "duration_seconds": row.duration_seconds,
            "audio_url": f"/api/v1/recordings/{row.id}"}
