"""Pure queue decisions besides agent choice: who may join, where overflow goes, and which
state an agent moves to (and whether that is a move worth announcing)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..routing.destinations import Destination, DestinationKind as K
from .models import AgentState, QueueSettings, Strategy

DEFAULT_OVERFLOW = Destination(K.MESSAGE, "try_later")


@dataclass(frozen=True)
class QueueView:
    """A queue's settings as a call flow reads them."""

    service_id: int
    company_id: int
    strategy: Strategy = Strategy.LONGEST_IDLE
    ring_seconds: int = 20
    wrapup_seconds: int = 10
    music_on_hold: str = "local_stream://moh"
    announce_every_seconds: int = 60
    announce_position: bool = True
    announce_wait: bool = True
    max_wait_seconds: int = 600
    max_length: int = 0
    overflow_destination: str = ""
    no_agents_destination: str = ""
    caller_priority: int = 0
    callback_enabled: bool = True
    callback_attempts: int = 3
    callback_retry_seconds: int = 120
    service_level_seconds: int = 20
    max_missed_offers: int = 3

    @classmethod
    def of(cls, row: QueueSettings) -> "QueueView":
        return cls(**{name: getattr(row, name) for name in cls.__dataclass_fields__})


def destination_or(text: str, default: Destination) -> Destination:
    try:
        return Destination.parse(text) if text else default
    except ValueError:
        return default


def overflow(view: QueueView) -> Destination:
    """Where a caller goes when the queue is full or they waited the longest allowed."""
    return destination_or(view.overflow_destination, DEFAULT_OVERFLOW)


def admission(view: QueueView, waiting: int, logged_in: int) -> Destination | None:
    """None: the caller joins. Otherwise where they go instead."""
    if logged_in == 0 and view.no_agents_destination:
        return destination_or(view.no_agents_destination, DEFAULT_OVERFLOW)
    if view.max_length and waiting >= view.max_length:
        return overflow(view)
    return None


def missed_too_often(missed_in_row: int, max_missed: int) -> bool:
    return max_missed > 0 and missed_in_row >= max_missed


def after_missed(missed_in_row: int, max_missed: int) -> AgentState:
    """An agent let an offer ring out: they rest (wrap-up) or, too often in a row, go away."""
    return AgentState.AWAY if missed_too_often(missed_in_row, max_missed) else AgentState.WRAP_UP


def after_call(wrapup_seconds: int) -> AgentState:
    return AgentState.WRAP_UP if wrapup_seconds > 0 else AgentState.AVAILABLE


@dataclass(frozen=True)
class AgentMove:
    """An agent's state before and after one change, as agent.state_changed tells it."""

    company_id: int
    user_id: int
    previous: AgentState
    state: AgentState

    @property
    def real(self) -> bool:
        return self.previous is not self.state


def real_moves(moves: Iterable[AgentMove]) -> list[AgentMove]:
    """The moves that change something, in order: a state kept is never announced."""
    return [m for m in moves if m.real]
