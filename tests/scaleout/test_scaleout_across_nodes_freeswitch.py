"""Calls that need both nodes' controllers (docs/scale-out.md), on the real switches
behind Kamailio: one queue agent serves a caller on each node in turn, the queue and agent
state being in PostgreSQL; and a call command reaches the node holding the call. Both with
a controller per node (each taking only its own calls' commands) and with one controller
process following both nodes (VAXEL_NODES).

This module sorts before test_scaleout_freeswitch.py on purpose: that one ends by killing a
node, whose callers' queue entries are left waiting until the database is dropped."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from tests.integration import processes
from tests.integration.agents import SippCall
from tests.integration.calllog import read
from tests.integration.sipp import explain
from tests.integration.waiting import wait_until

from .commands import finished_command, request
from .phones import TRUNKS, register, scenario_variant
from .topology import (CARRIER, DOMAIN, NODES, PHONE_IP, QUEUE_AGENT, QUEUE_NUMBER,
                       one_controller_for)

pytestmark = pytest.mark.freeswitch


@pytest.fixture(scope="module", params=["a controller each", "one controller for both"])
def controllers(request, topology, tmp_path_factory) -> int:
    """The deployment of the nodes' controllers; returns a digit that keeps each
    deployment's callers' numbers apart (the rows are looked up by number)."""
    if request.param == "a controller each":
        yield 0
        return
    with one_controller_for(topology[1], tmp_path_factory.mktemp("one-controller")):
        yield 1


def queue_caller(cwd: Path, scenario: str | Path, caller: str, *options: str) -> SippCall:
    return SippCall(cwd, scenario, TRUNKS, "-s", QUEUE_NUMBER, "-key", "caller", caller,
                    "-key", "domain", DOMAIN, *options, address=CARRIER, timeout_s=120)


def live(url: str, caller: str) -> tuple[str, str] | None:
    """(call uuid, node) of the caller's live call, once its controller has written both."""
    rows = read(url, lambda s: s.execute(text(
        "SELECT call_uuid, node FROM live_call WHERE caller_number = :c"), {"c": caller}).all())
    return tuple(rows[0]) if len(rows) == 1 and rows[0][1] else None


def entry(url: str, queue_id: int, caller: str) -> dict | None:
    rows = read(url, lambda s: s.execute(text(
        "SELECT call_uuid, state, outcome, answered_by FROM queue_entry "
        "WHERE queue_id = :q AND caller_number = :c"), {"q": queue_id, "c": caller})
        .mappings().all())
    assert len(rows) <= 1, rows
    return dict(rows[0]) if rows else None


def agent_state(url: str, agent_id: int) -> str:
    return read(url, lambda s: s.scalar(text("SELECT state FROM queue_agent WHERE user_id = :u"),
                                        {"u": agent_id}))


def log_agent(url: str, queue: dict[str, int], logged_in: bool) -> None:
    from vaxel.actor import Actor
    from vaxel.db import make_engine, make_session_factory
    from vaxel.queues.services import log_in, log_out

    engine = make_engine(url)
    try:
        with make_session_factory(engine).begin() as session:
            (log_in if logged_in else log_out)(
                session, Actor.system(company_id=queue["company_id"]), queue["agent_id"],
                queue["queue_id"])
    finally:
        engine.dispose()


def logged_uuids(url: str, callers: tuple[str, ...]) -> list[str]:
    return read(url, lambda s: list(s.scalars(text(
        "SELECT call_uuid FROM call_log WHERE other_number = ANY(:c) ORDER BY call_uuid"),
        {"c": list(callers)})))


def why(nodes, calls: list[SippCall]):
    """What the calls and both nodes said, for a failure (`calls` read when it happens)."""
    def explain_all() -> str:
        parts = [c.explain() for c in calls]
        for node in nodes:
            parts += [f"--- {node.ip} freeswitch", processes.tail(node.log, 30),
                      f"--- {node.ip} controller", processes.tail(node.root / "controller.out", 20)]
        return "\n".join(parts)
    return explain_all


