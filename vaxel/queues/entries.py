"""A caller's way through a queue, as transitions of rows (each call commits once).

Every transition locks the entry row first, so the caller's controller, another
controller's hang-up handler and the callback worker can race without harm: whoever comes
second finds the entry already moved on and does nothing.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..routing.destinations import Destination
from .models import (AgentState, EntryOutcome, EntryState, OfferResult, QueueAgent, QueueEntry,
                     QueueMember, QueueOffer, QueueSettings)
from .agents import announce
from .rules import AgentMove, QueueView, admission, after_call, after_missed

LIVE = (EntryState.WAITING, EntryState.OFFERED)
# An agent who let an offer ring out rests this long before the next one.
NO_ANSWER_DELAY = dt.timedelta(seconds=10)


@dataclass(frozen=True)
class Joined:
    entry_id: int | None  # None: refused, go to `destination`
    destination: Destination | None
    view: QueueView


def join(session: Session, queue_id: int, call_uuid: str, number: str, name: str,
         now: dt.datetime) -> Joined | None:
    """Put a caller in the queue (None if there is no such queue)."""
    row = session.get(QueueSettings, queue_id, with_for_update=True)  # max length holds
    if row is None:
        return None
    view = QueueView.of(row)
    waiting = session.scalar(select(func.count()).where(
        QueueEntry.queue_id == queue_id, QueueEntry.state.in_(LIVE))) or 0
    logged_in = session.scalar(select(func.count()).where(
        QueueMember.queue_id == queue_id, QueueMember.logged_in)) or 0
    refused = admission(view, waiting, logged_in)
    if refused is not None:
        return Joined(None, refused, view)
    entry = QueueEntry(company_id=view.company_id, queue_id=queue_id, call_uuid=call_uuid,
                       caller_number=number[:64], caller_name=name[:200],
                       priority=view.caller_priority, joined_at=now, eligible_at=now)
    session.add(entry)
    session.flush()
    return Joined(entry.id, None, view)


def _entry(session: Session, entry_id: int) -> QueueEntry | None:
    return session.get(QueueEntry, entry_id, with_for_update=True, populate_existing=True)


def _ringing_offers(session: Session, entry_id: int) -> list[QueueOffer]:
    return list(session.scalars(select(QueueOffer).where(
        QueueOffer.entry_id == entry_id, QueueOffer.result == OfferResult.RINGING)))


def _free(session: Session, user_ids: list[int], now: dt.datetime) -> None:
    if not user_ids:
        return
    freed = session.execute(update(QueueAgent).where(
        QueueAgent.user_id.in_(user_ids), QueueAgent.state == AgentState.RINGING)
        .values(state=AgentState.AVAILABLE, state_since=now)
        .returning(QueueAgent.company_id, QueueAgent.user_id)).all()
    announce(session, [AgentMove(c, u, AgentState.RINGING, AgentState.AVAILABLE)
                       for c, u in freed], now)


def _move(session: Session, agent: QueueAgent, state: AgentState, now: dt.datetime) -> None:
    """Set the agent's state (and since when, if it changed) and announce a real change."""
    before = agent.state
    if state is not before:
        agent.state, agent.state_since = state, now
    announce(session, [AgentMove(agent.company_id, agent.user_id, before, state)], now)


def offer_answered(session: Session, entry_id: int, user_id: int, now: dt.datetime) -> bool:
    """`user_id` took the call; others rung for it are released. False if too late."""
    entry = _entry(session, entry_id)
    if entry is None or entry.state is not EntryState.OFFERED:
        return False
    entry.state, entry.answered_at, entry.answered_by = EntryState.CONNECTED, now, user_id
    others = []
    for offer in _ringing_offers(session, entry_id):
        if offer.user_id == user_id:
            offer.result, offer.answered_at = OfferResult.ANSWERED, now
        else:
            offer.result, offer.ended_at = OfferResult.CANCELLED, now
            others.append(offer.user_id)
    _free(session, others, now)
    agent = session.get(QueueAgent, user_id, with_for_update=True, populate_existing=True)
    if agent is not None:
        _move(session, agent, AgentState.ON_CALL, now)
        agent.missed_in_row = 0
        agent.calls_today = (agent.calls_today if agent.calls_day == now.date() else 0) + 1
        agent.calls_day = now.date()
    return True


def offer_unanswered(session: Session, entry_id: int, now: dt.datetime) -> list[int]:
    """Nobody rung answered: the caller waits again, in their old place. The agents rest
    (NO_ANSWER_DELAY) or are set away after too many misses; returns none to match now."""
    entry = _entry(session, entry_id)
    if entry is None or entry.state is not EntryState.OFFERED:
        return []
    entry.state = EntryState.WAITING
    max_missed = session.scalar(select(QueueSettings.max_missed_offers).where(
        QueueSettings.service_id == entry.queue_id)) or 0
    for offer in _ringing_offers(session, entry_id):
        offer.result, offer.ended_at = OfferResult.MISSED, now
        _missed(session, offer.user_id, max_missed, now)
    return []


