"""agent.state_changed from the queue engine's own moves: each real change once, in the
transaction that makes it, and nothing when the state stays."""
import json

import pytest
from sqlalchemy import select

from tests.actors import SYSTEM
from tests.queues.fixtures import join, later, make_agents, make_company, make_queue
from vaxel.queues import entries
from vaxel.queues.agents import end_wrap_ups
from vaxel.queues.matching import match_queue
from vaxel.queues.models import AgentState, EntryOutcome, QueueAgent
from vaxel.webhooks import events
from vaxel.webhooks.models import WebhookDelivery
from vaxel.webhooks.services import create_endpoint

def moves(db, user_id=None):
    """(user, previous, state) of every agent.state_changed in the outbox, oldest first."""
    rows = db.scalars(select(WebhookDelivery).where(
        WebhookDelivery.event_type == events.AGENT_STATE_CHANGED).order_by(WebhookDelivery.id))
    data = [json.loads(r.body)["data"] for r in rows]
    return [(d["user_id"], d["previous_state"], d["state"]) for d in data
            if user_id is None or d["user_id"] == user_id]


def outbox_ids(db):
    return db.scalars(select(WebhookDelivery.id)).all()


@pytest.fixture
def support(db):
    """Anna and Bo logged in to Support (ordered, 30 s wrap-up), the CRM subscribed."""
    company = make_company(db)
    agents = make_agents(db, company, ("2001", "2002"))
    queue = make_queue(db, company, members=agents, wrapup_seconds=30, strategy="ordered",
                       max_missed_offers=2)
    create_endpoint(db, SYSTEM, company.id, "https://crm.example/hook",
                    [events.AGENT_STATE_CHANGED])
    db.execute(WebhookDelivery.__table__.delete())  # the log-ins' own events
    return queue, agents


def test_an_answered_call_is_announced_offer_by_offer(db, support):
    queue, (anna, _) = support
    entry_id = join(db, queue, "call-1")
    steps = [(lambda: match_queue(db, queue.service_id, later(1)), "available", "ringing"),
             (lambda: entries.offer_answered(db, entry_id, anna.id, later(5)),
              "ringing", "on_call"),
             (lambda: entries.call_finished(db, entry_id, later(65)), "on_call", "wrap_up")]
    for step, previous, state in steps:
        step()
        assert moves(db)[-1] == (anna.id, previous, state)
    assert end_wrap_ups(db, later(94)) == []  # wrap-up not over yet: nothing moves
    assert end_wrap_ups(db, later(96)) == [anna.id]
    assert end_wrap_ups(db, later(97)) == []  # once only
    assert len(moves(db)) == 4 and moves(db)[-1] == (anna.id, "wrap_up", "available")
    [first] = db.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id).limit(1))
    assert json.loads(first.body)["time"] == "2026-11-28T09:00:01Z"
    agent = db.get(QueueAgent, anna.id, populate_existing=True)
    assert agent.state is AgentState.AVAILABLE and agent.state_since == later(95)


def test_ring_all_releases_the_colleagues_who_did_not_answer(db, support):
    queue, (anna, bo) = support
    queue.strategy = "ring_all"
    db.flush()
    entry_id = join(db, queue, "call-1")
    match_queue(db, queue.service_id, later(1))
    entries.offer_answered(db, entry_id, bo.id, later(4))
    assert moves(db, anna.id) == [(anna.id, "available", "ringing"),
                                  (anna.id, "ringing", "available")]
    assert moves(db, bo.id) == [(bo.id, "available", "ringing"), (bo.id, "ringing", "on_call")]


def test_missed_offers_rest_the_agent_then_set_them_away(db, support):
    queue, (anna, bo) = support
    db.get(QueueAgent, bo.id).state = AgentState.AWAY
    entry_id = join(db, queue, "call-1")
    match_queue(db, queue.service_id, later(1))
    entries.offer_unanswered(db, entry_id, later(21))
    db.flush()  # match_queue reads with plain SQL
    # The no-answer rest is over at 31 s; she is rung from wrap-up (no sweep in between).
    match_queue(db, queue.service_id, later(32))
    entries.offer_unanswered(db, entry_id, later(52))
    assert moves(db) == [(anna.id, "available", "ringing"), (anna.id, "ringing", "wrap_up"),
                         (anna.id, "wrap_up", "ringing"), (anna.id, "ringing", "away")]


def test_a_caller_hanging_up_while_the_agent_rings_frees_them(db, support):
    queue, (anna, _) = support
    entry_id = join(db, queue, "call-1")
    match_queue(db, queue.service_id, later(1))
    entries.leave(db, entry_id, EntryOutcome.ABANDONED, later(3))
    entries.leave(db, entry_id, EntryOutcome.ABANDONED, later(4))  # seen twice: no change
    assert moves(db) == [(anna.id, "available", "ringing"), (anna.id, "ringing", "available")]


def test_nothing_is_written_when_nobody_subscribes(db):
    company = make_company(db)
    [anna] = make_agents(db, company, ("2001",))
    queue = make_queue(db, company, members=[anna], wrapup_seconds=0)
    entry_id = join(db, queue, "call-1")
    match_queue(db, queue.service_id, later(1))
    entries.offer_answered(db, entry_id, anna.id, later(2))
    entries.call_finished(db, entry_id, later(9))
    assert outbox_ids(db) == []
    assert db.get(QueueAgent, anna.id).state is AgentState.AVAILABLE


def test_a_move_that_rolls_back_is_never_announced(committed_db):
    with committed_db.begin() as s:
        company = make_company(s)
        [anna] = make_agents(s, company, ("2001",))
        queue = make_queue(s, company, members=[anna])
        create_endpoint(s, SYSTEM, company.id, "https://crm.example/hook",
                        [events.AGENT_STATE_CHANGED])
        join(s, queue, "call-1")
        queue_id, before = queue.service_id, len(moves(s))
    with pytest.raises(RuntimeError), committed_db.begin() as s:
        assert match_queue(s, queue_id, later(1))
        raise RuntimeError("the controller died before commit")
    with committed_db() as s:
        assert len(moves(s)) == before
        assert s.get(QueueAgent, anna.id).state is AgentState.AVAILABLE
