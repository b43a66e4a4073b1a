"""A call reaching a mailbox: greeting, then the caller's options (message, wait, callback,
operator), each switched on or off per mailbox. Registered as the "voicemail" (personal,
target: extension) and "shared_voicemail" (target: service id) flows."""
from __future__ import annotations

from typing import Generator

from ..callflow.commands import Bridge, BridgeResult, Collect, Command, Hangup, Play, Prompt
from ..callflow.context import CallContext, CallData
from ..routing.destinations import Destination, DestinationKind as K
from .commands import (CallerFacts, CallerIdentity, Hold, LeaveCallback, OpenMailbox,
                       RecordMessage, RecordOutcome)
from .listen import listen_flow, login_flow
from .mailboxes import MailboxView
from .menus import (CallerChoice, caller_choice, availability, caller_options, default_greeting,
                    greeting_kind, options_text, valid_callback_number)
from .models import GreetingKind

Flow = Generator[Command, object, Destination | None]
BEEP = Prompt(stream="tone_stream://%(500,0,800)")
WAIT_SECONDS, WAIT_ROUNDS, RING_SECONDS = 30, 3, 20
# A caller whose message was too short (or callback number wrong) may try this often.
MAX_ROUNDS = 3
TEXTS = {
    "saved": "Your message has been saved. Goodbye.",
    "too_short": "Your message was too short and has not been saved.",
    "storage": "Sorry, we cannot take a message right now.",
    "callback_prompt": "Key the number we should call you back on, then press the hash key.",
    "callback_saved": "Thank you. You will be called back. Goodbye.",
    "callback_invalid": "That number was not valid.",
    "still_busy": "The line is still busy.",
    "no_mailbox": "This mailbox is not available. Goodbye.",
}


def say(name: str) -> Play:
    return Play(Prompt(text=TEXTS[name]))


def personal_voicemail_flow(ctx: CallContext, call_data: CallData, target: str) -> Flow:
    identity = yield CallerFacts()
    if isinstance(identity, CallerIdentity) and identity.listen:
        return (yield from listen_flow(ctx, target, identity))
    return (yield from _caller_flow(ctx, call_data, OpenMailbox("user", target), identity))


def shared_voicemail_flow(ctx: CallContext, call_data: CallData, target: str) -> Flow:
    identity = yield CallerFacts()
    return (yield from _caller_flow(ctx, call_data, OpenMailbox("service", target), identity))


def _caller_flow(ctx: CallContext, call_data: CallData, open_box: OpenMailbox,
                 identity: object) -> Flow:
    box = yield open_box
    if not isinstance(box, MailboxView):
        yield say("no_mailbox")
        yield Hangup()
        return None
    busy = isinstance(identity, CallerIdentity) and identity.busy
    yield from _greeting(box, busy)
    return (yield from _options(ctx, call_data, box, busy))


def _greeting(box: MailboxView, busy: bool) -> Flow:
    recorded = box.greetings.get(greeting_kind(busy).value)
    if recorded:
        yield Play(Prompt(file=recorded, text=default_greeting(box.name, busy)))
        return None
    name_file = box.greetings.get(GreetingKind.NAME.value)
    if name_file:
        yield Play(Prompt(file=name_file, text=box.name))
        yield Play(Prompt(text=availability(busy)))
        return None
    yield Play(Prompt(text=default_greeting(box.name, busy)))
    return None


def _options(ctx: CallContext, call_data: CallData, box: MailboxView, busy: bool) -> Flow:
    options = caller_options(box, busy)
    if not options:
        return Destination(K.MESSAGE, "unavailable")
    only_message = list(options.values()) == [CallerChoice.MESSAGE]
    attempt = rounds = 1
    while rounds <= MAX_ROUNDS:
        keys = None if only_message else (yield Collect(
            Prompt(text=options_text(options)), max_digits=1, timeout_ms=4000))
        choice = caller_choice(options, keys if isinstance(keys, str) else None, attempt)
        if choice is CallerChoice.REPEAT:
            attempt += 1
            continue
        outcome = yield from _act(ctx, call_data, box, choice)
        if outcome != "again":
            return outcome
        attempt, rounds = 1, rounds + 1
    yield Hangup()
    return None


def _act(ctx: CallContext, call_data: CallData, box: MailboxView, choice: CallerChoice) -> Flow:
    if choice is CallerChoice.MESSAGE:
        return (yield from _leave_message(ctx, box))
    if choice is CallerChoice.WAIT:
        return (yield from _wait(ctx, call_data, box))
    if choice is CallerChoice.CALLBACK:
        return (yield from _callback(box))
    if choice is CallerChoice.OPERATOR:
        return Destination.parse(box.operator_destination)
    if choice is CallerChoice.LOGIN:
        return (yield from login_flow(ctx, box))
    yield Hangup()
    return None


def _leave_message(ctx: CallContext, box: MailboxView) -> Flow:
    yield Play(BEEP)
    outcome = yield RecordMessage(box.id, ctx.caller_number, ctx.caller_name)
    if isinstance(outcome, RecordOutcome) and outcome.saved:
        yield say("saved")
        yield Hangup()
        return None
    reason = outcome.reason if isinstance(outcome, RecordOutcome) else "storage"
    yield say(reason)
    if reason == "storage":
        return (yield from _fallback(box))
    return "again"


def _fallback(box: MailboxView) -> Flow:
    """Storage is broken: the operator, else a callback number (a row, no file), else sorry."""
    if box.allow_operator and box.operator_destination:
        return Destination.parse(box.operator_destination)
    if box.allow_callback:
        return (yield from _callback(box))
    return Destination(K.MESSAGE, "try_later")


def _callback(box: MailboxView) -> Flow:
    keys = yield Collect(Prompt(text=TEXTS["callback_prompt"]), max_digits=16,
                         timeout_ms=8000, digit_timeout_ms=4000)
    number = valid_callback_number(keys if isinstance(keys, str) else None)
    if number is None:
        yield say("callback_invalid")
        return "again"
    yield LeaveCallback(box.id, number)
    yield say("callback_saved")
    yield Hangup()
    return None


def _wait(ctx: CallContext, call_data: CallData, box: MailboxView) -> Flow:
    """Music, then ring the owner again, a few rounds; then back to the options."""
    person = call_data.person(ctx.company_id, box.extension or "")
    for _ in range(WAIT_ROUNDS if person and person.targets else 0):
        yield Hold(WAIT_SECONDS)
        result = yield Bridge(person.targets, RING_SECONDS, person.ring_simultaneously,
                              record_user_id=person.user_id if person.recorded else None)
        if isinstance(result, BridgeResult) and result.answered:
            return None
    yield say("still_busy")
    return "again"
