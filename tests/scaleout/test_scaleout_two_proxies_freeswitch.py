"""Two Kamailios in front of the two nodes (docs/scale-out.md): they share the locations,
a phone is reached through the Kamailio it registered through (its Path) whichever one
the call came in by, and when one dies, a phone that registers again through the other is
called and calls as before."""
from __future__ import annotations

import re
import subprocess
from contextlib import ExitStack
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.integration import processes
from tests.integration.calllog import read
from tests.integration.phones import Mode, SippUas
from tests.integration.sipp import explain
from tests.integration.waiting import wait_until

from .commands import finished_command, request
from .phones import phone, register, sipp
from .topology import (CALLER_IP, DOMAIN, NODES, PHONE_IP, PROXY, SECOND_PROXY,
                       start_kamailio)

pytestmark = pytest.mark.freeswitch
FIRST, SECOND = f"{PROXY}:5060", f"{SECOND_PROXY}:5060"
A, B = "1000", "1001"  # A's phone at PHONE_IP, B's at CALLER_IP


@pytest.fixture(scope="module")
def proxies(topology, scale_env, tmp_path_factory):
    """(the topology's Kamailio, a second one at SECOND_PROXY), both seeing both nodes.
    A test may kill the first: it is started again afterwards, for the other modules."""
    first, _ = topology
    second = start_kamailio(scale_env, tmp_path_factory.mktemp("kamailio-2"), SECOND_PROXY)
    try:
        second.wait_for_nodes(set(NODES))
        yield first, second
    finally:
        second.stop()
        if first.process.poll() is not None:
            first.start()
            first.wait_for_nodes(set(NODES))


def call(cwd: Path, caller: str, password: str, callee: str, target: str,
         address: str) -> subprocess.CompletedProcess:
    """`caller`'s phone at `address` calls `callee` through the Kamailio at `target`; the
    callee answers, the caller talks a second and hangs up."""
    return sipp(cwd, "uac_call.xml", target, "-s", callee, "-key", "caller", caller,
                "-key", "domain", DOMAIN, "-au", caller, "-ap", password, address=address)


def hops(invite: str) -> tuple[str, set[str]]:
    """The address of the last hop (the top Via) and every address in Record-Route."""
    vias = re.findall(r"^Via: SIP/2\.0/\w+ ([\d.]+)", invite, re.M | re.I)
    routes = re.findall(r"^Record-Route:.*$", invite, re.M | re.I)
    return vias[0], set(re.findall(r"sip:([\d.]+)", " ".join(routes)))


def call_rows(url: str, since: int) -> list[tuple[str, str, str]]:
    """(user's extension, other number, result) of the call-log rows after id `since`."""
    return read(url, lambda s: s.execute(text(
        "SELECT u.extension, c.other_number, c.result FROM call_log c "
        "JOIN users u ON u.id = c.user_id WHERE c.id > :since ORDER BY c.id"),
        {"since": since}).all())


def last_row(url: str) -> int:
    return read(url, lambda s: s.scalar(text("SELECT coalesce(max(id), 0) FROM call_log")))


def assert_logged_once_each(url: str, since: int) -> None:
    """A's call to B and B's call to A, each once in the call log (the caller's row),
    answered."""
    wait_until(lambda: len(call_rows(url, since)) >= 2, 10, "two call-log rows",
               lambda: str(call_rows(url, since)))
    assert sorted(call_rows(url, since)) == [(A, B, "answered"), (B, A, "answered")]


def assert_connected(result: subprocess.CompletedProcess, callee: SippUas, cwd: Path,
                     nodes) -> str:
    """The call ran through (answered, talked, hung up) and the callee's phone got it;
    returns the INVITE the callee's phone received."""
    assert result.returncode == 0, explain(result, cwd) + "\n".join(
        processes.tail(n.log) for n in nodes)
    callee.wait_for_request("BYE", 10)
    return callee.messages("INVITE")[-1]


