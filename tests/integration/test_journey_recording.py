"""Call recording on the real switch: a carrier's caller rings Alex (1000), whose calls
are recorded; his phone answers and both talk → a stereo WAV (caller left, Alex right)
with each voice in its own channel, its recording row, and one call-log row."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from . import processes
from .harness import DOMAIN, TRUNK_ADDRESS
from .journey_tools import empty_mailbox, EslEvents, esl_api, start_sipp
from .waiting import wait_until
from .media import RtpPhone, sdp_media, speech, wav_channel_levels
from .sipp import free_port_udp, run_sipp, explain

pytestmark = pytest.mark.freeswitch
INTERNAL, EXTERNAL = "127.0.0.1:5060", "127.0.0.1:5080"
# Alex Nguyen: no mobile twin, so only his phone rings.
CALLEE, CALLEE_NUMBER = "1000", "+46812345610"
CALLER = "+46701230001"


@pytest.fixture
def recorded_callee(fs_sessions, demo_company_id):
    """Alex's calls are recorded while the test runs."""
    from vaxel.people.models import User

    def recorded(on: bool) -> None:
        with fs_sessions.begin() as session:
            session.execute(update(User).where(User.company_id == demo_company_id,
                                               User.extension == CALLEE)
                            .values(recording_enabled=on))
    recorded(True)
    yield
    recorded(False)


def first_received(phone, start_line: str, timeout: float) -> str:
    return wait_until(lambda: phone.received(start_line), timeout, start_line)[0]


def test_a_recorded_users_call_is_saved_with_both_voices(
        freeswitch, fs_secrets, fs_env, test_company, journey_trunk, journey_controller,
        recorded_callee, fs_sessions, tmp_path):
    from vaxel.calls.models import CallLogEntry

    events = EslEvents(freeswitch.esl_port, fs_secrets.esl, "CHANNEL_EXECUTE")
    phones = []
    unregister(freeswitch, fs_secrets)  # an earlier journey's phone would be rung instead
    empty_mailbox(fs_sessions, CALLEE)
    try:
        with RtpPhone() as alex, RtpPhone(TRUNK_ADDRESS) as customer:
            port = free_port_udp()
            # -aa: a registering phone is sent its message-waiting state (FreeSWITCH's
            # MESSAGE_QUERY, answered by the controller) in a NOTIFY outside any call.
            answering = start_sipp(tmp_path, "vm_answer.xml", "", "-key", "rtp_port",
                                   str(alex.port), "-aa", port=port, name="alex")
            phones.append(answering)
            register(tmp_path, port, test_company.passwords[CALLEE])
            calling = start_sipp(tmp_path, "vm_call.xml", EXTERNAL, "-s", CALLEE_NUMBER,
                                 "-key", "caller", CALLER, "-key", "domain", DOMAIN,
                                 "-key", "rtp_port", str(customer.port),
                                 "-recv_timeout", "5000", address=TRUNK_ADDRESS, name="customer")
            phones.append(calling)
            alex.connect(sdp_media(first_received(answering, "INVITE ", 15)))
            customer.connect(sdp_media(first_received(calling, "SIP/2.0 200", 15)))
            voice = speech()[8000:]  # its first second is quiet
            customer.say(voice)
            alex.say(voice)
            assert calling.wait(20) == 0, calling.explain() + processes.tail(freeswitch.log, 60)
            assert answering.wait(10) == 0, answering.explain()
        recording = events.wait_for(lambda e: e.get("Application") == "record_session", 5,
                                    "record_session ran")
    finally:
        for phone in phones:
            phone.stop()
        events.close()
        unregister(freeswitch, fs_secrets)
    call_uuid = recording["Unique-ID"]
    [row] = wait_until(lambda: recordings_of(fs_sessions, call_uuid), 10, "the recording row")
    assert row.direction == "incoming" and row.from_number == CALLER
    assert row.duration_seconds and row.duration_seconds >= 3
    path = Path(fs_env["VAXEL_DATA_DIR"]) / "recordings" / row.file_path
    left, right = wav_channel_levels(path)  # RECORD_STEREO: caller left, callee right
    assert left.seconds >= 3 and left.has_sound() and right.has_sound(), (left, right)
    with fs_sessions() as session:
        assert session.scalar(select(func.count()).select_from(CallLogEntry).where(
            CallLogEntry.other_number == CALLER)) == 1
        assert session.scalar(select(CallLogEntry.call_uuid).where(
            CallLogEntry.other_number == CALLER)) == call_uuid


def register(sipp_dir, contact_port: int, password: str) -> None:
    """Register Alex's answering phone; like a phone, try again once after a refusal (on
    a loaded machine the xml_curl service's very first answer took longer than
    FreeSWITCH's 4 s, and FreeSWITCH refused the REGISTER)."""
    for _attempt in range(2):
        result = run_sipp(sipp_dir, "register.xml", INTERNAL, "-s", CALLEE, "-key", "domain",
                          DOMAIN, "-key", "contact_port", str(contact_port), "-au", CALLEE,
                          "-ap", password)
        if result.returncode == 0:
            return
    raise AssertionError(explain(result, sipp_dir))


def recordings_of(fs_sessions, call_uuid: str):
    from vaxel.recordings.models import CallRecording

    with fs_sessions() as session:
        return session.scalars(select(CallRecording).where(
            CallRecording.call_uuid == call_uuid)).all()


def unregister(freeswitch, fs_secrets) -> None:
    """Leave no registration of Alex's behind for the next test to ring."""
    esl_api(freeswitch.esl_port, fs_secrets.esl,
            f"sofia profile internal flush_inbound_reg {CALLEE}@{DOMAIN}")
