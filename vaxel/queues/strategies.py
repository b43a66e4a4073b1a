"""Which agent gets which caller: pure decisions over plain snapshots (no database).

matching.py reads the snapshots under row locks, asks these functions, and writes the
answer back in the same transaction.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from .models import Strategy


@dataclass(frozen=True)
class AgentSnapshot:
    """An available member of the queue, as the strategies see them."""

    user_id: int
    tier: int = 1
    position: int = 0
    idle_since: dt.datetime | None = None  # end of their last call, or log-in
    calls_today: int = 0


@dataclass(frozen=True)
class CallerSnapshot:
    entry_id: int
    priority: int
    joined_at: dt.datetime
    callback: bool = False


@dataclass(frozen=True)
class Assignment:
    """Ring these agents for this caller (several only when ringing all)."""

    entry_id: int
    user_ids: tuple[int, ...]


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def callers_in_turn(callers: Sequence[CallerSnapshot]) -> list[CallerSnapshot]:
    """Higher priority first, then whoever has waited longest."""
    return sorted(callers, key=lambda c: (-c.priority, c.joined_at, c.entry_id))


def _idle(agent: AgentSnapshot) -> tuple:
    return (agent.idle_since or _EPOCH, agent.user_id)


def choose_agent(strategy: Strategy, agents: Sequence[AgentSnapshot],
                 rr_cursor: int = -1) -> AgentSnapshot | None:
    """The one agent to ring for the next caller (ring-all is decided in `assign`)."""
    if not agents:
        return None
    if strategy is Strategy.ORDERED:
        return min(agents, key=lambda a: (a.tier, a.position, a.user_id))
    if strategy is Strategy.ROUND_ROBIN:
        ring = sorted(agents, key=lambda a: (a.position, a.user_id))
        return next((a for a in ring if a.position > rr_cursor), ring[0])
    if strategy is Strategy.FEWEST_CALLS:
        return min(agents, key=lambda a: (a.calls_today, *_idle(a)))
    return min(agents, key=_idle)  # longest idle (and the fallback)


def assign(strategy: Strategy, callers: Sequence[CallerSnapshot],
           agents: Sequence[AgentSnapshot], rr_cursor: int = -1) -> tuple[list[Assignment], int]:
    """Pair waiting callers with free agents; returns the pairs and the new round-robin cursor.

    Ring-all rings every free agent for the first caller in turn. A callback is always one
    agent: the platform dials that agent before the customer (fs_control.features.queues.callbacks).
    """
    free = list(agents)
    pairs: list[Assignment] = []
    for caller in callers_in_turn(callers):
        if not free:
            break
        if strategy is Strategy.RING_ALL and not caller.callback:
            pairs.append(Assignment(caller.entry_id, tuple(a.user_id for a in free)))
            break
        fallback = Strategy.LONGEST_IDLE if strategy is Strategy.RING_ALL else strategy
        agent = choose_agent(fallback, free, rr_cursor)
        free.remove(agent)
        if strategy is Strategy.ROUND_ROBIN:
            rr_cursor = agent.position
        pairs.append(Assignment(caller.entry_id, (agent.user_id,)))
    return pairs, rr_cursor
