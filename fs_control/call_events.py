"""FreeSWITCH channel events as domain call events (pure), feeding the call log and more."""
from __future__ import annotations

import datetime as dt
import logging
from typing import Mapping

from vaxel.calls.cdr import call_ended_from_cdr
from vaxel.calls.events import (
    CallAnswered, CallDirection, CallEnded, CallRinging, CallStarted,
)

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
        # vaxel_caller: a click-to-call's user (its channel's caller ID is the device's address).
        "caller_id_number": headers.get("variable_vaxel_caller")
        or headers.get("Caller-Caller-ID-Number") or "",
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


# -- ringing and answered (webhooks, wallboards) ---------------------------------------------
# A phone ringing is a bridge's B-leg being created: it carries originating_leg_uuid (the
# call it belongs to) and the callee's vaxel_company_id/vaxel_user_id from the directory.
# The A-leg's own CHANNEL_CREATE comes before the dialplan has said whose call it is.

def _event_time(headers: Mapping[str, str]) -> dt.datetime:
    stamp = headers.get("Event-Date-Timestamp") or ""
    if stamp.isdigit():
        return dt.datetime.fromtimestamp(int(stamp) / 1_000_000, dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)


def _b_leg(headers: Mapping[str, str]) -> tuple[str, int, int] | None:
    """(the call's A-leg uuid, company, user) for a B-leg ringing one of our users."""
    company = headers.get("variable_vaxel_company_id") or ""
    user = headers.get("variable_vaxel_user_id") or ""
    origin = headers.get("variable_originating_leg_uuid") or ""
    if not (company.isdigit() and user.isdigit() and origin):
        return None
    return origin, int(company), int(user)


def call_ringing(headers: Mapping[str, str]) -> tuple[CallStarted, CallRinging] | None:
    """From a B-leg's CHANNEL_CREATE: the call (as CallStarted) and the user it rings."""
    leg = _b_leg(headers)
    if leg is None:
        return None
    origin, company, user = leg
    at = _event_time(headers)
    intent = headers.get("variable_vaxel_intent") or ""
    direction = CallDirection.INTERNAL if _INTENT_DIRECTION.get(intent) == "internal" \
        else CallDirection.INCOMING
    started = CallStarted(origin, company, at, direction,
                          headers.get("Caller-Caller-ID-Number") or "",
                          headers.get("variable_vaxel_dialled")
                          or headers.get("Caller-Destination-Number") or "",
                          user, headers.get("Caller-Caller-ID-Name") or "")
    return started, CallRinging(origin, company, at, (user,))


def call_answered(headers: Mapping[str, str]) -> CallAnswered | None:
    """From CHANNEL_ANSWER: a user's phone picked up (B-leg), or an outgoing call of a
    user answered by the far end (A-leg with vaxel_intent=outbound)."""
    leg = _b_leg(headers)
    if leg is not None:
        origin, company, user = leg
        return CallAnswered(origin, company, _event_time(headers), user)
    company = headers.get("variable_vaxel_company_id") or ""
    user = headers.get("variable_vaxel_user_id") or ""
    if company.isdigit() and headers.get("variable_vaxel_intent") == "outbound":
        return CallAnswered(headers.get("Unique-ID") or "", int(company), _event_time(headers),
                            int(user) if user.isdigit() else None)
    return None
