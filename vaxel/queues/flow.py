"""A call to a queue service, as a flow: join, wait, be offered to agents, or ask for a
callback. The waiting itself (music, announcements, the wake-up) is WaitInQueue's
performer in fs_control.features.queues; this generator only decides."""
from __future__ import annotations

from typing import Generator

from ..callflow.commands import Answer, Collect, Command, Hangup, Play, Prompt
from ..callflow.context import CallContext, CallData
from ..presence.rules import accepts_queue_calls
from ..routing.destinations import Destination, DestinationKind as K
from .commands import (AgentLegs, ConnectAgents, ConnectResult, JoinQueue, LeaveQueue,
                       RequestCallback, WaitInQueue, WaitOutcome)
from .entries import Joined
from .models import EntryOutcome
from .rules import overflow

Flow = Generator[Command, object, Destination | None]
UNAVAILABLE = Destination(K.MESSAGE, "service_unavailable")
CONFIRM = ("We will call you back on {number}. Press 1 to confirm, "
           "or 2 to enter another number.")
ENTER_NUMBER = "Please enter the number to call, then press hash."
CALLBACK_STORED = "Thank you. We will call you back when it is your turn. Goodbye."


def queue_flow(ctx: CallContext, call_data: CallData, target: str) -> Flow:
    """A `service:<id>` of kind queue."""
    if not target.isdigit():
        return UNAVAILABLE
    joined = yield JoinQueue(int(target))
    if not isinstance(joined, Joined):
        return UNAVAILABLE
    if joined.entry_id is None:
        return joined.destination
    yield Answer()
    return (yield from _wait_and_connect(ctx, call_data, joined))


def _wait_and_connect(ctx: CallContext, call_data: CallData, joined: Joined) -> Flow:
    entry_id, view = joined.entry_id, joined.view
    while True:
        outcome = yield WaitInQueue(entry_id, view)
        kind = outcome.kind if isinstance(outcome, WaitOutcome) else "gone"
        if kind == "gone":
            return None
        if kind == "timeout":
            yield LeaveQueue(entry_id, EntryOutcome.OVERFLOW)
            return overflow(view)
        if kind == "callback":
            if (yield from _callback(ctx, entry_id)):
                return None
            continue
        legs = _reachable(ctx, call_data, outcome.agents)
        result = yield ConnectAgents(entry_id, legs, view.ring_seconds, view.music_on_hold)
        if isinstance(result, ConnectResult) and result.answered:
            return None


def _reachable(ctx: CallContext, call_data: CallData,
               agents: tuple[tuple[int, str], ...]) -> tuple[AgentLegs, ...]:
    """The offered agents' devices, unless their presence profile now refuses queue calls."""
    legs = []
    for user_id, extension in agents:
        person = call_data.person(ctx.company_id, extension)
        if person is not None and accepts_queue_calls(person.profile) and person.targets:
            legs.append(AgentLegs(user_id, person.targets))
    return tuple(legs)


def _callback(ctx: CallContext, entry_id: int) -> Generator[Command, object, bool]:
    """Confirm the number to call; True once the callback is stored and the call ended."""
    spoken = " ".join(ctx.caller_number.lstrip("+")) or "your number"
    choice = yield Collect(Prompt(text=CONFIRM.format(number=spoken)), max_digits=1)
    number = ctx.caller_number
    if choice == "2":
        number = yield Collect(Prompt(text=ENTER_NUMBER), max_digits=15, timeout_ms=10000)
    elif choice != "1":
        return False
    if not isinstance(number, str) or not number:
        return False
    stored = yield RequestCallback(entry_id, number)
    if not stored:
        return False
    yield Play(Prompt(text=CALLBACK_STORED))
    yield Hangup()
    return True
