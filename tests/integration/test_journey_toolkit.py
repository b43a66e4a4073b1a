"""The journey toolkit checked without FreeSWITCH (needs only sipp): the caller's RTP
stream and the sipp phone/carrier scenarios, so a broken tool fails here, not as a
mysterious journey failure on the real switch."""
from __future__ import annotations

import socket
import struct
import time
from itertools import pairwise

import pytest

from .phones import Mode, SippUas
from .rtp import EVENT, PCMA, RtpEndpoint
from .sipp import SIPP, explain, run_sipp


def _capture(seconds: float, keys: str) -> list[tuple[int, int, int, bytes]]:
    """(payload type, sequence, timestamp, payload) of what an endpoint sends."""
    far = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    far.bind(("127.0.0.1", 0))
    far.settimeout(0.2)
    packets = []
    with RtpEndpoint("127.0.0.1") as media:
        far.sendto(b"\x80\x08" + bytes(10 + 160), ("127.0.0.1", media.port))  # far end speaks
        media.press(keys)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                data = far.recv(2048)
            except socket.timeout:
                continue
            _, pt, seq, ts = struct.unpack("!BBHI", data[:8])
            packets.append((pt & 0x7F, seq, ts, data[12:]))
    far.close()
    return packets


def test_a_key_pressed_twice_is_two_events_on_one_running_stream():
    packets = _capture(1.5, "11")
    seqs = [p[1] for p in packets]
    assert all((b - a) % 65536 == 1 for a, b in pairwise(seqs)), seqs
    events = {}
    for pt, _, ts, payload in packets:
        if pt == EVENT:
            events.setdefault(ts, set()).add(payload[0])
    # Two presses of "1", at two timestamps: FreeSWITCH would drop a repeated timestamp.
    assert list(events.values()) == [{1}, {1}], events
    assert any(pt == PCMA for pt, *_ in packets)
    first_event = min(events)
    audio_after = [ts for pt, _, ts, _ in packets if pt == PCMA and ts > first_event]
    assert audio_after, "audio goes on after a key"


@pytest.mark.skipif(SIPP is None, reason="sipp is not installed (sip-tester)")
def test_trunk_caller_is_answered_by_a_phone_that_keeps_the_invite(tmp_path):
    phone = SippUas.start(tmp_path, Mode.ANSWER, "127.0.0.1", lifetime_s=15)
    try:
        call = run_sipp(tmp_path, "trunk_caller.xml", f"127.0.0.1:{phone.port}", "-s", "+4687",
                        "-key", "caller", "+4670", "-key", "domain", "127.0.0.1",
                        "-key", "rtp_port", "40000", "-recv_timeout", "1000", timeout_s=10)
        assert call.returncode == 0, explain(call, tmp_path)
        assert phone.wait_for_request("INVITE", 5) == "+4687@127.0.0.1"
    finally:
        phone.stop()


@pytest.mark.skipif(SIPP is None, reason="sipp is not installed (sip-tester)")
@pytest.mark.parametrize("mode", list(Mode))
def test_every_phone_mode_loads_and_waits_for_calls(tmp_path, mode):
    """sipp checks a scenario when it loads it (a status code from a -key failed there)."""
    phone = SippUas.start(tmp_path, mode, "127.0.0.1", lifetime_s=10)
    try:
        time.sleep(1.0)
        assert phone.process.poll() is None, list(tmp_path.glob("*_errors.log"))
    finally:
        phone.stop()
