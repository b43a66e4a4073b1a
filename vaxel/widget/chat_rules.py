"""Visitor chat's decisions, pure: which agent takes the next chat, a visitor's place in
line, and the visitor's token.

Routing is the queue engine's own longest-idle rule (vaxel.queues.strategies): the agents
are the chat queue's logged-in members with a free chat slot, each idle since their last
chat was answered or ended (never: first).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Sequence

from ..queues.models import Strategy
from ..queues.strategies import AgentSnapshot, choose_agent

CHATS_PER_AGENT = 3  # an agent answers this many visitors at once, then is not free
IDLE_END = dt.timedelta(hours=2)  # a chat nobody wrote in for this long is over
# A waiting visitor's widget asks at least every long poll (20 s; 5 s after an error): one
# not heard from for this long closed the page, and gives up their place in line.
GONE_AFTER = dt.timedelta(seconds=90)
TOKEN_BYTES = 32


@dataclass(frozen=True)
class ChatAgent:
    """A logged-in member of the chat queue, as routing sees them."""

    user_id: int
    open_chats: int
    idle_since: dt.datetime | None  # their last chat answered or ended; None: never


def free_agents(agents: Sequence[ChatAgent]) -> list[ChatAgent]:
    return [a for a in agents if a.open_chats < CHATS_PER_AGENT]


def choose(agents: Sequence[ChatAgent]) -> int | None:
    """The free agent idle longest (fewest open chats first), or None: the visitor waits."""
    free = free_agents(agents)
    if not free:
        return None
    fewest = min(a.open_chats for a in free)
    snapshots = [AgentSnapshot(a.user_id, idle_since=a.idle_since)
                 for a in free if a.open_chats == fewest]
    return choose_agent(Strategy.LONGEST_IDLE, snapshots).user_id


def assign(waiting: Sequence[int], agents: Sequence[ChatAgent],
           now: dt.datetime) -> list[tuple[int, int]]:
    """Waiting chats (ids, in turn: oldest first) paired with agents, as many as are free."""
    pool = list(agents)
    pairs: list[tuple[int, int]] = []
    for chat_id in sorted(waiting):
        agent_id = choose(pool)
        if agent_id is None:
            break
        pairs.append((chat_id, agent_id))
        pool = [ChatAgent(a.user_id, a.open_chats + 1, now) if a.user_id == agent_id else a
                for a in pool]
    return pairs


def left_the_line(seen_at: dt.datetime, now: dt.datetime) -> bool:
    return now - seen_at > GONE_AFTER


def position(chat_id: int, waiting: Sequence[int]) -> int | None:
    """1 for the next in line; None when the chat is not waiting."""
    if chat_id not in waiting:
        return None
    return sorted(waiting).index(chat_id) + 1


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """Stored instead of the token: a database read does not let anyone into a chat."""
    return hashlib.sha256((token or "").encode()).hexdigest()


@dataclass(frozen=True)
class Wake:
    """What the visitor hub tells a company's waiting visitors: the messages numbered in
    (after, newest], their conversations, whether any says a chat was given or ended, and
    how many chat agents are logged in."""

    after: int
    newest: int
    agents: int
    conversations: tuple[int, ...] = ()
    system: bool = False


def worth_a_read(last: Wake, woken: Wake, conversation_id: int) -> tuple[bool, bool]:
    """(read again, route again) for a visitor who last saw `last` and is woken by
    `woken`. A window that does not follow on from the last one (one was skipped while the
    visitor was busy) may have held anything: read. So may a message in their own
    conversation, or a chat given or ended (the line moved), or an agent logging in or
    out, which is also the one change that needs routing again."""
    routing = woken.agents != last.agents
    read = (woken.after != last.newest or routing or woken.system
            or conversation_id in woken.conversations)
    return read, routing
