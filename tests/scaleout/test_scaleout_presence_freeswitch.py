"""Busy lamps across nodes (docs/scale-out.md): Kamailio is the presence server, so a
phone watching a colleague (SUBSCRIBE Event: dialog) sees the colleague's calls whatever
node they are on."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.integration import processes
from tests.integration.journey_tools import SippPhone, start_sipp
from tests.integration.sipp import explain
from tests.integration.waiting import wait_until

from .phones import PHONES, phone, scenario_variant, sipp
from .topology import CALLER_IP, DOMAIN, NODES, PHONE_IP

pytestmark = pytest.mark.freeswitch
WATCHER, COLLEAGUE = "1000", "1001"
MAX_CALLS = 10  # calls are hashed on Call-ID: enough for both nodes to take one


class RingsFirst:
    """A phone (as a tests.integration.phones.Mode) that rings for a second before it
    answers, as a person does. One answering within a PUBLISH's round trip of its ringing
    may show as ringing until the call ends (docs/scale-out.md, known limits)."""

    def scenario(self, cwd: Path) -> Path:
        return scenario_variant(cwd, "phone_answer.xml", "rings_first",
                                ('<send retrans="500">',
                                 '<pause milliseconds="1000"/>\n  <send retrans="500">'))


def watch(cwd: Path, watcher: str, password: str, watched: str) -> SippPhone:
    """`watcher`'s phone (at PHONE_IP) SUBSCRIBEd to `watched`'s dialog state through
    Kamailio, answering every NOTIFY."""
    scenario = scenario_variant(
        cwd, "vm_mwi_subscribe.xml", "dialog",
        ("From: <sip:[service]@[domain]>", "From: <sip:[caller]@[domain]>"),
        ("Event: message-summary", "Event: dialog"),
        ("Accept: application/simple-message-summary", "Accept: application/dialog-info+xml"))
    lamp = start_sipp(cwd, str(scenario), PHONES, "-s", watched, "-key", "caller", watcher,
                      "-key", "domain", DOMAIN, "-au", watcher, "-ap", password,
                      "-recv_timeout", "240000", address=PHONE_IP, timeout_s=300, name="blf")
    wait_until(lambda: lamp.received("SIP/2.0 20") or lamp.process.poll() is not None,
               10, "the SUBSCRIBE answered")
    assert lamp.received("SIP/2.0 20"), lamp.explain()
    return lamp


def dialog_states(notify: str, entity: str) -> list[str]:
    """The <state>s of the dialogs a dialog-info NOTIFY reports for `entity`."""
    if f'entity="{entity}"' not in notify:
        return []
    return re.findall(r"<state[^>]*>\s*(\w+)\s*</state>", notify)


def lamp_since(lamp: SippPhone, seen: int) -> list[list[str]]:
    """The dialog states of COLLEAGUE in each NOTIFY after the first `seen`."""
    return [dialog_states(notify, f"sip:{COLLEAGUE}@{DOMAIN}")
            for notify in lamp.received("NOTIFY ")[seen:]]


def ended(states: list[list[str]]) -> bool:
    """The last NOTIFY shows no call of COLLEAGUE but ended ones (the lamp is off)."""
    return bool(states) and all(state == "terminated" for state in states[-1])


def call_colleague(cwd: Path, password: str) -> None:
    """WATCHER calls COLLEAGUE, who answers; they talk for 4 s (the lamp is told within
    a second of each change), and WATCHER hangs up."""
    scenario = scenario_variant(cwd, "uac_call.xml", "4s",
                                ('<pause milliseconds="1000"/>', '<pause milliseconds="4000"/>'))
    result = sipp(cwd, scenario, PHONES, "-s", COLLEAGUE, "-key", "caller", WATCHER,
                  "-key", "domain", DOMAIN, "-au", WATCHER, "-ap", password, address=CALLER_IP)
    assert result.returncode == 0, explain(result, cwd)


def test_a_colleagues_busy_lamp_follows_their_calls_on_either_node(
        topology, scale_company, tmp_path):
    """1000's phone watches 1001's lamp through Kamailio. 1001 is called again and again
    until each node has carried one of the calls: for every one, whichever node, the
    watcher is told 1001's call is confirmed and then terminated."""
    passwords, _ = scale_company
    kamailio, nodes = topology
    lamp = watch(tmp_path, WATCHER, passwords[WATCHER], COLLEAGUE)
    carried_by = set()
    try:
        with phone(tmp_path, COLLEAGUE, passwords[COLLEAGUE], mode=RingsFirst()):
            for _ in range(MAX_CALLS):
                seen = len(lamp.received("NOTIFY "))
                before = [node.sessions_since_start() for node in nodes]
                call_colleague(tmp_path, passwords[WATCHER])
                grown = [n.sessions_since_start() - b for n, b in zip(nodes, before, strict=True)]
                node = NODES[grown.index(max(grown))]
                assert min(grown) == 0, grown  # the whole call on one node
                states = wait_until(lambda s=seen: ended(lamp_since(lamp, s)) and lamp_since(lamp, s),
                                    10, f"1001's call on {node} ended on the lamp",
                                    lambda: lamp.explain() + processes.tail(kamailio.out))
                assert any("confirmed" in notify for notify in states), (node, states)
                carried_by.add(node)
                if carried_by == set(NODES):
                    break
    finally:
        lamp.stop()
    assert carried_by == set(NODES), f"{MAX_CALLS} calls all on {carried_by}"
