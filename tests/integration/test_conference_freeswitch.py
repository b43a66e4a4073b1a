"""Conference rooms on the real switch: two phones dial Alex's room, key its PIN and hear
each other (speech one phone sends reaches the other); the owner's mute from the domain
silences a participant, remove ends their call (their phone gets the BYE), lock and
recording reach the switch, and the participant list in PostgreSQL follows it all. A
wrong PIN three times ends the call, and nobody joins."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from tests.actors import person

from fs_control.apps import DIGITS_VARIABLE

from .harness import DOMAIN
from .journey_tools import EslEvents, start_sipp
from .media import Level, RtpPhone, finished_wav_level, speech
from .waiting import wait_until

pytestmark = pytest.mark.freeswitch
INTERNAL = "127.0.0.1:5060"
OWNER, GUEST = "1000", "1001"
PIN = "135792"
HEAR_TIMEOUT = 15.0


def executing(app: str, data: str = "", uuid: str | None = None):
    def match(event: dict[str, str]) -> bool:
        return (event.get("Event-Name") == "CHANNEL_EXECUTE" and event.get("Application") == app
                and data in event.get("Application-Data", "")
                and (uuid is None or event.get("Unique-ID") == uuid))
    return match


def maintenance(action: str, caller: str):
    def match(event: dict[str, str]) -> bool:
        return (event.get("Event-Subclass") == "conference::maintenance"
                and event.get("Action") == action
                and event.get("Caller-Caller-ID-Number") == caller)
    return match


@pytest.fixture(scope="module")
def room(fs_sessions, demo_company_id):
    """Alex's room with a PIN the test knows."""
    from vaxel.conference.services import own_room
    from vaxel.people.models import User

    with fs_sessions.begin() as session:
        owner = session.scalar(select(User).where(User.company_id == demo_company_id,
                                                  User.extension == OWNER))
        found = own_room(session, person(demo_company_id, owner.id), owner)
        found.pin = PIN
        return {"id": found.id, "number": found.number, "owner": owner.id,
                "company": demo_company_id}


@pytest.fixture(autouse=True)
def room_left_empty(room, freeswitch, fs_secrets, fs_sessions):
    """Whatever a test left in the room (it failed half-way, say) is hung up after it, so
    the next test starts with the room empty rather than failing on the leftovers."""
    yield
    from .journey_tools import esl_api

    esl_api(freeswitch.esl_port, fs_secrets.esl, f"conference vaxel-room-{room['id']} hup all")
    wait_until(lambda: not participants(fs_sessions, room["id"]), 15, "the room empty")


@pytest.fixture
def events(freeswitch, fs_secrets):
    watch = EslEvents(freeswitch.esl_port, fs_secrets.esl,
                      "CHANNEL_EXECUTE CHANNEL_EXECUTE_COMPLETE CHANNEL_HANGUP_COMPLETE "
                      "CUSTOM conference::maintenance")
    yield watch
    watch.close()


def dial_room(sipp_dir, test_company, user: str, number: str, media: RtpPhone):
    return start_sipp(sipp_dir, "vm_call.xml", INTERNAL, "-s", number, "-key", "caller", user,
                      "-key", "domain", DOMAIN, "-key", "rtp_port", str(media.port),
                      "-au", user, "-ap", test_company.passwords[user],
                      "-recv_timeout", "90000", timeout_s=120, name=f"room-{user}")


def key_pin(events: EslEvents, media: RtpPhone, pin: str, uuid: str | None = None) -> str:
    """Wait for the PIN prompt and, as a person would, key the PIN and the hash key once it
    is heard (keys sent before the switch has the phone's first packet can be lost: a
    timing, not what is tested); the switch must have collected exactly them. The call's
    uuid."""
    since = time.monotonic()
    asked = events.wait_for(executing("play_and_get_digits", "conference PIN", uuid), 20,
                            "the room asks for its PIN")
    wait_until(lambda: media.heard(since).has_sound(), 10, "the PIN prompt heard")
    media.press(pin + "#")
    collected = events.wait_for(
        lambda e: e.get("Event-Name") == "CHANNEL_EXECUTE_COMPLETE"
        and e.get("Application") == "play_and_get_digits"
        and e.get("Unique-ID") == asked["Unique-ID"], 20, "the PIN collected")
    assert collected.get(f"variable_{DIGITS_VARIABLE}") == pin, collected
    return asked["Unique-ID"]


