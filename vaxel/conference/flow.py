"""A call to a conference room: the PIN (a few tries, then the call ends), then the room."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Generator

from ..callflow.commands import Answer, Collect, Command, Hangup, Play, Prompt
from ..callflow.context import CallContext
from ..routing.destinations import Destination
from .rules import PIN_ATTEMPTS

Flow = Generator[Command, object, Destination | None]
ASK_PIN = Prompt(text="Enter the conference PIN, then press the hash key.")
WRONG_PIN = Prompt(text="That PIN is not correct.")
REFUSED_CAUSE = "CALL_REJECTED"


@dataclass(frozen=True)
class CheckRoomPin:
    """→ bool: the PIN opens this room of the caller's company."""

    company_id: int
    room_id: int
    pin: str | None


@dataclass(frozen=True)
class JoinRoom:
    """Put the caller in the room; returns when they leave it (or are removed)."""

    room_id: int


def conference_flow(ctx: CallContext, call_data, target: str) -> Flow:
    room_id = int(target) if target.isdigit() else 0
    yield Answer()
    for _ in range(PIN_ATTEMPTS):
        pin = yield Collect(ASK_PIN, max_digits=10, timeout_ms=8000)
        if (yield CheckRoomPin(ctx.company_id, room_id, pin if isinstance(pin, str) else None)):
            yield JoinRoom(room_id)
            yield Hangup()
            return None
        yield Play(WRONG_PIN)
    yield Hangup(REFUSED_CAUSE)
    return None
