"""What happens to a call, as plain domain events (no FreeSWITCH vocabulary beyond the cause)."""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass


class CallDirection(str, enum.Enum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"
    INTERNAL = "internal"


class CallResult(str, enum.Enum):
    ANSWERED = "answered"
    MISSED = "missed"
    BUSY = "busy"
    FAILED = "failed"
    VOICEMAIL = "voicemail"


@dataclass(frozen=True)
class CallEvent:
    call_uuid: str
    company_id: int
    at: dt.datetime


@dataclass(frozen=True)
class CallStarted(CallEvent):
    direction: CallDirection
    from_number: str
    to_number: str
    user_id: int | None = None  # the company's own party (caller or callee), when known
    from_name: str = ""


@dataclass(frozen=True)
class CallRinging(CallEvent):
    user_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class CallAnswered(CallEvent):
    user_id: int | None = None


@dataclass(frozen=True)
class CallTransferred(CallEvent):
    from_user_id: int | None = None
    to_user_id: int | None = None
    to_number: str | None = None


@dataclass(frozen=True)
class CallEnded(CallEvent):
    """The whole call, once it is over; `at` is when it ended. Enough to write the call log."""

    direction: CallDirection
    from_number: str
    to_number: str
    started_at: dt.datetime
    answered_at: dt.datetime | None
    result: CallResult
    hangup_cause: str = "NORMAL_CLEARING"
    user_id: int | None = None
    other_name: str = ""

    @property
    def duration_seconds(self) -> int:
        return max(0, round((self.at - self.started_at).total_seconds()))

    @property
    def talk_seconds(self) -> int:
        if self.answered_at is None:
            return 0
        return max(0, round((self.at - self.answered_at).total_seconds()))

    @property
    def other_number(self) -> str:
        """The party outside the company's side: the caller of an incoming call, else the callee."""
        return self.from_number if self.direction is CallDirection.INCOMING else self.to_number


@dataclass(frozen=True)
class CallMissed(CallEvent):
    user_id: int | None = None
    from_number: str = ""
    from_name: str = ""
