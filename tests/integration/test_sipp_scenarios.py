"""The sipp scenarios in tests/sipp parse and play their flows, sipp against sipp.

Not marked `freeswitch`: it needs only sipp, and catches a broken scenario before anyone
spends a FreeSWITCH run on it.
"""
from __future__ import annotations

import subprocess

import pytest

from .journey_tools import start_sipp
from .media import sdp_media
from .sipp import SCENARIOS, SIPP, explain, free_port_udp, run_sipp, sipp_command

pytestmark = pytest.mark.skipif(SIPP is None, reason="sipp is not installed (sip-tester)")


def serve(cwd, scenario, port: int) -> subprocess.Popen:
    return subprocess.Popen(sipp_command(scenario, "", port=port, timeout_s=15), cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL)


def register_against(tmp_path, server_scenario, client_scenario) -> int:
    port = free_port_udp()
    server = serve(tmp_path, server_scenario, port)
    try:
        result = run_sipp(tmp_path, client_scenario, f"127.0.0.1:{port}", "-s", "1000",
                          "-key", "domain", "127.0.0.1", "-key", "contact_port", "5999",
                          "-au", "1000", "-ap", "Some-password-9", timeout_s=5)
        return result.returncode
    finally:
        server.kill()
        server.wait(5)


@pytest.fixture
def refusing_registrar(tmp_path):
    text = (SCENARIOS / "selftest_registrar.xml").read_text().replace("200 OK", "403 Forbidden")
    path = tmp_path / "refusing_registrar.xml"
    path.write_text(text)
    return path


def test_register_succeeds_on_200(tmp_path):
    assert register_against(tmp_path, "selftest_registrar.xml", "register.xml") == 0


def test_register_fails_on_403(tmp_path, refusing_registrar):
    assert register_against(tmp_path, refusing_registrar, "register.xml") != 0


def test_register_refused_succeeds_on_403(tmp_path, refusing_registrar):
    assert register_against(tmp_path, refusing_registrar, "register_refused.xml") == 0


def test_register_refused_fails_on_200(tmp_path):
    assert register_against(tmp_path, "selftest_registrar.xml", "register_refused.xml") != 0


def test_call_is_answered_and_hung_up(tmp_path):
    port = free_port_udp()
    phone = serve(tmp_path, "uas_answer.xml", port)
    try:
        call = run_sipp(tmp_path, "uac_call.xml", f"127.0.0.1:{port}", "-s", "1001",
                        "-key", "caller", "1000", "-key", "domain", "127.0.0.1",
                        "-au", "1000", "-ap", "Some-password-9", timeout_s=10)
        assert call.returncode == 0, explain(call, tmp_path)
        assert phone.wait(10) == 0
    finally:
        if phone.poll() is None:
            phone.kill()
            phone.wait(5)


def call_against(tmp_path, server_scenario, client_scenario) -> int:
    port = free_port_udp()
    server = serve(tmp_path, server_scenario, port)
    try:
        return run_sipp(tmp_path, client_scenario, f"127.0.0.1:{port}", "-s", "+46812345600",
                        "-key", "caller", "+46701234567", "-key", "domain", "127.0.0.1",
                        timeout_s=15).returncode
    finally:
        server.kill()
        server.wait(5)


def test_answered_call_succeeds_when_answered(tmp_path):
    assert call_against(tmp_path, "uas_answer.xml", "uac_answered.xml") == 0


def test_answered_call_fails_on_403(tmp_path):
    assert call_against(tmp_path, "selftest_refuse_call.xml", "uac_answered.xml") != 0


def test_refused_call_succeeds_on_403(tmp_path):
    assert call_against(tmp_path, "selftest_refuse_call.xml", "uac_refused.xml") == 0


def test_refused_call_fails_when_answered(tmp_path):
    assert call_against(tmp_path, "uas_answer.xml", "uac_refused.xml") != 0


def test_media_call_hangs_up_after_the_receive_timeout(tmp_path):
    """vm_call.xml against vm_answer.xml: answered, and with no BYE from the far end within
    -recv_timeout the caller hangs up itself; each SDP carries its RtpPhone's port, and
    the trace shows what the phone received."""
    phone = start_sipp(tmp_path, "vm_answer.xml", "", "-key", "rtp_port", "40002",
                       timeout_s=15, name="uas")
    call = run_sipp(tmp_path, "vm_call.xml", f"127.0.0.1:{phone.port}", "-s", "133",
                    "-key", "caller", "1000", "-key", "domain", "127.0.0.1",
                    "-key", "rtp_port", "40001", "-recv_timeout", "1000", timeout_s=10)
    assert call.returncode == 0, explain(call, tmp_path)
    assert phone.wait(10) == 0, phone.explain()
    [invite] = phone.received("INVITE ")
    assert sdp_media(invite) == ("127.0.0.1", 40001)
    assert len(phone.received("BYE ")) == 1 and phone.received("ACK ")