def participants(fs_sessions, room_id: int) -> dict[str, tuple[int, bool]]:
    from vaxel.conference.models import ConferenceParticipant

    with fs_sessions() as session:
        rows = session.scalars(select(ConferenceParticipant)
                               .where(ConferenceParticipant.room_id == room_id)).all()
        return {r.caller_number: (r.member_id, r.muted) for r in rows}


def command(fs_sessions, room, action, member_id=None) -> dict:
    """The owner's command through the domain, as the app sends it; waits for its result."""
    from vaxel.conference.models import ConferenceCommand, RoomAction, RoomCommandStatus
    from vaxel.conference.services import request_command

    with fs_sessions.begin() as session:
        command_id = request_command(session, person(room["company"], room["owner"]),
                                     room["id"], RoomAction(action), member_id).id

    def finished():
        with fs_sessions() as session:
            row = session.get(ConferenceCommand, command_id)
            return row if row.status is not RoomCommandStatus.PENDING else None
    row = wait_until(finished, 10, f"the controller carried out {action}")
    assert row.status is RoomCommandStatus.DONE, row.result
    return row.result


def hears(listener: RtpPhone, speaker: RtpPhone) -> bool:
    since = time.monotonic()
    speaker.say(speech())
    try:
        wait_until(lambda: listener.heard(since).has_sound(), HEAR_TIMEOUT, "speech heard")
    except AssertionError:
        return False
    finally:
        time.sleep(0.1)
    return True


def test_two_phones_meet_in_the_room_and_the_owner_commands_it(
        freeswitch, fs_secrets, test_company, journey_controller, fs_sessions, fs_env, room, events,
        tmp_path):
    from vaxel.recordings.models import CallRecording

    with RtpPhone() as alex, RtpPhone() as guest:
        alex_call = dial_room(tmp_path, test_company, OWNER, room["number"], alex)
        key_pin(events, alex, PIN)
        events.wait_for(maintenance("add-member", OWNER), 20, "Alex joined")
        guest_call = dial_room(tmp_path, test_company, GUEST, room["number"], guest)
        key_pin(events, guest, PIN)
        events.wait_for(maintenance("add-member", GUEST), 20, "the guest joined")
        people = wait_until(lambda: len(participants(fs_sessions, room["id"])) == 2
                            and participants(fs_sessions, room["id"]), 10,
                            "both participants listed in PostgreSQL")
        # The controller's reconciliation reads the room from the switch's own list.
        from vaxel.conference.rules import live_rooms
        from .journey_tools import esl_api
        assert room["id"] in live_rooms(esl_api(freeswitch.esl_port, fs_secrets.esl,
                                                "conference list"))
        time.sleep(1.5)  # the entry tones are over

        assert hears(guest, alex), "the guest does not hear Alex"
        assert hears(alex, guest), "Alex does not hear the guest"

        guest_member = people[GUEST][0]
        command(fs_sessions, room, "mute", guest_member)
        wait_until(lambda: participants(fs_sessions, room["id"])[GUEST][1], 10,
                   "the guest shown muted")
        assert not hears(alex, guest), "a muted guest is still heard"
        command(fs_sessions, room, "unmute", guest_member)
        assert hears(alex, guest), "the guest is not heard after unmuting"

        command(fs_sessions, room, "lock")
        wait_until(lambda: _room_row(fs_sessions, room["id"]).locked, 10, "the room locked")

        result = command(fs_sessions, room, "record")
        alex.say(speech())
        time.sleep(3)
        command(fs_sessions, room, "stop_recording")
        with fs_sessions() as session:
            recording = session.get(CallRecording, result["recording_id"])
            assert recording.user_id == room["owner"] and recording.direction == "conference"
            assert recording.duration_seconds is not None
            path = freeswitch_store(fs_env) / recording.file_path
        wait_until(lambda: (finished_wav_level(path) or Level(0, 0, 0)).has_sound(), 10,
                   "the room's recording has the speech in it")

        command(fs_sessions, room, "remove", guest_member)
        assert guest_call.wait(15) == 0, guest_call.explain()
        assert guest_call.received("BYE "), "the removed guest's phone got no BYE"
        wait_until(lambda: set(participants(fs_sessions, room["id"])) == {OWNER}, 10,
                   "the guest gone from the list")

        command(fs_sessions, room, "remove", participants(fs_sessions, room["id"])[OWNER][0])
        assert alex_call.wait(15) == 0, alex_call.explain()
    wait_until(lambda: not participants(fs_sessions, room["id"])
               and not _room_row(fs_sessions, room["id"]).locked, 10,
               "the room empty and unlocked when the conference ends")


