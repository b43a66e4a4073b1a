"""The caller's menu at a mailbox and the owner's 133 menu: pure decisions, no I/O."""
from __future__ import annotations

import enum
import re

from .mailboxes import MailboxView
from .models import GreetingKind

MAX_ATTEMPTS = 3
CALLBACK_NUMBER = re.compile(r"^\+?[0-9]{3,15}\Z")


class CallerChoice(str, enum.Enum):
    MESSAGE = "message"
    WAIT = "wait"
    CALLBACK = "callback"
    OPERATOR = "operator"
    LOGIN = "login"      # "*": the owner logs in with the PIN from any phone
    REPEAT = "repeat"
    HANGUP = "hangup"


CALLER_TEXTS = {
    CallerChoice.MESSAGE: "To leave a message, press 1 or stay on the line.",
    CallerChoice.WAIT: "To wait until the line is free, press 2.",
    CallerChoice.CALLBACK: "To leave a number to be called back on, press 3.",
    CallerChoice.OPERATOR: "To reach the operator, press 0.",
}
CALLER_KEYS = {"1": CallerChoice.MESSAGE, "2": CallerChoice.WAIT, "3": CallerChoice.CALLBACK,
               "0": CallerChoice.OPERATOR}


def caller_options(box: MailboxView, busy: bool) -> dict[str, CallerChoice]:
    """Keys the caller may press: what the mailbox allows and what makes sense now."""
    enabled = {
        CallerChoice.MESSAGE: box.allow_message,
        CallerChoice.WAIT: box.allow_wait and busy,  # waiting only helps while busy
        CallerChoice.CALLBACK: box.allow_callback,
        CallerChoice.OPERATOR: box.allow_operator and bool(box.operator_destination),
    }
    options = {key: choice for key, choice in CALLER_KEYS.items() if enabled[choice]}
    if box.has_pin:
        options["*"] = CallerChoice.LOGIN
    return options


def options_text(options: dict[str, CallerChoice]) -> str:
    return " ".join(CALLER_TEXTS[c] for c in CALLER_TEXTS if c in options.values())


def caller_choice(options: dict[str, CallerChoice], keys: str | None,
                  attempt: int) -> CallerChoice:
    """What the caller's keys (or silence) mean on their `attempt`-th try."""
    if keys and keys in options:
        return options[keys]
    if not keys and CallerChoice.MESSAGE in options.values():
        return CallerChoice.MESSAGE  # silence after the beep-less greeting: record
    return CallerChoice.REPEAT if attempt < MAX_ATTEMPTS else CallerChoice.HANGUP


def valid_callback_number(keys: str | None) -> str | None:
    return keys if keys and CALLBACK_NUMBER.match(keys) else None


def greeting_kind(busy: bool) -> GreetingKind:
    return GreetingKind.BUSY if busy else GreetingKind.UNAVAILABLE


def availability(busy: bool) -> str:
    return "is busy on another call." if busy else "is not available right now."


def default_greeting(name: str, busy: bool) -> str:
    """Spoken when the owner has recorded no greeting of this kind."""
    return f"{name or 'The person you called'} {availability(busy)}"


# -- the owner's menu (133) -------------------------------------------------------------------
class Listen(str, enum.Enum):
    NEW = "new"
    SAVED = "saved"
    GREETINGS = "greetings"
    PIN = "pin"
    EXIT = "exit"
    REPEAT = "repeat"
    SAVE = "save"
    DELETE = "delete"
    CALL_BACK = "call_back"
    NEXT = "next"
    MAIN = "main"
    INVALID = "invalid"


MAIN_KEYS = {"1": Listen.NEW, "2": Listen.SAVED, "3": Listen.GREETINGS, "4": Listen.PIN,
             "#": Listen.EXIT}
MESSAGE_KEYS = {"1": Listen.REPEAT, "2": Listen.SAVE, "3": Listen.DELETE, "4": Listen.CALL_BACK,
                "#": Listen.NEXT, "*": Listen.MAIN}
GREETING_KEYS = {"1": GreetingKind.UNAVAILABLE, "2": GreetingKind.BUSY, "3": GreetingKind.NAME}
MAIN_MENU = ("For new messages press 1. For saved messages press 2. To change your greetings "
             "press 3. To change your PIN press 4. To hang up press the hash key.")
MESSAGE_MENU = ("To hear it again press 1. To save it press 2. To delete it press 3. To call "
                "the sender back press 4. For the next message press the hash key. For the "
                "main menu press star.")
GREETING_MENU = ("To record your unavailable greeting press 1, your busy greeting press 2, "
                 "your name press 3. For the main menu press star.")


def main_choice(keys: str | None) -> Listen:
    return MAIN_KEYS.get(keys or "", Listen.INVALID)


def message_choice(keys: str | None) -> Listen:
    """Silence after a message moves on to the next one, as a hurried listener expects."""
    return MESSAGE_KEYS.get(keys or "#", Listen.INVALID)


def greeting_choice(keys: str | None) -> GreetingKind | Listen:
    if keys == "*" or not keys:
        return Listen.MAIN
    return GREETING_KEYS.get(keys, Listen.INVALID)


def summary_text(new: int, saved: int) -> str:
    def count(n: int, what: str) -> str:
        return f"{'no' if n == 0 else n} {what} message{'' if n == 1 else 's'}"
    return f"You have {count(new, 'new')} and {count(saved, 'saved')}."