def test_one_agent_answers_a_caller_on_each_node_in_turn(
        topology, controllers, scale_company, scale_queue, scale_database_url, tmp_path):
    """The agent talks to a caller held by one node; a second caller lands on the other node
    and waits. When the first call ends, the first node's controller frees the agent and the
    second node's controller rings them (through Kamailio) for its caller."""
    _, nodes = topology
    url, queue = scale_database_url, scale_queue
    first, second = f"+4670111{controllers}001", f"+4670111{controllers}002"
    # The agent's phone takes two calls and waits long for each caller to hang up.
    agent = SippCall(tmp_path, scenario_variant(tmp_path, "q_agent_answer.xml", "patient",
                                                ('timeout="4000"', 'timeout="60000"')),
                     "", "-m", "2", address=PHONE_IP, timeout_s=150)
    calls = [agent]
    explain_all = why(nodes, calls)
    try:
        result = register(tmp_path, QUEUE_AGENT, scale_company[0][QUEUE_AGENT], agent.port)
        assert result.returncode == 0, explain(result, tmp_path)
        log_agent(url, queue, logged_in=True)
        calls.append(queue_caller(tmp_path, "q_caller.xml", first, "-d", "10000"))
        wait_until(lambda: agent_state(url, queue["agent_id"]) == "on_call", 30,
                   "the agent talking to the first caller", explain_all)
        first_node = wait_until(lambda: live(url, first), 30, "the first call's node")[1]
        calls.append(queue_caller(tmp_path, "q_caller.xml", second, "-d", "25000"))
        second_node = wait_until(lambda: live(url, second), 30, "the second call's node")[1]
        assert {first_node, second_node} == set(NODES), (first_node, second_node)
        state = wait_until(lambda: (entry(url, queue["queue_id"], second) or {}).get("state"),
                           30, "the second caller in the queue")
        assert state == "waiting", state
        assert calls[1].wait() == 0, explain_all()
        wait_until(lambda: (entry(url, queue["queue_id"], second) or {}).get("answered_by"), 60,
                   "the second caller answered by the agent", explain_all)
        assert calls[2].wait() == 0, explain_all()
        assert agent.wait() == 0, "the agent's phone did not take both calls\n" + explain_all()
    finally:
        for call in calls:
            call.stop()
        register(tmp_path, QUEUE_AGENT, scale_company[0][QUEUE_AGENT], agent.port, expires=0)
        log_agent(url, queue, logged_in=False)
    entries = [entry(url, queue["queue_id"], c) for c in (first, second)]
    assert [(e["state"], e["outcome"], e["answered_by"]) for e in entries] == [
        ("done", "answered", queue["agent_id"])] * 2, entries
    # Each caller's call in the call log once, written by the controller of its own node.
    wanted = sorted(e["call_uuid"] for e in entries)
    wait_until(lambda: logged_uuids(url, (first, second)) == wanted, 30,
               "both calls logged once", lambda: str(logged_uuids(url, (first, second))))


def test_a_hang_up_is_carried_out_by_the_controller_of_the_node_holding_the_call(
        topology, controllers, scale_queue, scale_database_url, tmp_path):
    """Two waiting callers, one on each node (the carrier set is round robin); a hang-up
    asked for each is claimed by that node's controller only: the other one's FreeSWITCH
    has no such channel, so a wrong claim would fail the command."""
    _, nodes = topology
    url = scale_database_url
    # A carrier's caller that stays until the far end hangs up (a failure after 90 s).
    until_bye = scenario_variant(tmp_path, "uac_answered.xml", "until_bye",
                                 ('timeout="8000" ontimeout="hangup"', 'timeout="90000"'))
    numbers = (f"+4670112{controllers}001", f"+4670112{controllers}002")
    calls: dict[str, SippCall] = {}
    try:
        held = {}
        for number in numbers:
            calls[number] = queue_caller(tmp_path, until_bye, number)
            held[number] = wait_until(lambda n=number: live(url, n), 30, f"{number}'s call live",
                                      why(nodes, [calls[number]]))
        assert {node for _, node in held.values()} == set(NODES), held
        for number, (call_uuid, node) in held.items():
            command_id = request(url, scale_queue["company_id"], "hang_up",
                                 {"call_id": call_uuid})
            done = wait_until(lambda i=command_id: finished_command(url, i), 40,
                              f"the hang-up of {number}'s call carried out")
            assert (done["status"], done["node"]) == ("done", node), done
            # The caller's scenario succeeds only on the far end's BYE.
            assert calls[number].wait() == 0, why(nodes, [calls[number]])()
    finally:
        for call in calls.values():
            call.stop()
