"""The queue flow's own commands (carried out by fs_control.features.queues) and their results."""
from __future__ import annotations

from dataclasses import dataclass

from ..callflow.commands import DialTarget
from .models import EntryOutcome
from .rules import QueueView


@dataclass(frozen=True)
class JoinQueue:
    """Result: entries.Joined, or None if there is no such queue."""

    queue_id: int


@dataclass(frozen=True)
class WaitInQueue:
    """Music and announcements until an offer, a callback request (1) or the longest wait."""

    entry_id: int
    view: QueueView


@dataclass(frozen=True)
class WaitOutcome:
    kind: str  # "offer" | "callback" | "timeout" | "gone"
    agents: tuple[tuple[int, str], ...] = ()  # (user id, extension) rung for this caller


@dataclass(frozen=True)
class AgentLegs:
    user_id: int
    targets: tuple[DialTarget, ...]


@dataclass(frozen=True)
class ConnectAgents:
    """Ring the offered agents' devices; result: ConnectResult once the call is over."""

    entry_id: int
    agents: tuple[AgentLegs, ...]
    ring_seconds: int
    music: str


@dataclass(frozen=True)
class ConnectResult:
    answered: bool
    user_id: int | None = None


@dataclass(frozen=True)
class RequestCallback:
    """Result: True once the callback is stored (the caller may then hang up)."""

    entry_id: int
    number: str


@dataclass(frozen=True)
class LeaveQueue:
    entry_id: int
    outcome: EntryOutcome
