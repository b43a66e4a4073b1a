"""Voicemail on the real switch: a carrier's caller reaches Alex (1000, phone offline),
hears the greeting, speaks and hangs up → a message row, a WAV with the voice in it, an
e-mail carrying it, and a message-waiting NOTIFY to the phone that subscribed. Then Alex
dials 133, hears the message and deletes it with a key → the row is deleted and the lamp
goes out. Each call leaves exactly one call-log row."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from . import processes
from .harness import DOMAIN, TRUNK_ADDRESS
from .journey_tools import empty_mailbox, EslEvents, SippPhone, esl_api, sip_header, start_sipp
from .app_browser import open_app
from .waiting import wait_until
from .media import RtpPhone, speech, wav_level

pytestmark = pytest.mark.freeswitch
INTERNAL, EXTERNAL = "127.0.0.1:5060", "127.0.0.1:5080"
OWNER, OWNER_NUMBER = "1000", "+46812345610"  # Alex Nguyen: no mobile twin to ring
CALLER = "+46701239901"  # this module's own, so its call-log rows are countable
MAIL_TIMEOUT = 15.0  # the controller's outbox goes out every 10 s


@dataclass(frozen=True)
class LeftMessage:
    message_id: int
    call_uuid: str
    path: Path
    notifies: list[str]


def esl(freeswitch, fs_secrets, events: str = "CHANNEL_EXECUTE CHANNEL_HANGUP_COMPLETE"):
    return EslEvents(freeswitch.esl_port, fs_secrets.esl, events)


def mwi_phone(sipp_dir, password: str) -> SippPhone:
    """Alex's phone watching its lamp: SUBSCRIBE message-summary, answer NOTIFYs."""
    phone = start_sipp(sipp_dir, "vm_mwi_subscribe.xml", INTERNAL, "-s", OWNER,
                       "-key", "domain", DOMAIN, "-au", OWNER, "-ap", password,
                       "-recv_timeout", "60000", timeout_s=90, name="mwi")
    wait_until(lambda: phone.received("SIP/2.0 20") or phone.process.poll() is not None,
               10, "the SUBSCRIBE answered")
    assert phone.received("SIP/2.0 20"), phone.explain()
    return phone


def notify_saying(phone: SippPhone, waiting: str) -> list[str]:
    return [n for n in phone.received("NOTIFY ")
            if f"Messages-Waiting: {waiting}" in n and f"sip:{OWNER}@{DOMAIN}" in n]


def owner_messages(fs_sessions, owner: str = OWNER):
    from vaxel.people.models import User
    from vaxel.voicemail.models import Mailbox, Message

    with fs_sessions() as session:
        return session.scalars(
            select(Message).join(Mailbox, Mailbox.id == Message.mailbox_id)
            .join(User, User.id == Mailbox.user_id)
            .where(User.extension == owner).order_by(Message.id)).all()


def call_log_rows(fs_sessions, call_uuid: str) -> int:
    from vaxel.calls.models import CallLogEntry

    with fs_sessions() as session:
        return session.scalar(select(func.count()).select_from(CallLogEntry)
                              .where(CallLogEntry.call_uuid == call_uuid))


def logged_result(fs_sessions, call_uuid: str) -> str:
    from vaxel.calls.models import CallLogEntry

    with fs_sessions() as session:
        return session.scalar(select(CallLogEntry.result).where(
            CallLogEntry.call_uuid == call_uuid)).value


def calls_logged_from(fs_sessions, number: str) -> int:
    from vaxel.calls.models import CallLogEntry

    with fs_sessions() as session:
        return session.scalar(select(func.count()).select_from(CallLogEntry).where(
            CallLogEntry.other_number == number))


