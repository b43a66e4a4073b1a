"""A real FreeSWITCH 1.10 with freeswitch-conf: it starts, guards its Event Socket, and with
the xml_curl service authenticates phones and connects a call between two extensions."""
from __future__ import annotations

import socket
import subprocess

import pytest

from .harness import DOMAIN
from .esl import EslSession
from .sipp import explain, free_port_udp, run_sipp, sipp_command

pytestmark = pytest.mark.freeswitch
SIP = "127.0.0.1:5060"


def test_event_socket_accepts_our_password(freeswitch, fs_secrets):
    session = EslSession(freeswitch.esl_port)
    try:
        assert session.auth(fs_secrets.esl) == "+OK accepted"
        assert "true" in session.api("module_exists mod_xml_curl")
        status = session.api("sofia status")
        assert "internal" in status and "external" in status, status
    finally:
        session.close()


@pytest.mark.parametrize("password", ["ClueCon", "wrong-password-123"])
def test_event_socket_refuses_other_passwords(freeswitch, password):
    session = EslSession(freeswitch.esl_port)
    try:
        assert session.auth(password).startswith("-ERR")
    finally:
        session.close()


def register(sipp_dir, user: str, password: str, contact_port: int,
             scenario: str = "register.xml"):
    return run_sipp(sipp_dir, scenario, SIP, "-s", user, "-key", "domain", DOMAIN,
                    "-key", "contact_port", str(contact_port), "-au", user, "-ap", password)


def test_phone_registers_with_its_password(freeswitch, xmlcurl_service, test_company, sipp_dir):
    result = register(sipp_dir, "1000", test_company.passwords["1000"], free_port_udp())
    assert result.returncode == 0, explain(result, sipp_dir) + freeswitch.log.read_text()[-3000:]


def test_phone_with_a_wrong_password_is_refused(freeswitch, xmlcurl_service, test_company, sipp_dir):
    result = register(sipp_dir, "1000", "Not-the-password-42", free_port_udp(),
                      scenario="register_refused.xml")
    assert result.returncode == 0, explain(result, sipp_dir)


def call_is_answered(freeswitch, test_company, sipp_dir) -> None:
    """1001 registers a phone that answers; 1000 calls 1001; the phone takes the call."""
    phone_port = free_port_udp()
    phone = subprocess.Popen(sipp_command("uas_answer.xml", "", port=phone_port, timeout_s=30),
                             cwd=sipp_dir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, text=True)
    try:
        registered = register(sipp_dir, "1001", test_company.passwords["1001"], phone_port)
        assert registered.returncode == 0, explain(registered, sipp_dir)
        call = run_sipp(sipp_dir, "uac_call.xml", SIP, "-s", "1001", "-key", "caller", "1000",
                        "-key", "domain", DOMAIN, "-au", "1000", "-ap", test_company.passwords["1000"],
                        timeout_s=30)
        assert call.returncode == 0, explain(call, sipp_dir) + freeswitch.log.read_text()[-4000:]
        assert phone.wait(15) == 0, phone.stdout.read()[-3000:]
    finally:
        if phone.poll() is None:
            phone.kill()
            phone.wait(5)


def test_extension_calls_extension_and_is_answered(freeswitch, xmlcurl_service, test_company,
                                                   sipp_dir):
    call_is_answered(freeswitch, test_company, sipp_dir)


def test_a_phone_that_registers_again_elsewhere_gets_the_call_there(
        freeswitch, xmlcurl_service, test_company, sipp_dir):
    """One SIP user has one contact (multiple-registrations=false): the directory's
    dial-string rings a single registration, and it must be the newest, not a stale one
    from before the phone moved (new port or address)."""
    for _ in range(2):  # two earlier contacts where nothing answers any more
        moved = register(sipp_dir, "1001", test_company.passwords["1001"], free_port_udp())
        assert moved.returncode == 0, explain(moved, sipp_dir)
    call_is_answered(freeswitch, test_company, sipp_dir)


def websocket_upgrade(port: int) -> bytes:
    """The switch's answer to a browser's SIP WebSocket handshake on 127.0.0.1:port."""
    request = (f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
               "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
               "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: sip\r\n\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request.encode())
        return sock.recv(1024)


def test_internal_profile_takes_sip_over_websocket_with_dtls_certificates(freeswitch, fs_env):
    """The app's softphone: ws answers a SIP WebSocket handshake, wss listens, and the
    DTLS-SRTP certificate WebRTC media needs was written into the run folder."""
    ws_port = int(fs_env["VAXEL_SIP_WS_LISTEN"].rpartition(":")[2])
    assert websocket_upgrade(ws_port).startswith(b"HTTP/1.1 101")
    wss_port = int(fs_env["VAXEL_SIP_WSS_LISTEN"].rpartition(":")[2])
    socket.create_connection(("127.0.0.1", wss_port), timeout=5).close()
    assert (freeswitch.root / "certs" / "dtls-srtp.pem").exists()
