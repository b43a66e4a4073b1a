"""agent.state_changed for every move of an agent's state, in the transaction that makes it.

The queue engine decides moves with the pure rules (`rules.after_call`, `after_missed`) and
reports them here as `AgentMove`s; a move that keeps the state is dropped, so a wallboard
sees each real change once and never one that rolled back.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session

from ..webhooks import domain as webhooks
from .models import AgentState
from .rules import AgentMove, real_moves

# Wrap-up ends by the clock (the matcher already counts an agent past it as available);
# this makes that end a row change of its own, so it can be announced. Rows locked by a
# matcher or a call's transaction are skipped: the next sweep gets them.
_END_WRAP_UPS = text("""
UPDATE queue_agent a SET state = 'available', state_since = a.wrapup_until
WHERE a.user_id IN (SELECT user_id FROM queue_agent
                    WHERE state = 'wrap_up' AND wrapup_until <= :now
                      AND (CAST(:user AS integer) IS NULL OR user_id = :user)
                    FOR UPDATE SKIP LOCKED)
  AND a.state = 'wrap_up'
RETURNING a.company_id, a.user_id""")


def announce(session: Session, moves: Iterable[AgentMove], now: dt.datetime) -> None:
    """Write the real moves to the webhook outbox (one statement, none if nothing moved)."""
    webhooks.agent_states_changed(
        session, [(m.company_id, m.user_id, m.previous.value, m.state.value)
                  for m in real_moves(moves)], now)


def end_wrap_ups(session: Session, now: dt.datetime, user_id: int | None = None) -> list[int]:
    """Agents whose wrap-up is over become available (one agent, or all); returns them."""
    session.flush()  # the rows as this transaction has set them so far
    rows = session.execute(_END_WRAP_UPS, {"now": now, "user": user_id}).all()
    announce(session, [AgentMove(c, u, AgentState.WRAP_UP, AgentState.AVAILABLE)
                       for c, u in rows], now)
    return [u for _, u in rows]