@pytest.fixture(scope="module")
def left_message(freeswitch, fs_secrets, fs_env, test_company, journey_trunk,
                 journey_controller, fs_sessions, tmp_path_factory) -> LeftMessage:
    """The carrier's caller leaves Alex a message while Alex's phone watches its lamp."""
    sipp_dir = tmp_path_factory.mktemp("vm-deposit")
    events = esl(freeswitch, fs_secrets)
    # Another test may have left a registration of 1000 behind: the call must not ring it.
    esl_api(freeswitch.esl_port, fs_secrets.esl,
            f"sofia profile internal flush_inbound_reg {OWNER}@{DOMAIN}")
    empty_mailbox(fs_sessions, OWNER)
    lamp = mwi_phone(sipp_dir, test_company.passwords[OWNER])
    caller = None
    try:
        with RtpPhone(TRUNK_ADDRESS) as media:
            # The caller hangs up 10 s after the answer: some 6 s into the message.
            caller = start_sipp(sipp_dir, "vm_call.xml", EXTERNAL, "-s", OWNER_NUMBER,
                                "-key", "caller", CALLER, "-key", "domain", DOMAIN,
                                "-key", "rtp_port", str(media.port), "-recv_timeout", "10000",
                                address=TRUNK_ADDRESS, name="caller")
            events.wait_for(executing("play_and_get_digits", data="To leave a message, press 1"),
                            10, "the greeting and the caller's options")
            media.press("1")
            recording = events.wait_for(executing("record"), 10, "the record app started")
            media.say(speech())
            assert caller.wait(20) == 0, caller.explain() + processes.tail(freeswitch.log, 60)
        call_uuid = recording["Unique-ID"]
        events.wait_for(lambda e: e.get("Event-Name") == "CHANNEL_HANGUP_COMPLETE"
                        and e.get("Unique-ID") == call_uuid, 5, "the call ended")
        wait_until(lambda: notify_saying(lamp, "yes"), 10, "the lamp lit")
        messages = wait_until(lambda: owner_messages(fs_sessions), 5, "the message row")
        assert len(messages) == 1, [(m.id, m.call_uuid, m.state, m.caller_number) for m in messages]
        [message] = messages
    finally:
        for phone in (lamp, caller):
            if phone is not None:
                phone.stop()
        events.close()
    store = Path(fs_env["VAXEL_DATA_DIR"]) / "voicemail"
    return LeftMessage(message.id, call_uuid, store / message.file_path, lamp.received("NOTIFY "))


def test_a_callers_message_is_stored_with_sound_mailed_and_lights_the_lamp(
        left_message, fs_sessions, smtp_inbox, journey_controller):
    from vaxel.voicemail.models import MessageState

    [message] = owner_messages(fs_sessions)
    assert message.state is MessageState.NEW and message.caller_number == CALLER
    assert message.call_uuid == left_message.call_uuid and not message.interrupted
    heard = wav_level(left_message.path)
    assert heard.seconds >= 2 and heard.has_sound(), heard
    [lit] = [n for n in left_message.notifies if "Messages-Waiting: yes" in n]
    assert sip_header(lit, "Event") == "message-summary", lit
    assert "Voice-Message: 1/0" in lit, lit
    # The outbox may also hold mail about messages earlier journeys left: find this one's.
    mail = wait_until(lambda: next((m for m in smtp_inbox[1].messages
                                    if CALLER in m.get_body().get_content()), None),
                      MAIL_TIMEOUT, f"the e-mail about {CALLER}'s message")
    assert mail["To"] == "alex.nguyen@example.com"
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_content_type() == "audio/wav"
    assert attachment.get_content() == left_message.path.read_bytes()
    assert call_log_rows(fs_sessions, left_message.call_uuid) == 1
    assert calls_logged_from(fs_sessions, CALLER) == 1
    assert logged_result(fs_sessions, left_message.call_uuid) == "voicemail"


