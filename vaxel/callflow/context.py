"""What a flow knows about the call, and the look-ups it may make."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from ..presence.rules import ProfileView
from ..routing.destinations import Destination
from .commands import DialTarget, Prompt


@dataclass(frozen=True)
class CallContext:
    call_uuid: str
    company_id: int
    caller_number: str
    caller_name: str
    destination: Destination
    now: dt.datetime
    answered: bool = False


@dataclass(frozen=True)
class Person:
    """A user as ringing them needs: where to ring and what their profile says."""

    user_id: int
    name: str
    profile: ProfileView
    targets: tuple[DialTarget, ...]
    ring_simultaneously: bool = True
    recorded: bool = False  # the recording add-on is switched on for this user


class CallData(Protocol):
    """Data a flow reads while it runs; the controller backs it with PostgreSQL."""

    def person(self, company_id: int, extension: str) -> Person | None: ...

    def service_kind(self, company_id: int, service_id: int) -> str | None: ...

    def prompt(self, company_id: int, name: str) -> Prompt: ...
