"""Matching waiting callers to free agents: one transaction, row locks, a NOTIFY at commit.

Two controllers (or two greenlets) may match at once. The queue's settings row is locked
first (`FOR UPDATE`), so matchers of one queue run one after another and each sees what the
previous committed. Agents are locked `FOR UPDATE SKIP LOCKED`: an agent in two queues
whose other queue is being matched right now is skipped, never offered twice; callers the
same. The offer is announced with pg_notify, which PostgreSQL delivers only at commit.
"""
from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import text
from sqlalchemy.orm import Session

from .agents import announce
from .models import AgentState, Strategy
from .rules import AgentMove
from .strategies import AgentSnapshot, Assignment, CallerSnapshot, assign

log = logging.getLogger(__name__)

CHANNEL = "vaxel_queue"

_QUEUE = text("SELECT company_id, strategy, rr_cursor FROM queue_settings "
              "WHERE service_id = :q FOR UPDATE")
# Wrap-up ends by the clock: an agent whose wrap-up is over counts as available.
_AGENTS = text("""
SELECT a.user_id, m.tier, m.position, a.idle_since,
       CASE WHEN a.calls_day = CAST(:now AS date) THEN a.calls_today ELSE 0 END
FROM queue_member m
JOIN queue_agent a ON a.user_id = m.user_id
JOIN users u ON u.id = a.user_id
LEFT JOIN presence_profile p ON p.id = u.active_profile_id
WHERE m.queue_id = :q AND m.logged_in AND u.active AND coalesce(p.accept_queue, true)
  AND (a.state = 'available' OR (a.state = 'wrap_up' AND a.wrapup_until <= :now))
FOR UPDATE OF a SKIP LOCKED""")
_CALLERS = text("""
SELECT id, priority, joined_at, callback FROM queue_entry
WHERE queue_id = :q AND state = 'waiting' AND eligible_at <= :now
ORDER BY priority DESC, joined_at, id LIMIT :n
FOR UPDATE SKIP LOCKED""")
_OFFER_ENTRY = text("UPDATE queue_entry SET state = 'offered' WHERE id = :e")
# The self-join reads each row as it was before this statement: the state left behind.
_RING_AGENTS = text("""
UPDATE queue_agent a SET state = 'ringing', state_since = :now, wrapup_until = NULL
FROM queue_agent old WHERE old.user_id = a.user_id AND a.user_id = ANY(:users)
RETURNING a.user_id, old.state""")
_INSERT_OFFERS = text("""
INSERT INTO queue_offer (company_id, queue_id, entry_id, user_id, result, offered_at, talk_seconds)
SELECT :c, :q, :e, u, 'ringing', :now, 0 FROM unnest(CAST(:users AS integer[])) AS u""")
_NOTIFY = text("SELECT pg_notify(:channel, :payload)")
_CURSOR = text("UPDATE queue_settings SET rr_cursor = :cursor WHERE service_id = :q")


def offer_payload(entry_id: int, callback: bool) -> str:
    return ("callback:%d" if callback else "offer:%d") % entry_id


def match_queue(session: Session, queue_id: int, now: dt.datetime) -> list[Assignment]:
    """Offer waiting callers of one queue to its free agents; the caller commits."""
    queue = session.execute(_QUEUE, {"q": queue_id}).first()
    if queue is None:
        return []
    company_id, strategy, cursor = queue[0], Strategy(queue[1]), queue[2]
    agents = [AgentSnapshot(*row) for row in session.execute(_AGENTS, {"q": queue_id, "now": now})]
    if not agents:
        return []
    limit = 1 if strategy is Strategy.RING_ALL else len(agents)
    callers = [CallerSnapshot(*row) for row in
               session.execute(_CALLERS, {"q": queue_id, "now": now, "n": limit})]
    pairs, new_cursor = assign(strategy, callers, agents, cursor)
    callback_ids = {c.entry_id for c in callers if c.callback}
    moves: list[AgentMove] = []
    for pair in pairs:
        moves += _write_offer(session, company_id, queue_id, pair, pair.entry_id in callback_ids,
                              now)
    announce(session, moves, now)
    if new_cursor != cursor:
        session.execute(_CURSOR, {"cursor": new_cursor, "q": queue_id})
    return pairs


def _write_offer(session: Session, company_id: int, queue_id: int, pair: Assignment,
                 callback: bool, now: dt.datetime) -> list[AgentMove]:
    users = list(pair.user_ids)
    session.execute(_OFFER_ENTRY, {"e": pair.entry_id})
    rung = session.execute(_RING_AGENTS, {"users": users, "now": now}).all()
    session.execute(_INSERT_OFFERS, {"c": company_id, "q": queue_id, "e": pair.entry_id,
                                     "users": users, "now": now})
    session.execute(_NOTIFY, {"channel": CHANNEL,
                              "payload": offer_payload(pair.entry_id, callback)})
    return [AgentMove(company_id, user_id, AgentState(previous), AgentState.RINGING)
            for user_id, previous in sorted(rung, key=lambda row: users.index(row[0]))]


# Each queue's head caller read from the waiting index (one row a queue, not a scan).
_QUEUES_OF_AGENT = text("""
SELECT m.queue_id FROM queue_member m
JOIN LATERAL (SELECT e.priority, e.joined_at FROM queue_entry e
              WHERE e.queue_id = m.queue_id AND e.state = 'waiting'
              ORDER BY e.priority DESC, e.joined_at LIMIT 1) head ON true
WHERE m.user_id = :u AND m.logged_in ORDER BY head.priority DESC, head.joined_at""")
_QUEUES_READY = text("""
SELECT DISTINCT e.queue_id FROM queue_entry e
WHERE e.state = 'waiting' AND e.eligible_at <= :now AND EXISTS (
  SELECT 1 FROM queue_member m JOIN queue_agent a ON a.user_id = m.user_id
  WHERE m.queue_id = e.queue_id AND m.logged_in
    AND (a.state = 'available' OR (a.state = 'wrap_up' AND a.wrapup_until <= :now)))""")


def queues_with_callers_for(session: Session, user_id: int) -> list[int]:
    """The agent's queues that have someone waiting, longest-waiting head first."""
    return list(session.scalars(_QUEUES_OF_AGENT, {"u": user_id}))


def queues_ready(session: Session, now: dt.datetime) -> list[int]:
    """Queues with an eligible caller and a free agent (the safety-net poll's work list)."""
    return list(session.scalars(_QUEUES_READY, {"now": now}))


def offer_to(session: Session, company_id: int, queue_id: int, entry_id: int, user_id: int,
             now: dt.datetime) -> None:
    """Offer one waiting caller to one chosen user, out of turn (the operator console's
    "take"): the same offer rows and NOTIFY as a match, so the greenlet holding the caller
    rings the user's phones as it would an agent's. The caller's row must be locked."""
    moves = _write_offer(session, company_id, queue_id, Assignment(entry_id, (user_id,)),
                         False, now)
    announce(session, moves, now)