def _room_row(fs_sessions, room_id):
    from vaxel.conference.models import ConferenceRoom

    with fs_sessions() as session:
        return session.get(ConferenceRoom, room_id)


def freeswitch_store(fs_env):
    from pathlib import Path

    return Path(fs_env["VAXEL_DATA_DIR"]) / "recordings"


def test_a_wrong_pin_is_refused_and_the_call_ends(
        freeswitch, test_company, journey_controller, fs_sessions, room, events, tmp_path):
    from vaxel.conference.rules import PIN_ATTEMPTS

    with RtpPhone() as media:
        call = dial_room(tmp_path, test_company, GUEST, room["number"], media)
        uuid = key_pin(events, media, "999999")
        for _ in range(PIN_ATTEMPTS - 1):
            key_pin(events, media, "999999", uuid)
        ended = events.wait_for(lambda e: e.get("Event-Name") == "CHANNEL_HANGUP_COMPLETE"
                                and e.get("Unique-ID") == uuid, 40, "the call ended")
        assert call.wait(15) == 0, call.explain()
    assert call.received("BYE "), "the phone got no BYE"
    assert ended.get("variable_hangup_cause") == "CALL_REJECTED"
    assert not any(e.get("Event-Subclass") == "conference::maintenance"
                   and e.get("Action") == "add-member" for e in events.seen)
    assert GUEST not in participants(fs_sessions, room["id"])


def test_a_member_put_in_without_the_pin_is_hung_up(
        freeswitch, fs_secrets, test_company, journey_controller, fs_sessions, room, events,
        tmp_path):
    """An originate naming the room (as a dialplan snippet or a stray API call could) puts a
    phone in without the controller's PIN check: the controller hangs it up at once."""
    from .cmd_phones import answering_phone
    from .journey_tools import esl_api

    phone = answering_phone(tmp_path, GUEST, test_company.passwords[GUEST])
    try:
        esl_api(freeswitch.esl_port, fs_secrets.esl,
                f"bgapi originate {{origination_caller_id_number=7777}}user/{GUEST}@{DOMAIN} "
                f"&conference(vaxel-room-{room['id']}@vaxel)")
        added = events.wait_for(
            lambda e: e.get("Event-Subclass") == "conference::maintenance"
            and e.get("Action") == "add-member"
            and e.get("Conference-Name") == f"vaxel-room-{room['id']}", 20,
            "the switch added the member")
        phone.wait_for("BYE", timeout=15)
        events.wait_for(lambda e: e.get("Event-Name") == "CHANNEL_HANGUP_COMPLETE"
                        and e.get("Unique-ID") == added["Unique-ID"], 15, "its call ended")
    finally:
        phone.close()
    time.sleep(1)  # the controller's batched writes
    assert participants(fs_sessions, room["id"]) == {}


def test_an_invitation_reaches_the_guests_mailbox_with_its_calendar_entry(
        journey_controller, smtp_inbox, fs_sessions, room):
    """Queued by the owner, sent by the running controller's outbox over real SMTP."""
    import datetime as dt

    from icalendar import Calendar

    from vaxel.conference.invites import invite

    start = dt.datetime(2030, 6, 1, 8, tzinfo=dt.timezone.utc)
    with fs_sessions.begin() as session:
        invite(session, person(room["company"], room["owner"]), room["id"],
               emails=["guest@invited.example"], phones=[], start=start, minutes=45,
               now=dt.datetime.now(dt.timezone.utc))
    mail = wait_until(lambda: next((m for m in smtp_inbox[1].messages
                                    if m["To"] == "guest@invited.example"), None),
                      30, "the invitation mailed by the controller")
    calendars = [p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    event = Calendar.from_ical(calendars[0].get_content()).walk("VEVENT")[0]
    assert event["dtstart"].dt == start and PIN in str(event["description"])
    assert room["number"] in mail.get_body(("plain",)).get_content()