def _missed(session: Session, user_id: int, max_missed: int, now: dt.datetime) -> None:
    agent = session.get(QueueAgent, user_id, with_for_update=True, populate_existing=True)
    if agent is None or agent.state is not AgentState.RINGING:
        return
    agent.missed_in_row += 1
    # Not rung again at once: the caller goes to a colleague first (a no-answer delay).
    _move(session, agent, after_missed(agent.missed_in_row, max_missed), now)
    agent.wrapup_until = now + NO_ANSWER_DELAY


def call_finished(session: Session, entry_id: int, now: dt.datetime) -> int | None:
    """The conversation is over: the agent wraps up. Returns the agent's user id."""
    entry = _entry(session, entry_id)
    if entry is None or entry.state is not EntryState.CONNECTED:
        return None
    talk = int((now - (entry.answered_at or now)).total_seconds())
    entry.state, entry.outcome, entry.ended_at, entry.talk_seconds = (
        EntryState.DONE, EntryOutcome.ANSWERED, now, talk)
    session.execute(update(QueueOffer).where(
        QueueOffer.entry_id == entry_id, QueueOffer.result == OfferResult.ANSWERED)
        .values(ended_at=now, talk_seconds=talk))
    wrapup = session.scalar(select(QueueSettings.wrapup_seconds).where(
        QueueSettings.service_id == entry.queue_id)) or 0
    agent = session.get(QueueAgent, entry.answered_by, with_for_update=True, populate_existing=True)
    if agent is not None and agent.state is AgentState.ON_CALL:
        _move(session, agent, after_call(wrapup), now)
        agent.idle_since = now
        agent.wrapup_until = now + dt.timedelta(seconds=wrapup)
    return entry.answered_by


def leave(session: Session, entry_id: int, outcome: EntryOutcome, now: dt.datetime) -> list[int]:
    """The caller leaves the queue unanswered (hung up, overflowed, callback gave up).
    Returns the agents who were ringing for them, now free again."""
    entry = _entry(session, entry_id)
    if entry is None or entry.state not in LIVE:
        return []
    entry.state, entry.outcome, entry.ended_at = EntryState.DONE, outcome, now
    return _cancel_ringing(session, entry_id, now)


def _cancel_ringing(session: Session, entry_id: int, now: dt.datetime) -> list[int]:
    """Cancel the entry's ringing offers (not missed: not the agents' doing) and free the
    agents; returns them."""
    freed = []
    for offer in _ringing_offers(session, entry_id):
        offer.result, offer.ended_at = OfferResult.CANCELLED, now
        freed.append(offer.user_id)
    _free(session, freed, now)
    return freed


def leave_by_call(session: Session, call_uuid: str, now: dt.datetime) -> list[int]:
    """A hang-up seen on the platform's event stream (the safety net when the caller's own
    controller is gone): abandon whatever live entry the call still has."""
    ids = session.scalars(select(QueueEntry.id).where(
        QueueEntry.call_uuid == call_uuid, QueueEntry.state.in_(LIVE),
        QueueEntry.callback.is_(False))).all()
    freed: list[int] = []
    for entry_id in ids:
        freed += leave(session, entry_id, EntryOutcome.ABANDONED, now)
    return freed


def ringing_agents(session: Session, entry_id: int) -> list[tuple[int, str]]:
    """(user id, extension) of the agents offered this caller and still ringing."""
    from ..people.models import User
    rows = session.execute(select(QueueOffer.user_id, User.extension)
                           .join(User, User.id == QueueOffer.user_id)
                           .where(QueueOffer.entry_id == entry_id,
                                  QueueOffer.result == OfferResult.RINGING)
                           .order_by(QueueOffer.id))
    return [(r[0], r[1]) for r in rows]


def position(session: Session, entry_id: int) -> int | None:
    """1 for the next caller to be served; None once the caller is no longer waiting."""
    entry = session.get(QueueEntry, entry_id)
    if entry is None or entry.state not in LIVE:
        return None
    ahead = session.scalar(select(func.count()).where(
        QueueEntry.queue_id == entry.queue_id, QueueEntry.state.in_(LIVE),
        (QueueEntry.priority > entry.priority)
        | ((QueueEntry.priority == entry.priority) & (QueueEntry.joined_at < entry.joined_at))))
    return (ahead or 0) + 1


def is_offered(session: Session, entry_id: int) -> bool:
    return session.scalar(select(QueueEntry.state).where(QueueEntry.id == entry_id)) \
        is EntryState.OFFERED


def leave_offer_for_retry(session: Session, entry_id: int, now: dt.datetime) -> list[int]:
    """Back to waiting through no fault of the agents (a callback's caller did not answer):
    their offers are cancelled, not missed. Returns the agents released."""
    entry = _entry(session, entry_id)
    if entry is None or entry.state is not EntryState.OFFERED:
        return []
    entry.state = EntryState.WAITING
    return _cancel_ringing(session, entry_id, now)


def not_waiting(session: Session, entry_ids: list[int]) -> list[int]:
    """Those of `entry_ids` that have moved on from waiting (offered, ended…)."""
    return list(session.scalars(select(QueueEntry.id).where(
        QueueEntry.id.in_(entry_ids), QueueEntry.state != EntryState.WAITING)))


def queue_of(session: Session, entry_id: int) -> int | None:
    return session.scalar(select(QueueEntry.queue_id).where(QueueEntry.id == entry_id))