def test_a_phone_is_called_through_the_kamailio_it_registered_through(
        topology, proxies, scale_company, scale_database_url, tmp_path):
    passwords, _ = scale_company
    _, nodes = topology
    since = last_row(scale_database_url)
    with phone(tmp_path, A, passwords[A], PHONE_IP, FIRST) as phone_a, \
            phone(tmp_path, B, passwords[B], CALLER_IP, SECOND) as phone_b:
        # A's call enters through the first Kamailio; B registered through the second,
        # so the node's INVITE goes first -> second (B's Path) -> B.
        invite = assert_connected(call(tmp_path, A, passwords[A], B, FIRST, PHONE_IP),
                                  phone_b, tmp_path, nodes)
        assert hops(invite) == (SECOND_PROXY, {PROXY, SECOND_PROXY}), invite
        # And back: B's call enters through the second, A is reached through the first.
        invite = assert_connected(call(tmp_path, B, passwords[B], A, SECOND, CALLER_IP),
                                  phone_a, tmp_path, nodes)
        assert hops(invite) == (PROXY, {PROXY, SECOND_PROXY}), invite
    assert_logged_once_each(scale_database_url, since)


def test_when_a_kamailio_dies_phones_registered_again_through_the_other_are_reached(
        topology, proxies, scale_company, scale_database_url, tmp_path):
    passwords, _ = scale_company
    _, nodes = topology
    first, second = proxies
    with ExitStack() as stack:
        phone_a = SippUas.start(tmp_path, Mode.ANSWER, PHONE_IP, lifetime_s=120)
        stack.callback(phone_a.stop)
        assert register(tmp_path, A, passwords[A], phone_a.port, target=FIRST).returncode == 0
        phone_b = stack.enter_context(phone(tmp_path, B, passwords[B], CALLER_IP, SECOND))
        first.kill()
        # A's phone notices (its refresh fails; or DNS SRV sends it on) and registers
        # through the second Kamailio.
        result = register(tmp_path, A, passwords[A], phone_a.port, target=SECOND)
        assert result.returncode == 0, explain(result, tmp_path)
        stack.callback(register, tmp_path, A, passwords[A], phone_a.port, expires=0,
                       target=SECOND)
        since = last_row(scale_database_url)
        invite = assert_connected(call(tmp_path, B, passwords[B], A, SECOND, CALLER_IP),
                                  phone_a, tmp_path, nodes)
        assert hops(invite) == (SECOND_PROXY, {SECOND_PROXY}), invite
        invite = assert_connected(call(tmp_path, A, passwords[A], B, SECOND, PHONE_IP),
                                  phone_b, tmp_path, nodes)
        assert hops(invite) == (SECOND_PROXY, {SECOND_PROXY}), invite
        assert_logged_once_each(scale_database_url, since)
        click_to_call_through_the_living_kamailio(scale_database_url, phone_a, phone_b)


def click_to_call_through_the_living_kamailio(url: str, phone_a: SippUas,
                                             phone_b: SippUas) -> None:
    """A click-to-call has no caller's Kamailio to ring back through: A's phone is rung
    through the one it registered through (its Path), not the dead first one of the
    nodes' list; then B, and the call is hung up by command."""
    company_id, user_id = read(url, lambda s: s.execute(text(
        "SELECT company_id, id FROM users WHERE extension = :e"), {"e": A}).one())
    seen_a, seen_b = len(phone_a.received("INVITE")), len(phone_b.received("INVITE"))
    byes = len(phone_a.received("BYE"))
    command_id = request(url, company_id, "click_to_call",
                         {"user_id": user_id, "destination": B})
    done = wait_until(lambda: finished_command(url, command_id), 30, "the click-to-call")
    assert done["status"] == "done", done
    phone_a.wait_for_request("INVITE", 20, skip=seen_a)
    assert hops(phone_a.messages("INVITE")[-1])[0] == SECOND_PROXY
    phone_b.wait_for_request("INVITE", 20, skip=seen_b)
    hang_up = request(url, company_id, "hang_up", {"call_id": done["result"]["call_id"]})
    hung_up = wait_until(lambda: finished_command(url, hang_up), 30, "the hang-up")
    assert hung_up["status"] == "done", hung_up
    phone_a.wait_for_request("BYE", 10, skip=byes)