def test_the_owner_plays_the_message_in_the_app_and_marks_it_new_again(
        left_message, browser, portal, fs_sessions):
    """The app lists the message as new; its player plays the very file the switch
    recorded, which makes it heard; "Mark as new" puts it back (for the next journey,
    which dials 133 for a new message)."""
    from vaxel.voicemail.models import MessageState

    def state():
        [message] = owner_messages(fs_sessions)
        return message.state

    page = open_app(browser, portal, OWNER)
    try:
        item = page.wait_for_selector(f"#voicemail-list li[data-state=new]:has-text('{CALLER}')")
        player = item.query_selector("audio")
        player.evaluate("a => { a.muted = true; return a.play(); }")
        page.wait_for_function("a => a.currentTime > 1", arg=player, timeout=15_000)
        assert player.evaluate("a => a.duration") >= 2
        served = page.request.get(player.evaluate("a => a.src"))
        assert served.ok and served.body() == left_message.path.read_bytes()
        assert state() is MessageState.SAVED
        page.reload()
        page.click(f"#voicemail-list li[data-state=saved]:has-text('{CALLER}') "
                   "button:has-text('Mark as new')")
        page.wait_for_selector(f"#voicemail-list li[data-state=new]:has-text('{CALLER}')")
        assert state() is MessageState.NEW
    finally:
        page.context.close()


def executing(app: str, uuid: str | None = None, data: str = ""):
    """Matches the CHANNEL_EXECUTE of `app` (on that channel, its data holding `data`)."""
    def match(event: dict[str, str]) -> bool:
        return (event.get("Event-Name") == "CHANNEL_EXECUTE" and event.get("Application") == app
                and (uuid is None or event.get("Unique-ID") == uuid)
                and data in event.get("Application-Data", ""))
    return match


def test_the_owner_hears_the_message_on_133_deletes_it_and_the_lamp_goes_out(
        left_message, freeswitch, fs_secrets, test_company, fs_sessions, tmp_path):
    from vaxel.voicemail.models import Message, MessageState

    password = test_company.passwords[OWNER]
    events = esl(freeswitch, fs_secrets)
    # Subscribing after the message came: FreeSWITCH asks (MESSAGE_QUERY) and is told "yes".
    lamp, phone = mwi_phone(tmp_path, password), None
    try:
        wait_until(lambda: notify_saying(lamp, "yes"), 10, "the new subscription's lamp lit")
        with RtpPhone() as media:
            phone = start_sipp(tmp_path, "vm_call.xml", INTERNAL, "-s", "133",
                               "-key", "caller", OWNER, "-key", "domain", DOMAIN,
                               "-key", "rtp_port", str(media.port), "-au", OWNER, "-ap", password,
                               "-recv_timeout", "40000", timeout_s=60, name="owner")
            menu = events.wait_for(executing("play_and_get_digits", data="new messages press 1"),
                                   15, "the 133 main menu")
            uuid = menu["Unique-ID"]
            # A listener presses once the menu is heard (a digit in the very first RTP
            # packets of the call was not picked up by FreeSWITCH).
            wait_until(lambda: media.heard().seconds >= 1.0, 10, "the menu heard")
            media.press("1")
            played = events.wait_for(executing("playback", uuid, str(left_message.path)), 15,
                                     "the message played")
            started = time.monotonic()
            events.wait_for(executing("play_and_get_digits", uuid, "To delete it press 3"), 30,
                            "the message menu")
            heard = media.heard(since=started)
            media.press("3")
            events.wait_for(executing("play_and_get_digits", uuid, "new messages press 1"), 15,
                            "back at the main menu")
            media.press("#")
            assert phone.wait(20) == 0, phone.explain() + processes.tail(freeswitch.log, 60)
        assert played and heard.seconds >= 2 and heard.has_sound(), heard
        wait_until(lambda: notify_saying(lamp, "no"), 10, "the lamp went out")
    finally:
        for sipp in (lamp, phone):
            if sipp is not None:
                sipp.stop()
        events.close()
    with fs_sessions() as session:
        message = session.get(Message, left_message.message_id)
        assert message.state is MessageState.DELETED and message.deleted_at is not None
    assert not left_message.path.exists()
    assert call_log_rows(fs_sessions, uuid) == 1
