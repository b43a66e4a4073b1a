"""Several controllers serving one company against one FreeSWITCH double: callers are
never offered to two agents, agents never get two callers; callbacks are dialled once,
retried when the caller is busy, and survive a controller restart."""
from __future__ import annotations

import time
from contextlib import ExitStack
from itertools import pairwise

import pytest
from sqlalchemy import select, update

import tests.fsdouble.apps as double_apps
from tests.fs_control.calling import call, wait_for
from tests.fsdouble import CallScript
from tests.fsdouble.controller import running_controller
from tests.queues.fixtures import make_agents, make_company, make_queue
from vaxel.base import utcnow
from vaxel.queues import callbacks, entries
from vaxel.queues.models import (AgentState, CallbackState, EntryOutcome, OfferResult,
                                 QueueAgent, QueueCallback, QueueEntry, QueueOffer,
                                 QueueSettings)


@pytest.fixture
def controllers(double, committed_db, tmp_path):
    with ExitStack() as stack:
        yield [stack.enter_context(running_controller(double, committed_db, tmp_path / str(n)))
               for n in range(3)]


@pytest.fixture
def busy_queue(committed_db):
    with committed_db.begin() as s:
        company = make_company(s)
        agents = make_agents(s, company, ("2001", "2002", "2003", "2004"))
        queue = make_queue(s, company, members=agents, ring_seconds=5, wrapup_seconds=0,
                           announce_every_seconds=0, callback_enabled=False)
        return {"id": company.id, "queue": queue.service_id, "agents": [a.id for a in agents]}


@pytest.fixture
def bridges_seen(monkeypatch):
    """What the double's channels did: (agent device, start, end) of every answered bridge."""
    seen = []
    original = double_apps.APPS["bridge"]

    def bridge(leg, arg):
        started = time.monotonic()
        result = original(leg, arg)
        if leg.call.bridged:
            seen.append((arg.rsplit("]", 1)[-1], started, time.monotonic()))
        return result
    monkeypatch.setitem(double_apps.APPS, "bridge", bridge)
    return seen


def test_three_controllers_never_give_an_agent_two_callers(double, controllers, busy_queue,
                                                           committed_db, bridges_seen):
    script = CallScript(talk_time=0.3, prompt_time=0.2)
    placed = [call(double, controllers[n % 3], busy_queue, busy_queue["queue"], script,
                   caller="+4670100%04d" % n) for n in range(16)]
    for p in placed:
        assert p.ended.wait(30), "a caller was never served"
    with committed_db() as s:
        outcomes = s.scalars(select(QueueEntry.outcome)).all()
        answered = s.scalars(select(QueueOffer).where(
            QueueOffer.result == OfferResult.ANSWERED)).all()
    assert outcomes == [EntryOutcome.ANSWERED] * 16
    assert len({o.entry_id for o in answered}) == len(answered) == 16
    by_device = {}
    for device, start, end in bridges_seen:
        by_device.setdefault(device, []).append((start, end))
    assert len(bridges_seen) == 16 and len(by_device) == 4
    for spans in by_device.values():
        spans.sort()
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in pairwise(spans))


def _callback_waiting(committed_db, queue, number="+46701234567"):
    """A caller who asked to be called back (as the flow does), no agent free yet."""
    with committed_db.begin() as s:
        s.execute(update(QueueAgent).values(state=AgentState.AWAY))
        entry_id = entries.join(s, queue["queue"], "gone-call", number, "", utcnow()).entry_id
        assert callbacks.request(s, entry_id, number, utcnow())
        return entry_id


def _free(committed_db, user_id):
    from vaxel.queues.services import _wake
    with committed_db.begin() as s:
        s.get(QueueAgent, user_id).state = AgentState.AVAILABLE
        _wake(s, user_id)


def _originates(double, needle=""):
    return [c for c in double.command_log if c.startswith("bgapi originate") and needle in c]


def _callback(committed_db):
    with committed_db() as s:
        return s.scalars(select(QueueCallback)).one()


def test_a_callback_is_dialled_by_one_controller_only(double, controllers, busy_queue,
                                                       committed_db):
    _callback_waiting(committed_db, busy_queue)
    _free(committed_db, busy_queue["agents"][0])
    wait_for(lambda: _callback(committed_db).state is CallbackState.CONNECTED)
    time.sleep(1.5)  # every controller's poll has run at least once more
    assert len(_originates(double, "user/2001@")) == 1
    assert len(_originates(double, "sofia/gateway/carrier/+46701234567")) == 1


def test_a_busy_caller_is_retried_then_the_callback_fails(double, controllers, busy_queue,
                                                          committed_db):
    with committed_db.begin() as s:
        s.execute(update(QueueSettings).values(callback_attempts=2, callback_retry_seconds=0))
    double.originate_outcomes["carrier/+46701234567"] = "USER_BUSY"
    entry_id = _callback_waiting(committed_db, busy_queue)
    _free(committed_db, busy_queue["agents"][0])
    wait_for(lambda: _callback(committed_db).state is CallbackState.FAILED)
    cb = _callback(committed_db)
    assert (cb.attempts, cb.last_cause) == (2, "USER_BUSY")
    assert len(_originates(double, "carrier/+46701234567")) == 2
    with committed_db() as s:
        assert s.get(QueueEntry, entry_id).outcome is EntryOutcome.CALLBACK_FAILED
        agent = s.get(QueueAgent, busy_queue["agents"][0])
    assert agent.state is AgentState.AVAILABLE  # not the agent's fault: no miss counted
    assert agent.missed_in_row == 0
    # The agent hung up on each failed attempt.
    assert sum(1 for c in double.command_log if c.startswith("api uuid_kill")) >= 2


def test_a_callback_survives_a_controller_restart(double, busy_queue, committed_db, tmp_path):
    with running_controller(double, committed_db, tmp_path / "a"):
        _callback_waiting(committed_db, busy_queue)
    with running_controller(double, committed_db, tmp_path / "b"):
        _free(committed_db, busy_queue["agents"][1])
        wait_for(lambda: _callback(committed_db).state is CallbackState.CONNECTED)
        assert len(_originates(double, "user/2002@")) == 1
