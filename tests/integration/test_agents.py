"""The queue journeys' sipp parts (agents.py, tests/sipp/q_*.xml) sipp against sipp, without
FreeSWITCH: a broken scenario or RTP meter shows up here before a FreeSWITCH run."""
from __future__ import annotations

import struct
from pathlib import Path

import pytest

from .agents import RtpSeen, SippCall, shifted_pcap
from .waiting import wait_until
from .sipp import SCENARIOS, SIPP

pytestmark = pytest.mark.skipif(SIPP is None, reason="sipp is not installed (sip-tester)")
DTMF_1 = Path("/usr/share/sip-tester/dtmf_2833_1.pcap")


def call(cwd: Path, scenario, phone: SippCall, *options: str) -> SippCall:
    return SippCall(cwd, scenario, f"127.0.0.1:{phone.port}", "-s", "+46812345699",
                    "-key", "caller", "+46701234567", "-key", "domain", "127.0.0.1", *options,
                    timeout_s=15)


def test_caller_and_answering_agent_talk_both_ways(tmp_path):
    agent = SippCall(tmp_path, "q_agent_answer.xml", "", timeout_s=15)
    caller = call(tmp_path, "q_caller.xml", agent, "-d", "1500")
    silence = RtpSeen(0, 0)
    wait_until(lambda: agent.rtp().more_than(silence) and caller.rtp().more_than(silence), 3,
               "each side's speech arrives at the other")
    assert caller.wait() == 0, caller.explain()
    assert agent.wait() == 0, agent.explain()


def test_a_rejecting_agent_fails_the_call(tmp_path):
    agent = SippCall(tmp_path, "q_agent_reject.xml", "", timeout_s=10)
    caller = call(tmp_path, "q_caller.xml", agent, "-d", "500")
    assert caller.wait() != 0
    assert agent.wait() == 0, agent.explain()


def test_callback_caller_waits_for_the_far_end_to_hang_up(tmp_path):
    scenario = tmp_path / "q_caller_callback.xml"  # beside its pcap (see agents.py)
    scenario.write_text((SCENARIOS / scenario.name).read_text())
    shifted_pcap(DTMF_1, tmp_path / "dtmf_1_again.pcap")
    agent = SippCall(tmp_path, "q_agent_answer.xml", "", timeout_s=15)  # hangs up after 4 s
    caller = call(tmp_path, scenario, agent)
    assert caller.wait() == 0, caller.explain()
    assert agent.wait() == 0, agent.explain()


def rtp_headers(path: Path) -> list[tuple[int, int]]:
    data, offset, out = path.read_bytes(), 24, []
    while offset < len(data):
        length = struct.unpack_from("<I", data, offset + 8)[0]
        out.append(struct.unpack_from(">HI", data, offset + 16 + 42 + 2))
        offset += 16 + length
    return out


def test_a_shifted_digit_has_later_sequence_numbers_and_timestamps(tmp_path):
    shifted = rtp_headers(shifted_pcap(DTMF_1, tmp_path / "again.pcap", 1000, 80000))
    original = rtp_headers(DTMF_1)
    assert len(shifted) == len(original) == 10
    assert all(s == (o[0] + 1000, o[1] + 80000) for s, o in zip(shifted, original, strict=True))
