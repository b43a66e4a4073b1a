"""The owner's menu (dial 133, or * during the greeting and the PIN): new and saved
messages, play, repeat, save, delete, call the sender back, greetings and PIN."""
from __future__ import annotations

from typing import Generator

from ..callflow.commands import Collect, Command, Hangup, Play, Prompt
from ..callflow.context import CallContext
from ..routing.destinations import Destination, DestinationKind as K
from ..routing.fstext import is_e164
from .commands import (ChangePin, CheckPin, CallerIdentity, ListMessages, MessageItem,
                       OpenMailbox, OwnsMailbox, RecordGreeting, UpdateMessage)
from .mailboxes import MailboxView
from .menus import (GREETING_MENU, MAIN_MENU, MAX_ATTEMPTS, MESSAGE_MENU, Listen,
                    greeting_choice, main_choice, message_choice, summary_text)

Flow = Generator[Command, object, Destination | None]
BEEP = Prompt(stream="tone_stream://%(500,0,800)")
PIN_ATTEMPTS = 3


def speak(text: str) -> Play:
    return Play(Prompt(text=text))


def listen_flow(ctx: CallContext, extension: str, identity: CallerIdentity) -> Flow:
    """133 from a phone: the owner's own phone goes straight in; any other needs the PIN."""
    box = yield OpenMailbox("user", extension)
    if not isinstance(box, MailboxView):
        yield speak("You have no mailbox. Goodbye.")
        yield Hangup()
        return None
    owned = bool(identity.sip_account) and (yield OwnsMailbox(box.id, identity.sip_account))
    if owned is not True:
        return (yield from login_flow(ctx, box))
    return (yield from main_menu(ctx, box))


def login_flow(ctx: CallContext, box: MailboxView) -> Flow:
    for _ in range(PIN_ATTEMPTS):
        pin = yield Collect(Prompt(text="Enter your PIN, then press the hash key."),
                            max_digits=10, timeout_ms=8000)
        if isinstance(pin, str) and (yield CheckPin(box.id, pin)) is True:
            return (yield from main_menu(ctx, box))
        yield speak("That PIN is not correct.")
    yield speak("Goodbye.")
    yield Hangup()
    return None


def main_menu(ctx: CallContext, box: MailboxView) -> Flow:
    invalid = 0
    while invalid < MAX_ATTEMPTS:
        new, saved, _ = yield ListMessages(box.id, "new")
        keys = yield Collect(Prompt(text=f"{summary_text(new, saved)} {MAIN_MENU}"),
                             max_digits=1, terminators="none", timeout_ms=6000)
        choice = main_choice(keys if isinstance(keys, str) else None)
        invalid = invalid + 1 if choice is Listen.INVALID else 0
        if choice in (Listen.NEW, Listen.SAVED):
            destination = yield from _messages(box, choice.value)
            if destination is not None:
                return destination
        elif choice is Listen.GREETINGS:
            yield from _greetings(box)
        elif choice is Listen.PIN:
            yield from _change_pin(box)
        elif choice is Listen.EXIT:
            break
    yield speak("Goodbye.")
    yield Hangup()
    return None


def _messages(box: MailboxView, state: str) -> Flow:
    """Each message in turn; returns a Destination only to call a sender back."""
    _, _, items = yield ListMessages(box.id, state)
    if not items:
        yield speak(f"You have no {state} messages.")
        return None
    for item in items:
        result = yield from _one_message(box, item, state)
        if result is Listen.MAIN:
            return None
        if isinstance(result, Destination):
            return result
    yield speak("No more messages.")
    return None


def _one_message(box: MailboxView, item: MessageItem, state: str) -> Flow:
    while True:
        yield speak(f"Message from {item.caller_name or item.caller_number or 'an unknown caller'}, "
                    f"{item.created_at:%d %B at %H:%M}.")
        yield Play(Prompt(file=item.file, text="The recording is missing."))
        if state == "new":
            yield UpdateMessage(box.id, item.id, "heard")
        keys = yield Collect(Prompt(text=MESSAGE_MENU), max_digits=1, terminators="none")
        choice = message_choice(keys if isinstance(keys, str) else None)
        if choice in (Listen.SAVE, Listen.DELETE):
            yield UpdateMessage(box.id, item.id, choice.value)
            yield speak("Message saved." if choice is Listen.SAVE else "Message deleted.")
            return choice
        if choice is Listen.CALL_BACK:
            destination = sender_destination(item.caller_number)
            if destination is not None:
                return destination
            yield speak("The sender's number is not known.")
        elif choice in (Listen.NEXT, Listen.MAIN):
            return choice


def sender_destination(number: str) -> Destination | None:
    """Calling a sender back: a colleague's extension, or an outside number in E.164."""
    if is_e164(number):
        return Destination(K.EXTERNAL, number)
    if number.isdigit() and 2 <= len(number) <= 8:
        return Destination(K.USER, number)
    return None


def _greetings(box: MailboxView) -> Flow:
    keys = yield Collect(Prompt(text=GREETING_MENU), max_digits=1, terminators="none")
    kind = greeting_choice(keys if isinstance(keys, str) else None)
    if isinstance(kind, Listen):
        return None
    yield speak("Speak after the tone. Press the hash key when you are done.")
    yield Play(BEEP)
    kept = yield RecordGreeting(box.id, kind)
    yield speak("Your greeting has been saved." if kept is True else
                "Your greeting was not saved.")
    return None


def _change_pin(box: MailboxView) -> Flow:
    first = yield Collect(Prompt(text="Enter a new PIN of 4 to 10 digits, then the hash key."),
                          max_digits=10, timeout_ms=8000)
    second = yield Collect(Prompt(text="Enter the same PIN again, then the hash key."),
                           max_digits=10, timeout_ms=8000)
    changed = isinstance(first, str) and first == second and (yield ChangePin(box.id, first))
    yield speak("Your PIN has been changed." if changed is True else
                "Your PIN was not changed.")
    return None
