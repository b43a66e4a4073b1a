"""Listen, whisper and barge on the real FreeSWITCH, measured as the phones hear them: each
phone's media is an RtpPhone (tests/integration/media.py), so a test makes one party speak
and measures how loud the others' received audio was. Alex calls Daria; Dennis, her
supervisor, is rung into the call from his console (vaxel.callcontrol.console)."""
from __future__ import annotations

import dataclasses
import time

import pytest
from sqlalchemy import select

from vaxel.actor import Actor, ActorRole
from vaxel.callcontrol import console
from vaxel.callcontrol.models import CallCommand, CommandStatus
from vaxel.models import User

from . import call_commands_setup as commands
from .call_commands_setup import live_call_to
from .cmd_phones import SIP, register
from .harness import DOMAIN
from .journey_tools import esl_api, start_sipp
from .media import Level, RtpPhone, sdp_media, speech
from .waiting import wait_until

pytestmark = pytest.mark.freeswitch
THIRD = commands.THIRD
receiver, session_factory, company = commands.receiver, commands.session_factory, commands.company
controller = commands.controller
QUIET = 100.0    # RMS under which a phone heard nothing (A-law silence decodes to ±8)
SPEAKING = 3.0   # seconds each party speaks


def answering(sipp_dir, user: str, password: str, media: RtpPhone, phones: list):
    phone = start_sipp(sipp_dir, "vm_answer.xml", "", "-key", "rtp_port", str(media.port),
                       name=f"answer{user}", timeout_s=90)
    phones.append(phone)
    register(sipp_dir, user, password, phone.port)
    return phone


def first(phone, start_line: str, timeout: float = 20.0) -> str:
    return wait_until(lambda: phone.received(start_line), timeout, start_line,
                      phone.explain)[0]


def supervise(session_factory, company, call_id: str, mode: str) -> int:
    """Dennis acts from his console, as an admin (the queue-supervisor rule is the domain
    tests'); the command is done once his phone answered."""
    with session_factory.begin() as session:
        user = session.scalar(select(User).where(User.company_id == company.id,
                                                 User.extension == THIRD))
        actor = dataclasses.replace(Actor.of_user(user), role=ActorRole.ADMIN)
        command_id = console.supervise_call(session, actor, call_id, mode).id

    def finished():
        with session_factory() as session:
            row = session.get(CallCommand, command_id)
            return row if row.status in (CommandStatus.DONE, CommandStatus.FAILED) else None
    row = wait_until(finished, 40, "the supervise command")
    assert row.status is CommandStatus.DONE, row.result
    return command_id


def speaks(speaker: RtpPhone, listeners: dict[str, RtpPhone]) -> dict[str, Level]:
    """`speaker` says a few seconds of speech; how loud each listener heard it (RMS)."""
    started = time.monotonic()
    speaker.say(speech()[8000:8000 + int(SPEAKING * 8000)])
    time.sleep(SPEAKING + 1.0)  # the whole utterance and the jitter buffer's delay
    return {name: phone.heard(since=started) for name, phone in listeners.items()}


@pytest.mark.parametrize("mode, daria_hears, alex_hears", [
    ("listen", False, False), ("whisper", True, False), ("barge", True, True)])
def test_the_supervisor_hears_the_call_and_is_heard_only_as_the_mode_says(
        freeswitch, fs_secrets, xmlcurl_service, company, controller, session_factory,
        sipp_dir, mode, daria_hears, alex_hears):
    phones = []
    try:
        with RtpPhone() as alex, RtpPhone() as daria, RtpPhone() as dennis:
            daria_phone = answering(sipp_dir, "1001", company.passwords["1001"], daria, phones)
            alex_phone = start_sipp(sipp_dir, "vm_call.xml", SIP, "-s", "1001",
                                    "-key", "caller", "1000", "-key", "domain", DOMAIN,
                                    "-key", "rtp_port", str(alex.port),
                                    "-au", "1000", "-ap", company.passwords["1000"],
                                    "-recv_timeout", "60000", timeout_s=90, name="alex")
            phones.append(alex_phone)
            daria.connect(sdp_media(first(daria_phone, "INVITE ")))
            alex.connect(sdp_media(first(alex_phone, "SIP/2.0 200")))
            call_id = live_call_to(session_factory, company, "1001")

            dennis_phone = answering(sipp_dir, THIRD, company.passwords[THIRD], dennis, phones)
            supervise(session_factory, company, call_id, mode)
            invite = first(dennis_phone, "INVITE ")
            dennis.connect(sdp_media(invite))
            dennis.wait_for_media(10)

            # The supervisor hears the call: Alex…
            heard = speaks(alex, {"dennis": dennis, "daria": daria})
            assert heard["dennis"].has_sound() and heard["daria"].has_sound(), heard
            # …and Daria.
            heard = speaks(daria, {"dennis": dennis})
            assert heard["dennis"].has_sound(), heard
            # Who hears the supervisor is the mode's to say; the other hears silence.
            heard = speaks(dennis, {"daria": daria, "alex": alex})
            for name, hears in (("daria", daria_hears), ("alex", alex_hears)):
                assert heard[name].has_sound() if hears else heard[name].rms < QUIET, \
                    (mode, name, heard)

            # Nothing announced the supervisor: neither party's phone got a message
            # after its call was set up (no re-INVITE, no INFO, no tone-bearing UPDATE).
            assert len(daria_phone.received("INVITE ")) == 1, daria_phone.explain()
            for phone in (alex_phone, daria_phone):
                assert not any(phone.received(f"{method} ") for method in ("INFO", "UPDATE"))
            assert not alex_phone.received("INVITE "), alex_phone.explain()
            esl_api(freeswitch.esl_port, fs_secrets.esl, f"uuid_kill {call_id}")
            assert alex_phone.wait(20) == 0, alex_phone.explain()
    finally:
        for phone in phones:
            phone.stop()
