"""Commands the voicemail flows give; fs_control.features.voicemail performs them (database, files,
FreeSWITCH's record app) so that the flows stay pure generators."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .models import GreetingKind


@dataclass(frozen=True)
class OpenMailbox:
    """→ MailboxView or None. owner: "user" (target: extension) or "service" (service id)."""

    owner: str
    target: str


@dataclass(frozen=True)
class CallerFacts:
    """→ CallerIdentity: what FreeSWITCH knows about who is calling and how."""


@dataclass(frozen=True)
class CallerIdentity:
    # The SIP account that authenticated this call ("user@domain"), if any.
    sip_account: str | None
    # Set by the dialplan for 133: the caller wants to listen, not to leave a message.
    listen: bool
    # The last bridge on this call found the callee busy.
    busy: bool


@dataclass(frozen=True)
class RecordMessage:
    """→ RecordOutcome. The row and the file are durable before this returns."""

    mailbox_id: int
    caller_number: str = ""
    caller_name: str = ""


@dataclass(frozen=True)
class RecordOutcome:
    saved: bool
    reason: str = ""  # "", "too_short", "storage"
    message_id: int | None = None


@dataclass(frozen=True)
class LeaveCallback:
    """→ None. The caller keyed `number` to be called back on."""

    mailbox_id: int
    number: str


@dataclass(frozen=True)
class Hold:
    """→ None. Music on hold for `seconds` (the caller waits for a busy colleague)."""

    seconds: int


@dataclass(frozen=True)
class OwnsMailbox:
    """→ bool: the SIP account belongs to the mailbox's owner (no PIN needed)."""

    mailbox_id: int
    sip_account: str


@dataclass(frozen=True)
class CheckPin:
    """→ bool."""

    mailbox_id: int
    pin: str


@dataclass(frozen=True)
class ChangePin:
    """→ bool (False: not 4–10 digits)."""

    mailbox_id: int
    pin: str


@dataclass(frozen=True)
class MessageItem:
    id: int
    caller_number: str
    caller_name: str
    created_at: dt.datetime
    file: str  # absolute path


@dataclass(frozen=True)
class ListMessages:
    """→ (new count, saved count, list[MessageItem] of `state`, oldest first)."""

    mailbox_id: int
    state: str  # "new" | "saved"


@dataclass(frozen=True)
class UpdateMessage:
    """→ None. action: "heard" (new → saved), "save" or "delete"."""

    mailbox_id: int
    message_id: int
    action: str


@dataclass(frozen=True)
class RecordGreeting:
    """→ bool: recorded and kept."""

    mailbox_id: int
    kind: GreetingKind
