"""Callbacks as rows: requested by a waiting caller, claimed by one controller, retried.

A callback keeps the caller's entry (and so their place: `joined_at` never changes). When
the matcher offers that entry to an agent, exactly one controller claims the callback row
(`FOR UPDATE SKIP LOCKED`, state waiting → calling) and dials; a restart loses nothing,
because every step is a committed row, and dials nothing twice, because only the claimer
holds it in state calling.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ..errors import InvalidInput
from ..numbers.e164 import to_e164
from ..tenancy.models import Company
from ..webhooks import domain as webhooks
from . import entries
from .models import (CallbackState, EntryOutcome, EntryState, OfferResult, QueueCallback,
                     QueueEntry, QueueOffer, QueueSettings)


@dataclass(frozen=True)
class CallbackJob:
    callback_id: int
    entry_id: int
    company_id: int
    number: str
    agents: tuple[tuple[int, str], ...]  # (user id, extension) offered
    ring_seconds: int
    # Shown to the customer: the company's main number. A carrier accepts only the
    # company's own numbers (FreeSWITCH would otherwise send its default, 0000000000).
    caller_id: str | None = None


def request(session: Session, entry_id: int, number: str, now: dt.datetime) -> bool:
    """The waiting caller asks to be called back on `number` (normalised to E.164)."""
    entry = session.get(QueueEntry, entry_id, with_for_update=True, populate_existing=True)
    if entry is None or entry.state is not EntryState.WAITING or entry.callback:
        return False
    country = session.scalar(select(Company.country).where(Company.id == entry.company_id))
    try:
        e164 = to_e164(number, country)
    except InvalidInput:
        return False
    entry.callback = True
    session.add(QueueCallback(company_id=entry.company_id, queue_id=entry.queue_id,
                              entry_id=entry_id, number=e164, state=CallbackState.WAITING,
                              attempts=0, last_cause=""))
    session.flush()
    webhooks.callback_requested(session, entry.company_id, "queue", {
        "number": e164, "queue_id": entry.queue_id, "entry_id": entry_id})
    return True


_CLAIM = text("""
UPDATE queue_callback SET state = 'calling', claimed_by = :me, claimed_at = :now
WHERE id IN (SELECT c.id FROM queue_callback c JOIN queue_entry e ON e.id = c.entry_id
             WHERE c.state = 'waiting' AND e.state = 'offered'
             ORDER BY c.id LIMIT :n FOR UPDATE OF c SKIP LOCKED)
RETURNING id, entry_id, company_id, number, queue_id""")


def claim(session: Session, worker: str, now: dt.datetime, limit: int = 20) -> list[CallbackJob]:
    """Callbacks whose turn has come (their entry is offered to an agent), now ours to dial."""
    jobs = []
    for cb_id, entry_id, company_id, number, queue_id in session.execute(
            _CLAIM, {"me": worker, "now": now, "n": limit}).all():
        ring = session.scalar(select(QueueSettings.ring_seconds).where(
            QueueSettings.service_id == queue_id)) or 20
        agents = tuple(entries.ringing_agents(session, entry_id))
        shown = session.scalar(select(Company.main_number).where(Company.id == company_id))
        jobs.append(CallbackJob(cb_id, entry_id, company_id, number, agents, ring, shown))
    return jobs


def _callback(session: Session, callback_id: int) -> QueueCallback:
    return session.get(QueueCallback, callback_id, with_for_update=True, populate_existing=True)


def agent_unreachable(session: Session, callback_id: int, now: dt.datetime) -> list[int]:
    """The agent did not answer: the callback waits for the next agent, place kept."""
    cb = _callback(session, callback_id)
    cb.state, cb.claimed_by = CallbackState.WAITING, None
    return entries.offer_unanswered(session, cb.entry_id, now)


def customer_unreachable(session: Session, callback_id: int, cause: str,
                         now: dt.datetime) -> list[int]:
    """The caller did not answer (busy, no answer…): retry later, or give up after N tries.
    Returns the agent(s) released."""
    cb = _callback(session, callback_id)
    settings = session.get(QueueSettings, cb.queue_id)
    cb.attempts += 1
    cb.last_cause = cause[:64]
    if cb.attempts >= settings.callback_attempts:
        cb.state, cb.finished_at = CallbackState.FAILED, now
        return entries.leave(session, cb.entry_id, EntryOutcome.CALLBACK_FAILED, now)
    cb.state, cb.claimed_by = CallbackState.WAITING, None
    freed = entries.leave_offer_for_retry(session, cb.entry_id, now)
    entry = session.get(QueueEntry, cb.entry_id)
    entry.eligible_at = now + dt.timedelta(seconds=settings.callback_retry_seconds)
    return freed


def connected(session: Session, callback_id: int, user_id: int, agent_uuid: str,
              customer_uuid: str, now: dt.datetime) -> None:
    cb = _callback(session, callback_id)
    cb.state, cb.agent_uuid, cb.customer_uuid = CallbackState.CONNECTED, agent_uuid, customer_uuid
    entries.offer_answered(session, cb.entry_id, user_id, now)


def finished(session: Session, callback_id: int, now: dt.datetime) -> int | None:
    """The callback conversation ended; returns the agent, now wrapping up."""
    cb = _callback(session, callback_id)
    if cb.state is not CallbackState.CONNECTED:
        return None
    cb.state, cb.finished_at = CallbackState.COMPLETED, now
    return entries.call_finished(session, cb.entry_id, now)


def connected_by_leg(session: Session, leg_uuid: str) -> tuple[int, str] | None:
    """(callback id, the other leg) of a connected callback one of whose legs is `leg_uuid`."""
    cb = session.scalar(select(QueueCallback).where(
        QueueCallback.state == CallbackState.CONNECTED,
        (QueueCallback.agent_uuid == leg_uuid) | (QueueCallback.customer_uuid == leg_uuid)))
    if cb is None:
        return None
    return cb.id, cb.customer_uuid if cb.agent_uuid == leg_uuid else cb.agent_uuid


def release_stale(session: Session, older_than: dt.datetime, now: dt.datetime) -> list[int]:
    """Callbacks left in `calling` by a controller that died mid-dial go back to waiting."""
    freed: list[int] = []
    stale = session.scalars(select(QueueCallback.id).where(
        QueueCallback.state == CallbackState.CALLING, QueueCallback.claimed_at < older_than)
        .with_for_update(skip_locked=True)).all()
    for cb_id in stale:
        freed += agent_unreachable(session, cb_id, now)
    return freed


def offers_of(session: Session, entry_id: int) -> list[QueueOffer]:
    return list(session.scalars(select(QueueOffer).where(QueueOffer.entry_id == entry_id,
                                                         QueueOffer.result == OfferResult.RINGING)))
