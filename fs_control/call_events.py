"""FreeSWITCH channel events as domain call events (pure), feeding the call log and more."""
from __future__ import annotations

import logging
from typing import Mapping

from vaxel.calls.cdr import call_ended_from_cdr
from vaxel.calls.events import CallEnded

log = logging.getLogger(__name__)

# Our direction variable (set by the dialplan and controller), then FreeSWITCH's own.
_INTENT_DIRECTION = {"inbound": "incoming", "internal": "internal", "forward": "internal",
                     "outbound": "outgoing"}


def cdr_of(headers: Mapping[str, str]) -> dict[str, str]:
    """The CDR fields call_ended_from_cdr reads, from a CHANNEL_HANGUP_COMPLETE's headers."""
    intent = headers.get("variable_vaxel_intent") or ""
    return {
        "uuid": headers.get("Unique-ID") or "",
        "start_epoch": headers.get("variable_start_epoch") or "",
        "answer_epoch": headers.get("variable_answer_epoch") or "0",
        "end_epoch": headers.get("variable_end_epoch") or "",
        "hangup_cause": headers.get("variable_hangup_cause") or headers.get("Hangup-Cause") or "",
        "caller_id_number": headers.get("Caller-Caller-ID-Number") or "",
        "caller_id_name": headers.get("Caller-Caller-ID-Name") or "",
        "destination_number": headers.get("variable_vaxel_dialled")
        or headers.get("Caller-Destination-Number") or "",
        "vaxel_direction": headers.get("variable_vaxel_direction")
        or _INTENT_DIRECTION.get(intent, ""),
        "direction": headers.get("Call-Direction") or "",
        "vaxel_voicemail": headers.get("variable_vaxel_voicemail") or "",
    }


def call_ended(headers: Mapping[str, str]) -> CallEnded | None:
    """The call-log event for a finished channel of ours, or None for legs we don't log:
    channels of no company, and B-legs (a bridge's legs to phones or trunks carry
    originating_leg_uuid; they inherit the callee's vaxel_* variables from the directory,
    but the call is logged once, on its A-leg)."""
    company = headers.get("variable_vaxel_company_id") or ""
    if not company.isdigit() or headers.get("variable_originating_leg_uuid"):
        return None
    user = headers.get("variable_vaxel_user_id") or ""
    try:
        return call_ended_from_cdr(cdr_of(headers), int(company), int(user) if user.isdigit() else None)
    except (ValueError, KeyError) as exc:
        log.warning("call %s: cannot log its end: %s", headers.get("Unique-ID"), exc)
        return None
