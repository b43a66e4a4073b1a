"""A FreeSWITCH CDR (as plain values, e.g. from mod_json_cdr's variables) turned into a
CallEnded event, for reconciling the call log with what the switch recorded."""
from __future__ import annotations

import datetime as dt
from typing import Mapping

from .events import CallDirection, CallEnded, CallResult

UTC = dt.timezone.utc

# Hangup causes that mean the callee was busy or that the call could not be placed at all.
BUSY_CAUSES = frozenset({"USER_BUSY", "CALL_REJECTED"})
FAILED_CAUSES = frozenset({
    "UNALLOCATED_NUMBER", "NO_ROUTE_DESTINATION", "NETWORK_OUT_OF_ORDER", "NORMAL_TEMPORARY_FAILURE",
    "SWITCH_CONGESTION", "INCOMPATIBLE_DESTINATION", "INVALID_NUMBER_FORMAT", "DESTINATION_OUT_OF_ORDER",
    "GATEWAY_DOWN", "RECOVERY_ON_TIMER_EXPIRE", "BEARERCAPABILITY_NOTAVAIL",
})

# Our own channel variable vaxel_direction says it best; FreeSWITCH's leg direction
# (inbound/outbound, as the switch sees the leg) is the fallback.
_DIRECTIONS = {
    "incoming": CallDirection.INCOMING, "outgoing": CallDirection.OUTGOING,
    "internal": CallDirection.INTERNAL, "inbound": CallDirection.INCOMING,
    "outbound": CallDirection.OUTGOING,
}


def call_result(answered: bool, hangup_cause: str, voicemail: bool = False) -> CallResult:
    """How the call turned out, from whether it was answered and why it ended."""
    if voicemail:
        return CallResult.VOICEMAIL
    if answered:
        return CallResult.ANSWERED
    if hangup_cause in BUSY_CAUSES:
        return CallResult.BUSY
    if hangup_cause in FAILED_CAUSES:
        return CallResult.FAILED
    return CallResult.MISSED


def _epoch(value: object) -> dt.datetime | None:
    """FreeSWITCH writes epochs as strings, and "0" for what never happened."""
    if value in (None, "", "0", 0):
        return None
    return dt.datetime.fromtimestamp(int(float(value)), UTC)


def call_ended_from_cdr(cdr: Mapping[str, object], company_id: int,
                        user_id: int | None = None) -> CallEnded:
    """Build a CallEnded from CDR variables: uuid, start_epoch, answer_epoch, end_epoch,
    vaxel_direction (incoming/outgoing/internal) or direction, caller_id_number, destination_number,
    caller_id_name, hangup_cause and optionally vaxel_voicemail ("true")."""
    started = _epoch(cdr.get("start_epoch"))
    ended = _epoch(cdr.get("end_epoch")) or started
    if started is None:
        raise ValueError("a CDR needs start_epoch")
    answered = _epoch(cdr.get("answer_epoch"))
    cause = str(cdr.get("hangup_cause") or "NORMAL_CLEARING")
    voicemail = str(cdr.get("vaxel_voicemail", "")).lower() == "true"
    return CallEnded(
        call_uuid=str(cdr["uuid"]), company_id=company_id, at=ended,
        direction=_direction(cdr),
        from_number=str(cdr.get("caller_id_number") or ""),
        to_number=str(cdr.get("destination_number") or ""),
        started_at=started, answered_at=answered, hangup_cause=cause,
        result=call_result(answered is not None, cause, voicemail), user_id=user_id,
        other_name=str(cdr.get("caller_id_name") or ""),
    )


def _direction(cdr: Mapping[str, object]) -> CallDirection:
    raw = str(cdr.get("vaxel_direction") or cdr.get("direction") or "").lower()
    try:
        return _DIRECTIONS[raw]
    except KeyError:
        raise ValueError(f"unknown call direction {raw!r}") from None
