"""Kamailio in front of two real FreeSWITCH nodes (docs/scale-out.md), all on loopback:
phones register through Kamailio, calls between them land on a node and connect,
carriers' calls are spread over both nodes, and a node that dies is left out until it
comes back, with every call in the call log exactly once."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from tests.integration import processes
from tests.integration.calllog import read
from tests.integration.sipp import explain
from tests.integration.waiting import wait_until

from .phones import PHONES, TRUNKS, phone, register, sipp
from .topology import CALLER_IP, CARRIER, DOMAIN, NODES, PHONE_IP

pytestmark = pytest.mark.freeswitch
CARRIER_CALLER = "+46701234567"


def locations(url: str) -> list[tuple[str, str, str]]:
    return read(url, lambda s: s.execute(text(
        "SELECT username, domain, contact FROM kamailio_location ORDER BY id")).all())


def carrier_calls(cwd: Path, number: str, calls: int) -> subprocess.CompletedProcess:
    """`calls` carrier calls to `number`, two at a time; each hears the menu, then hangs up."""
    return sipp(cwd, "uac_answered.xml", TRUNKS, "-s", number, "-key", "caller", CARRIER_CALLER,
                "-key", "domain", DOMAIN, "-l", "2", "-r", "4", address=CARRIER, calls=calls,
                timeout_s=20 + 10 * calls)


def sessions(nodes) -> list[int]:
    return [node.sessions_since_start() for node in nodes]


def carrier_rows(url: str) -> int:
    """Call-log rows of carrier calls (their start times are whole seconds, so counted
    before and after rather than since an instant)."""
    from vaxel.calls.models import CallLogEntry

    return read(url, lambda s: s.scalar(select(func.count(CallLogEntry.id)).where(
        CallLogEntry.other_number == CARRIER_CALLER)))


def call_log(url: str) -> list[tuple]:
    from vaxel.calls.models import CallLogEntry

    return read(url, lambda s: s.execute(select(
        CallLogEntry.call_uuid, CallLogEntry.other_number, CallLogEntry.started_at,
        CallLogEntry.result)).all())


def test_phones_register_through_kamailio_and_unknown_users_look_like_known_ones(
        topology, scale_company, scale_database_url, tmp_path):
    passwords, _ = scale_company
    with phone(tmp_path, "1001", passwords["1001"]) as uas:
        assert [(u, d) for u, d, c in locations(scale_database_url)] == [("1001", DOMAIN)]
        assert f"{PHONE_IP}:{uas.port}" in locations(scale_database_url)[0][2]
    assert locations(scale_database_url) == []
    # A wrong password and a user that does not exist: the same refusal (a new 401).
    refused = tmp_path / "refused"
    refused.mkdir()
    for user, password in (("1001", "Wrong-password-42"), ("7777", "Wrong-password-42")):
        result = register(refused, user, password, 5999, scenario="register_refused.xml")
        assert result.returncode == 0, f"{user}: {explain(result, refused)}"


def test_a_node_takes_no_registration_and_no_call_that_skipped_kamailio(
        topology, scale_company, tmp_path):
    passwords, _ = scale_company
    _, nodes = topology
    result = register(tmp_path, "1001", passwords["1001"], 5999, target=f"{nodes[0].ip}:5060")
    assert result.returncode != 0, "a node accepted a REGISTER that did not come through Kamailio"
    # The right password, straight to a node: refused all the same (auth-acl proxies).
    result = sipp(tmp_path, "uac_refused.xml", f"{nodes[0].ip}:5080", "-s", scale_company[1],
                  "-key", "caller", CARRIER_CALLER, "-key", "domain", DOMAIN, address=CARRIER)
    assert result.returncode == 0, explain(result, tmp_path)


def test_a_call_between_two_phones_lands_on_a_node_and_connects(
        topology, scale_company, tmp_path):
    passwords, _ = scale_company
    _, nodes = topology
    before = sessions(nodes)
    with phone(tmp_path, "1001", passwords["1001"]) as callee:
        result = sipp(tmp_path, "uac_call.xml", PHONES, "-s", "1001", "-key", "caller", "1000",
                      "-key", "domain", DOMAIN, "-au", "1000", "-ap", passwords["1000"],
                      address=CALLER_IP)
        assert result.returncode == 0, explain(result, tmp_path) + "\n".join(
            processes.tail(n.log) for n in nodes)
        # The callee's phone was rung through Kamailio and hung up by the node in the end.
        callee.wait_for_request("INVITE", 5)
        callee.wait_for_request("BYE", 10)
    grown = [after - b for after, b in zip(sessions(nodes), before, strict=True)]
    # The whole call (caller's leg, callee's leg, the twin's failed one) on one node.
    assert min(grown) == 0 and max(grown) >= 2, grown


def test_carrier_calls_spread_over_both_nodes_and_a_dead_node_is_left_out_until_back(
        topology, scale_company, scale_database_url, tmp_path):
    kamailio, nodes = topology
    number = scale_company[1]
    logged_before = carrier_rows(scale_database_url)
    before = sessions(nodes)
    result = carrier_calls(tmp_path, number, 6)
    assert result.returncode == 0, explain(result, tmp_path)
    spread = [after - b for after, b in zip(sessions(nodes), before, strict=True)]
    assert sum(spread) == 6 and min(spread) >= 2, spread

    nodes[1].kill_switch()
    survivor = nodes[0].sessions_since_start()
    result = carrier_calls(tmp_path, number, 4)
    assert result.returncode == 0, explain(result, tmp_path) + processes.tail(kamailio.out)
    assert nodes[0].sessions_since_start() - survivor == 4
    kamailio.wait_for_nodes({NODES[0]})

    nodes[1].start_switch()
    nodes[1].wait_for_controller()
    kamailio.wait_for_nodes(set(NODES))
    before = sessions(nodes)
    result = carrier_calls(tmp_path, number, 4)
    assert result.returncode == 0, explain(result, tmp_path)
    spread = [after - b for after, b in zip(sessions(nodes), before, strict=True)]
    assert sum(spread) == 4 and min(spread) >= 1, spread
    # Every call answered is in the call log once (each node's controller logs its own).
    try:
        wait_until(lambda: carrier_rows(scale_database_url) - logged_before >= 14, 30,
                   "14 carrier calls in the call log")
    except AssertionError as exc:
        raise AssertionError(f"{exc}: {call_log(scale_database_url)}") from None
    assert carrier_rows(scale_database_url) - logged_before == 14, call_log(scale_database_url)
