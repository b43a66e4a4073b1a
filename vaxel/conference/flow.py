"""A call to a conference room: the PIN (a few tries, then the call ends), then the room."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Generator

from ..callflow.commands import Answer, Collect, Command, Hangup, Play, Prompt
from ..callflow.context import CallContext
from ..routing.destinations import Destination
from .rules import DIAL_IN, PIN_ATTEMPTS, ROOM_ATTEMPTS

Flow = Generator[Command, object, Destination | None]
ASK_PIN = Prompt(text="Enter the conference PIN, then press the hash key.")
WRONG_PIN = Prompt(text="That PIN is not correct.")
ASK_ROOM = Prompt(text="Enter the meeting room number, then press the hash key.")
NO_ROOM = Prompt(text="There is no meeting room with that number.")
REFUSED_CAUSE = "CALL_REJECTED"


@dataclass(frozen=True)
class CheckRoomPin:
    """→ bool: the PIN opens this room of the caller's company."""

    company_id: int
    room_id: int
    pin: str | None


@dataclass(frozen=True)
class FindRoom:
    """→ int | None: the id of the caller's company's room with this number."""

    company_id: int
    number: str | None


@dataclass(frozen=True)
class JoinRoom:
    """Put the caller in the room; returns when they leave it (or are removed)."""

    room_id: int


def conference_flow(ctx: CallContext, call_data, target: str) -> Flow:
    """A room named by the destination (a colleague dialling its number), or, for the
    dial-in, the room whose number the caller keys."""
    yield Answer()
    if target == DIAL_IN:
        room_id = yield from _ask_room(ctx)
        if room_id is None:
            yield Hangup(REFUSED_CAUSE)
            return None
    else:
        room_id = int(target) if target.isdigit() else 0
    for _ in range(PIN_ATTEMPTS):
        pin = yield Collect(ASK_PIN, max_digits=10, timeout_ms=8000)
        if (yield CheckRoomPin(ctx.company_id, room_id, pin if isinstance(pin, str) else None)):
            yield JoinRoom(room_id)
            yield Hangup()
            return None
        yield Play(WRONG_PIN)
    yield Hangup(REFUSED_CAUSE)
    return None


def _ask_room(ctx: CallContext) -> Generator[Command, object, int | None]:
    for _ in range(ROOM_ATTEMPTS):
        number = yield Collect(ASK_ROOM, max_digits=6, timeout_ms=8000)
        room_id = yield FindRoom(ctx.company_id, number if isinstance(number, str) else None)
        if room_id is not None:
            return room_id
        yield Play(NO_ROOM)
    return None
