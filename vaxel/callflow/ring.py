"""Ringing a person: all their devices at once or in turn, then what their profile says."""
from __future__ import annotations

from typing import Generator

from ..presence.rules import direct_call_plan
from ..routing.destinations import Destination
from .commands import Bridge, BridgeResult, Command
from .context import Person

# Causes after which ringing the next device in turn is pointless for this call.
CALLER_GONE = {"ORIGINATOR_CANCEL", "LOSE_RACE"}


def ring_person(person: Person) -> Generator[Command, object, Destination | None]:
    """Ring `person`; return None once answered, else where the call goes next."""
    plan = direct_call_plan(person.profile)
    if plan.ring_seconds > 0 and person.targets:
        result = yield Bridge(person.targets, plan.ring_seconds, person.ring_simultaneously,
                              record_user_id=person.user_id if person.recorded else None)
        if isinstance(result, BridgeResult) and (result.answered or result.cause in CALLER_GONE):
            return None
    return plan.then
