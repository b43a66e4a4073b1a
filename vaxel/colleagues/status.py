"""A colleague's status from what is known about them (pure: no I/O)."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Iterable


class Status(str, enum.Enum):
    AVAILABLE = "available"
    RINGING = "ringing"
    ON_CALL = "on_call"
    IN_MEETING = "in_meeting"


@dataclass(frozen=True)
class LiveLeg:
    """One live call as the controller's live_call row tells it. The row holds one user,
    the last leg's to speak: the callee's phone while it rings and when it answers, then
    again the caller's (their own leg's events come after). So the caller is known by the
    number they call from (their extension or one of their devices' SIP names), and the
    callee also by the extension dialled."""

    caller_number: str
    destination: str
    user_id: int | None
    state: str  # RINGING, ACTIVE, OUTGOING (live_call.state)


@dataclass(frozen=True)
class Person:
    user_id: int
    extension: str
    numbers: frozenset[str]  # the extension and the SIP names of their devices


def call_status(person: Person, legs: Iterable[LiveLeg]) -> Status | None:
    """On a call if any live call has them talking (they called; their phone answered; or
    their extension was dialled and the call is past ringing); ringing if their phone only
    rings. A colleague who dials is on a call from the first ring: their line is busy."""
    status = None
    for leg in legs:
        if leg.caller_number in person.numbers:
            return Status.ON_CALL
        if leg.user_id == person.user_id or leg.destination == person.extension:
            if leg.state != "RINGING":
                return Status.ON_CALL
            status = Status.RINGING
    return status


def colleague_status(call: Status | None, in_meeting: bool) -> Status:
    """A call beats a meeting: a colleague on the phone in a meeting is on the phone."""
    if call is not None:
        return call
    return Status.IN_MEETING if in_meeting else Status.AVAILABLE
