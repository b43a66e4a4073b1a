"""Whole queue calls through the controller, against the FreeSWITCH double and PostgreSQL."""
from __future__ import annotations


import pytest
from sqlalchemy import select

from tests.actors import SYSTEM
from tests.fsdouble import CallScript
from tests.fs_control.calling import call, wait_for
from tests.fsdouble.controller import running_controller
from tests.queues.fixtures import make_agents, make_company, make_queue
from vaxel.actor import Actor
from vaxel.models import Company
from vaxel.queues.models import (AgentState, CallbackState, EntryOutcome, OfferResult, QueueAgent,
                                 QueueCallback, QueueEntry, QueueOffer)


@pytest.fixture
def controller(double, committed_db, tmp_path):
    with running_controller(double, committed_db, tmp_path) as ctl:
        yield ctl


@pytest.fixture
def acme(committed_db):
    """Acme: agents 2001 and 2002 logged in to Support (ring 1 s each, no wrap-up)."""
    with committed_db.begin() as s:
        company = make_company(s)
        agents = make_agents(s, company, ("2001", "2002"))
        queue = make_queue(s, company, members=agents, ring_seconds=5, wrapup_seconds=0,
                           announce_every_seconds=0, callback_enabled=False,
                           max_wait_seconds=30, strategy="ordered")
        return {"id": company.id, "queue": queue.service_id,
                "agents": [a.id for a in agents]}


def entries_of(committed_db, queue_id):
    with committed_db() as s:
        return s.scalars(select(QueueEntry).where(QueueEntry.queue_id == queue_id)
                         .order_by(QueueEntry.id)).all()


def agent_state(committed_db, user_id):
    with committed_db() as s:
        return s.get(QueueAgent, user_id).state


def bridges(placed):
    return [arg for app, arg in placed.apps if app == "bridge"]


def rings(acme, agent: int, seconds: int, address: str) -> str:
    """The leg ringing one agent's phone: it names the agent (the webhooks read it)."""
    return (f"[leg_timeout={seconds},vaxel_company_id={acme['id']},"
            f"vaxel_user_id={acme['agents'][agent]}]user/{address}")


def test_caller_is_answered_by_the_first_agent_in_order(double, controller, acme, committed_db):
    placed = call(double, controller, acme, acme["queue"], CallScript(talk_time=0.2))
    assert placed.ended.wait(10)
    assert [a for a, _ in placed.apps][:2] == ["set", "answer"]
    assert ("set", "ringback=local_stream://moh") in placed.apps  # music while agents ring
    assert bridges(placed) == [rings(acme, 0, 5, "2001@acme.example")]
    [entry] = entries_of(committed_db, acme["queue"])
    assert entry.outcome is EntryOutcome.ANSWERED and entry.answered_by == acme["agents"][0]
    assert entry.talk_seconds >= 0
    assert agent_state(committed_db, acme["agents"][0]) is AgentState.AVAILABLE


def test_unanswered_agent_is_skipped_for_the_next(double, controller, acme, committed_db):
    script = CallScript(bridge_outcome={"user/2001": "NO_ANSWER"}, prompt_time=0.1)
    placed = call(double, controller, acme, acme["queue"], script)
    assert placed.ended.wait(10)
    rung = bridges(placed)
    assert rung[0].endswith("user/2001@acme.example")
    assert rung[1].endswith("user/2002@acme.example")
    with committed_db() as s:
        results = s.scalars(select(QueueOffer.result).order_by(QueueOffer.id)).all()
    assert results == [OfferResult.MISSED, OfferResult.ANSWERED]


def test_caller_waits_with_music_until_an_agent_is_free(double, controller, acme, committed_db):
    with committed_db.begin() as s:
        for user_id in acme["agents"]:
            s.get(QueueAgent, user_id).state = AgentState.AWAY
    placed = call(double, controller, acme, acme["queue"], CallScript(prompt_time=5))
    wait_for(lambda: ("playback", "local_stream://moh") in placed.apps)
    from vaxel.queues.services import set_away
    from vaxel.models import User
    with committed_db.begin() as s:
        agent = s.get(User, acme["agents"][1])
        set_away(s, Actor.of_user(agent), agent.id, False)
    assert placed.ended.wait(5), "the offer did not break the music"
    assert bridges(placed)[0].endswith("user/2002@acme.example")


