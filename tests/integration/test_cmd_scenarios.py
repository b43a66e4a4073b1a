"""The call-command phones (tests/sipp/cmd_*.xml, cmd_phones.py) sipp against sipp: they
answer, talk and hang up as the FreeSWITCH tests expect, and what a phone received is
read back in order. Needs only sipp, like test_sipp_scenarios.py."""
from __future__ import annotations

import pytest

from . import cmd_phones
from .cmd_phones import SippPhone
from .sipp import SIPP, explain, run_sipp

pytestmark = pytest.mark.skipif(SIPP is None, reason="sipp is not installed (sip-tester)")


@pytest.fixture
def phone(tmp_path):
    answering = SippPhone(tmp_path, "phone", "cmd_phone.xml", "", timeout_s=15)
    yield answering
    answering.close()


def test_the_phone_answers_and_reports_what_it_received_in_order(phone, tmp_path):
    call = run_sipp(tmp_path, "uac_call.xml", f"127.0.0.1:{phone.port}", "-s", "1001",
                    "-key", "caller", "1000", "-key", "domain", "127.0.0.1")
    assert call.returncode == 0, explain(call, tmp_path)
    assert phone.finished() == 0, phone.explain()
    received = phone.received()
    assert [m.method for m in received] == ["INVITE", "ACK", "BYE"]
    assert received[0].headers["from"].startswith("<sip:1000@127.0.0.1>")
    assert received[0].at <= received[1].at <= received[2].at


def test_the_trunk_caller_keys_digits_and_hangs_up_after_its_talk_time(phone, tmp_path,
                                                                        monkeypatch):
    monkeypatch.setattr(cmd_phones, "EXTERNAL", f"127.0.0.1:{phone.port}")
    caller = cmd_phones.trunk_caller(tmp_path, "+46812345600", "+46701234599", "21",
                                     talk_ms=300, key_after_ms=100)
    try:
        assert caller.finished() == 0, caller.explain()
    finally:
        caller.close()
    assert phone.finished() == 0, phone.explain()
    assert [m.method for m in phone.received()] == ["INVITE", "ACK", "BYE"]
    with pytest.raises(ValueError):
        cmd_phones.trunk_caller(tmp_path, "+46812345600", "+46701234599", "22")
