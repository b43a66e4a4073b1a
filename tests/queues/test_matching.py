"""Matching callers to agents in PostgreSQL: the whole life of an entry, and concurrency."""
import datetime as dt
import random
import threading

import pytest
from sqlalchemy import select

from tests.queues.fixtures import NOW, join, later, make_agents, make_company, make_queue
from vaxel.queues import entries
from vaxel.queues.matching import match_queue
from vaxel.queues.models import (AgentState, EntryOutcome, EntryState, OfferResult, QueueAgent,
                                 QueueEntry, QueueOffer)
from vaxel.queues.stats import agent_stats, queue_stats, realtime

@pytest.fixture
def support(db):
    company = make_company(db)
    agents = make_agents(db, company, ("2001", "2002"))
    queue = make_queue(db, company, members=agents, wrapup_seconds=30, strategy="ordered")
    return queue, agents


def test_a_caller_is_offered_answered_and_the_agent_wraps_up(db, support):
    queue, (anna, bo) = support
    entry_id = join(db, queue, "call-1")
    [pair] = match_queue(db, queue.service_id, later(1))
    assert pair.entry_id == entry_id and pair.user_ids == (anna.id,)
    assert db.get(QueueAgent, anna.id).state is AgentState.RINGING
    assert entries.offer_answered(db, entry_id, anna.id, later(8))
    assert entries.call_finished(db, entry_id, later(68)) == anna.id
    entry = db.get(QueueEntry, entry_id)
    assert (entry.outcome, entry.talk_seconds) == (EntryOutcome.ANSWERED, 60)
    agent = db.get(QueueAgent, anna.id)
    assert agent.state is AgentState.WRAP_UP and agent.wrapup_until == later(98)
    # During wrap-up the next caller goes to Bo; after it, Anna is free again.
    second = join(db, queue, "call-2", later(70))
    assert match_queue(db, queue.service_id, later(70))[0].user_ids == (bo.id,)
    third = join(db, queue, "call-3", later(90))
    assert match_queue(db, queue.service_id, later(91)) == []
    assert match_queue(db, queue.service_id, later(99))[0].entry_id == third
    assert second != third


def test_a_caller_who_hangs_up_while_ringing_frees_the_agent(db, support):
    queue, (anna, _) = support
    entry_id = join(db, queue, "call-1")
    match_queue(db, queue.service_id, later(1))
    assert entries.leave(db, entry_id, EntryOutcome.ABANDONED, later(4)) == [anna.id]
    assert db.get(QueueAgent, anna.id).state is AgentState.AVAILABLE
    offer = db.scalars(select(QueueOffer)).one()
    assert offer.result is OfferResult.CANCELLED


def test_missed_offers_rest_the_agent_then_set_them_away(db, support):
    queue, (anna, _) = support
    queue.max_missed_offers = 2
    db.flush()
    for n in range(2):
        entry_id = join(db, queue, f"call-{n}")
        match_queue(db, queue.service_id, later(n * 60))
        entries.offer_unanswered(db, entry_id, later(n * 60 + 20))
        entries.leave(db, entry_id, EntryOutcome.ABANDONED, later(n * 60 + 30))
        expected = AgentState.WRAP_UP if n == 0 else AgentState.AWAY
        assert db.get(QueueAgent, anna.id).state is expected


def test_statistics_count_answered_abandoned_and_service_level(db, support):
    queue, (anna, bo) = support
    quick = join(db, queue, "quick")
    match_queue(db, queue.service_id, later(1))
    entries.offer_answered(db, quick, anna.id, later(5))
    entries.call_finished(db, quick, later(65))
    gone = join(db, queue, "gone", later(10))
    match_queue(db, queue.service_id, later(10))
    entries.leave(db, gone, EntryOutcome.ABANDONED, later(40))
    [stats] = queue_stats(db, queue.company_id, NOW - dt.timedelta(hours=1))
    assert (stats.offered, stats.answered, stats.abandoned) == (2, 1, 1)
    assert stats.abandoned_avg_wait == 30.0 and stats.service_level_pct == 100.0
    assert stats.avg_talk == 60.0 and stats.longest_wait == 30.0
    by_agent = {a.user_id: a for a in agent_stats(db, queue.company_id, NOW, later(100))}
    assert (by_agent[anna.id].offers, by_agent[anna.id].answers) == (1, 1)
    assert by_agent[anna.id].talk_seconds == 60 and by_agent[bo.id].offers == 1
    [now] = realtime(db, queue.company_id, later(100))
    assert now["waiting"] == 0 and now["members"]["available"] == 2


def test_concurrent_matchers_never_double_offer(committed_db):
    """Eight threads, each its own connection, match three queues sharing six agents while
    others answer and finish calls; no agent ever rings or talks for two callers at once."""
    with committed_db.begin() as s:
        company = make_company(s)
        agents = make_agents(s, company, [f"20{n:02d}" for n in range(6)])
        queues = [make_queue(s, company, f"Q{n}", members=agents, wrapup_seconds=0,
                             strategy=strategy).service_id
                  for n, strategy in enumerate(("longest_idle", "round_robin", "fewest_calls"))]
        for n in range(60):
            entries.join(s, queues[n % 3], f"call-{n}", "+4670", "", NOW)
    errors = []

    def worker(seed):
        rng = random.Random(seed)
        try:
            for _ in range(60):
                with committed_db.begin() as s:
                    match_queue(s, rng.choice(queues), dt.datetime.now(dt.timezone.utc))
                _finish_one(committed_db, rng)
        except Exception as exc:  # collected: the assertion below names it
            errors.append(exc)
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    with committed_db() as s:
        offers = s.scalars(select(QueueOffer).order_by(QueueOffer.id)).all()
        done = s.scalars(select(QueueEntry).where(QueueEntry.state == EntryState.DONE)).all()
    assert len(done) > 20
    _assert_one_live_offer_per_agent(offers)
    per_entry = {}
    for offer in offers:
        per_entry.setdefault(offer.entry_id, []).append(offer)
    assert all(len([o for o in os if o.result is OfferResult.ANSWERED]) <= 1
               for os in per_entry.values())


def _finish_one(factory, rng):
    """An agent answers a ringing offer and hangs up at once (another thread's controller)."""
    with factory.begin() as s:
        offer = s.scalars(select(QueueOffer).where(QueueOffer.result == OfferResult.RINGING)
                          .limit(5)).all()
        if offer:
            pick = rng.choice(offer)
            now = dt.datetime.now(dt.timezone.utc)
            if entries.offer_answered(s, pick.entry_id, pick.user_id, now):
                entries.call_finished(s, pick.entry_id, now)


def _assert_one_live_offer_per_agent(offers):
    live = [o.user_id for o in offers if o.result is OfferResult.RINGING
            or (o.result is OfferResult.ANSWERED and o.ended_at is None)]
    assert len(live) == len(set(live))


def test_the_database_refuses_a_second_live_offer_to_an_agent(db, support):
    """The guarantee under the locks: a unique index on an agent's live offers."""
    from sqlalchemy.exc import IntegrityError
    queue, (anna, _) = support
    first, second = join(db, queue, "call-1"), join(db, queue, "call-2")
    for entry_id in (first, second):
        db.add(QueueOffer(company_id=queue.company_id, queue_id=queue.service_id,
                          entry_id=entry_id, user_id=anna.id, offered_at=NOW, talk_seconds=0))
    with pytest.raises(IntegrityError):
        db.flush()