def test_caller_abandoning_while_an_agent_rings(double, controller, acme, committed_db):
    script = CallScript(hangup_during="bridge", hangup_delay=0.1,
                        bridge_outcome={"user/": "NO_ANSWER"})
    placed = call(double, controller, acme, acme["queue"], script)
    assert placed.ended.wait(10)
    [entry] = entries_of(committed_db, acme["queue"])
    assert entry.outcome is EntryOutcome.ABANDONED
    with committed_db() as s:
        offers = s.scalars(select(QueueOffer)).all()
    assert [o.result for o in offers] == [OfferResult.CANCELLED]
    assert agent_state(committed_db, offers[0].user_id) is AgentState.AVAILABLE


def test_max_wait_sends_the_caller_to_the_overflow(double, controller, acme, committed_db):
    from vaxel.queues.models import QueueSettings
    with committed_db.begin() as s:
        q = s.get(QueueSettings, acme["queue"])
        q.max_wait_seconds, q.overflow_destination = 1, "user:2002"
        for user_id in acme["agents"]:
            s.get(QueueAgent, user_id).state = AgentState.AWAY
    placed = call(double, controller, acme, acme["queue"], CallScript(prompt_time=0.3))
    assert placed.ended.wait(10)
    [entry] = entries_of(committed_db, acme["queue"])
    assert entry.outcome is EntryOutcome.OVERFLOW
    assert bridges(placed) == [rings(acme, 1, 20, "2002@acme.example")]


def test_agent_on_two_queues_answers_one_caller_at_a_time(double, controller, acme, committed_db):
    from vaxel.models import Company, User
    with committed_db.begin() as s:
        company = s.get(Company, acme["id"])
        only = s.get(User, acme["agents"][0])
        s.get(QueueAgent, acme["agents"][1]).state = AgentState.AWAY
        sales = make_queue(s, company, "Sales", members=[only], ring_seconds=5,
                           wrapup_seconds=0, announce_every_seconds=0, callback_enabled=False)
        sales_id = sales.service_id
    talk = CallScript(talk_time=0.5, prompt_time=0.2)
    first = call(double, controller, acme, acme["queue"], talk, caller="+46701111111")
    second = call(double, controller, acme, sales_id, talk, caller="+46702222222")
    assert first.ended.wait(10) and second.ended.wait(10)
    with committed_db() as s:
        offers = s.scalars(select(QueueOffer).order_by(QueueOffer.offered_at)).all()
    assert [o.result for o in offers] == [OfferResult.ANSWERED] * 2
    assert offers[1].offered_at >= offers[0].ended_at, "offered while still on a call"


def test_caller_asks_for_a_callback_and_is_called_back(double, controller, acme, committed_db):
    from vaxel.queues.models import QueueSettings
    with committed_db.begin() as s:
        q = s.get(QueueSettings, acme["queue"])
        q.callback_enabled, q.announce_every_seconds = True, 60
        s.get(Company, acme["id"]).main_number = "+46812345600"
        for user_id in acme["agents"]:
            s.get(QueueAgent, user_id).state = AgentState.AWAY
    script = CallScript(digits={"play_and_get_digits": ["1", "1"]})
    placed = call(double, controller, acme, acme["queue"], script)
    assert placed.ended.wait(10)
    assert "call you back when it is your turn" in placed.apps[-2][1]
    with committed_db.begin() as s:
        [cb] = s.scalars(select(QueueCallback)).all()
        assert cb.number == "+46701234567" and cb.state is CallbackState.WAITING
        s.get(QueueAgent, acme["agents"][0]).state = AgentState.AVAILABLE
    from vaxel.queues.services import _wake  # the portal's log-in does this
    with committed_db.begin() as s:
        _wake(s, acme["agents"][0])
    wait_for(lambda: _callback(committed_db).state is CallbackState.CONNECTED)
    originates = [c for c in double.command_log if c.startswith("bgapi originate")]
    assert "user/2001@acme.example" in originates[0] and "+46701234567" in originates[0]
    assert "+46701234567" in originates[1]
    # The customer sees the company's number (a carrier refuses FreeSWITCH's 0000000000).
    assert "origination_caller_id_number=+46812345600]sofia/gateway/carrier/" in originates[1]
    cb = _callback(committed_db)
    double.run_api("uuid_kill %s" % cb.customer_uuid)
    wait_for(lambda: _callback(committed_db).state is CallbackState.COMPLETED)
    [entry] = entries_of(committed_db, acme["queue"])
    assert entry.outcome is EntryOutcome.ANSWERED and entry.callback


def _callback(committed_db):
    with committed_db() as s:
        return s.scalars(select(QueueCallback)).one()


def test_ring_all_rings_every_free_agent_and_records_who_answered(double, controller, acme,
                                                                  committed_db):
    from vaxel.queues.models import QueueSettings, Strategy
    with committed_db.begin() as s:
        s.get(QueueSettings, acme["queue"]).strategy = Strategy.RING_ALL
    placed = call(double, controller, acme, acme["queue"], CallScript(talk_time=0.1))
    assert placed.ended.wait(10)
    [dial] = bridges(placed)
    assert "user/2001@acme.example" in dial and "user/2002@acme.example" in dial
    with committed_db() as s:
        results = {o.user_id: o.result for o in s.scalars(select(QueueOffer))}
    # The double answers on the first device named (its callee is 2001).
    assert results == {acme["agents"][0]: OfferResult.ANSWERED,
                       acme["agents"][1]: OfferResult.CANCELLED}


def test_waiting_callers_hear_their_position_and_expected_wait(double, controller, acme,
                                                               committed_db):
    from vaxel.queues.models import QueueSettings
    with committed_db.begin() as s:
        s.get(QueueSettings, acme["queue"]).announce_every_seconds = 1
        for user_id in acme["agents"]:
            s.get(QueueAgent, user_id).state = AgentState.AWAY
    first = call(double, controller, acme, acme["queue"], CallScript(prompt_time=0.3),
                 caller="+46701111111")
    wait_for(lambda: any(app == "play_and_get_digits" for app, _ in first.apps))
    second = call(double, controller, acme, acme["queue"], CallScript(prompt_time=0.3),
                  caller="+46702222222")
    wait_for(lambda: any(app == "play_and_get_digits" for app, _ in second.apps))
    announced = [arg for app, arg in second.apps if app == "play_and_get_digits"][0]
    assert "You are number 2 in the queue" in announced
    double.run_api("uuid_kill %s" % first.uuid)
    double.run_api("uuid_kill %s" % second.uuid)
    assert first.ended.wait(5) and second.ended.wait(5)
    wait_for(lambda: all(e.outcome is EntryOutcome.ABANDONED
                         for e in entries_of(committed_db, acme["queue"])))


def test_agent_state_changes_of_an_answered_queue_call_reach_the_outbox(double, controller, acme,
                                                                        committed_db):
    import json
    from vaxel.queues.models import QueueSettings
    from vaxel.webhooks import events
    from vaxel.webhooks.models import WebhookDelivery
    from vaxel.webhooks.services import create_endpoint
    with committed_db.begin() as s:
        s.get(QueueSettings, acme["queue"]).wrapup_seconds = 1
        create_endpoint(s, SYSTEM, acme["id"], "https://crm.example/hook",
                        [events.AGENT_STATE_CHANGED])

    def sent():
        with committed_db() as s:
            bodies = s.scalars(select(WebhookDelivery.body).order_by(WebhookDelivery.id)).all()
        return [(d["user_id"], d["previous_state"], d["state"])
                for d in (json.loads(b)["data"] for b in bodies)]
    placed = call(double, controller, acme, acme["queue"], CallScript(talk_time=0.2))
    assert placed.ended.wait(10)
    anna = acme["agents"][0]
    wait_for(lambda: len(sent()) >= 4, timeout=5)  # the wrap-up runs out after 1 s
    assert sent() == [(anna, "available", "ringing"), (anna, "ringing", "on_call"),
                      (anna, "on_call", "wrap_up"), (anna, "wrap_up", "available")]
    assert agent_state(committed_db, anna) is AgentState.AVAILABLE
