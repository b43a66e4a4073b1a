"""An IVR menu's keys to every kind of destination, on the real FreeSWITCH: a carrier's
caller dials the company number of a menu made for these journeys, hears the menu, presses
keys (RFC 2833), and lands where the key leads — a colleague's phone (with audio both ways),
the sales queue, voicemail (a message with sound in it), a sub-menu, an outside number (the
carrier gets the INVITE); the menu again on request, after a wrong key, and on silence its
default. Every call leaves exactly one call-log row."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import delete, select

from tests.actors import SYSTEM
from vaxel.calls.events import CallDirection, CallResult

from .calllog import wait_for_row
from .phones import CALLER, registered_phone, trunk_call
from .rtp import wav_rms
from .waiting import wait_until

pytestmark = pytest.mark.freeswitch
OUTSIDE = "+46701112233"
MENU_TEXT, SUB_TEXT = "Journey menu.", "Journey sub menu."


@dataclass(frozen=True)
class JourneyMenu:
    number: str
    service_id: int
    sales_id: int
    person_user_id: int


def _build(company_id: int):
    from vaxel.models import ServiceKind, SwitchboardService, User
    from vaxel.actor import Actor
    from vaxel.numbers.services import add_number
    from vaxel.switchboard.ivr.services import create_menu, set_option
    from vaxel.switchboard.services import create_service
    from vaxel.tenancy.models import Company

    def build(session) -> JourneyMenu:
        company = session.get(Company, company_id)
        sales = session.scalar(select(SwitchboardService.id).where(
            SwitchboardService.company_id == company_id, SwitchboardService.name == "Sales"))
        service = create_service(session, SYSTEM, company, ServiceKind.IVR, "Journeys",
                                 extension="4690")
        sub = create_menu(session, Actor.system(), service, "Sub", greeting_text=SUB_TEXT,
                          timeout_seconds=2, max_retries=0, default_destination="hangup")
        set_option(session, Actor.system(), sub, "1", "message:sub_choice")
        menu = create_menu(session, Actor.system(), service, "Journeys", entry=True,
                           greeting_text=MENU_TEXT, timeout_seconds=2, max_retries=1,
                           default_destination="message:menu_default")
        for digit, destination in (("1", "user:1000"), ("2", f"service:{sales}"),
                                   ("3", "voicemail:1000"), ("4", f"menu:{sub.id}"),
                                   ("5", f"external:{OUTSIDE}"), ("6", "conference:dial-in"),
                                   ("9", "repeat")):
            set_option(session, Actor.system(), menu, digit, destination)
        number = add_number(session, Actor.system(), company, "+46 8 123 456 90", service=service)
        person = session.scalar(select(User.id).where(User.company_id == company_id,
                                                      User.extension == "1000"))
        return JourneyMenu(number.e164, service.id, sales, person)
    return build


@pytest.fixture(scope="module")
def journey_menu(demo_rows, carrier, call_controller) -> JourneyMenu:
    from vaxel.models import SwitchboardService
    from vaxel.numbers.models import PhoneNumber

    def remove(session) -> None:
        session.execute(delete(PhoneNumber).where(PhoneNumber.e164 == "+46812345690"))
        session.execute(delete(SwitchboardService).where(
            SwitchboardService.company_id == demo_rows.company_id,
            SwitchboardService.name == "Journeys"))
    return demo_rows.change(_build(demo_rows.company_id), remove)


def logged(fs_database_url, call, result: CallResult):
    """The call's one call-log row: an incoming call from the carrier's caller."""
    row = call.log_row(fs_database_url)
    assert (row.direction, row.other_number, row.result) == (CallDirection.INCOMING, CALLER, result)
    return row


def test_key_to_a_person_rings_their_phone_and_audio_flows_both_ways(
        journey_menu, switch_watch, fs_database_url, sipp_dir, test_company, call_controller):
    with registered_phone(sipp_dir, "1000", test_company.passwords["1000"]) as phone:
        with trunk_call(sipp_dir, switch_watch, journey_menu.number) as call:
            call.menu(MENU_TEXT)
            call.press("1")
            call.legs.bridged(timeout=15)
            call.hears_sound()
            phone.wait_for_request("INVITE", 10)
        assert call.finish() == 0
        ends = [e for e in call.legs.events() if e.get("Event-Name") == "CHANNEL_HANGUP_COMPLETE"]
    a_leg = next(e for e in ends if e["Unique-ID"] == call.legs.uuid)
    b_leg = next(e for e in ends if e["Unique-ID"] != call.legs.uuid)
    # The caller's keys and sound reached the switch, and the switch sent sound to the phone.
    assert int(a_leg.get("variable_rtp_audio_in_dtmf_packet_count") or 0) > 0, a_leg
    assert int(a_leg.get("variable_rtp_audio_in_media_packet_count") or 0) > 25, a_leg
    assert int(b_leg.get("variable_rtp_audio_out_media_packet_count") or 0) > 25, b_leg
    logged(fs_database_url, call, CallResult.ANSWERED)


def test_key_to_the_queue_puts_the_caller_in_it(journey_menu, switch_watch, fs_database_url,
                                                  sipp_dir):
    from vaxel.queues.models import EntryState, QueueEntry

    def entry(session):  # a queue's id is its service's
        return session.scalar(select(QueueEntry).where(
            QueueEntry.call_uuid == call.legs.uuid, QueueEntry.queue_id == journey_menu.sales_id)
            .execution_options(populate_existing=True))
    with trunk_call(sipp_dir, switch_watch, journey_menu.number) as call:
        call.menu(MENU_TEXT)
        call.press("2")
        waiting = wait_for_row(fs_database_url, entry, 15, "queue entry for the call")
        assert waiting.state is EntryState.WAITING and waiting.caller_number == CALLER
        assert call.finish() == 0
    wait_for_row(fs_database_url, lambda s: entry(s).state is not EntryState.WAITING, 15,
               "the queue entry of a caller who left to stop waiting")
    logged(fs_database_url, call, CallResult.ANSWERED)


def test_key_to_voicemail_records_the_callers_message(journey_menu, switch_watch,
                                                      fs_database_url, sipp_dir, call_controller):
    from vaxel.voicemail.models import Message, MessageState

    with trunk_call(sipp_dir, switch_watch, journey_menu.number) as call:
        call.menu(MENU_TEXT)
        call.press("3")
        call.menu("leave a message")
        call.press("1")
        call.legs.executed("record", timeout=15)
        message = wait_for_row(fs_database_url, lambda s: s.scalar(
            select(Message).where(Message.call_uuid == call.legs.uuid)), 10, "message row")
        path = call_controller.voicemail_dir / message.file_path
        # Three seconds of the caller talking (16-bit 8 kHz), then the caller hangs up.
        wait_until(lambda: path.exists() and path.stat().st_size > 3 * 16000, 15,
                   f"a growing recording at {path}")
        assert call.finish() == 0
    saved = wait_for_row(fs_database_url, lambda s: s.scalar(
        select(Message).where(Message.call_uuid == call.legs.uuid, Message.state == MessageState.NEW)
        .execution_options(populate_existing=True)), 15, "a saved message")
    assert saved.caller_number == CALLER and saved.duration_ms >= 2000, saved.duration_ms
    assert wav_rms(call_controller.voicemail_dir / saved.file_path) > 300
    logged(fs_database_url, call, CallResult.VOICEMAIL)


def test_key_to_a_sub_menu_plays_it_and_its_keys_work(journey_menu, switch_watch,
                                                      fs_database_url, sipp_dir):
    with trunk_call(sipp_dir, switch_watch, journey_menu.number) as call:
        call.menu(MENU_TEXT)
        call.press("4")
        call.menu(SUB_TEXT)
        call.press("1")
        call.legs.executed("playback", 15, "sub choice")
        call.legs.hung_up(15)  # the message ends the call
        assert call.finish() == 0
    logged(fs_database_url, call, CallResult.ANSWERED)


def test_key_to_an_outside_number_reaches_the_carrier_with_that_number(
        journey_menu, switch_watch, fs_database_url, sipp_dir, carrier):
    earlier = carrier.calls_so_far()
    with trunk_call(sipp_dir, switch_watch, journey_menu.number) as call:
        call.menu(MENU_TEXT)
        call.press("5")
        assert carrier.dialled(15, skip=earlier) == OUTSIDE
        call.legs.bridged(15)
        call.hears_sound()  # the carrier's far end talks to the caller
        assert call.finish() == 0
    logged(fs_database_url, call, CallResult.ANSWERED)


def test_repeat_key_plays_the_menu_again(journey_menu, switch_watch, fs_database_url, sipp_dir):
    with trunk_call(sipp_dir, switch_watch, journey_menu.number) as call:
        first = call.menu(MENU_TEXT)
        call.press("9")
        again = call.menu(MENU_TEXT, after=first)
        between = call.legs.between(first, again)
        assert not [e for e in between if e.get("Application") == "playback"], between
        call.press("4")
        call.menu(SUB_TEXT, after=again)
        assert call.finish() == 0
    logged(fs_database_url, call, CallResult.ANSWERED)


def test_wrong_key_says_so_and_plays_the_menu_again(journey_menu, switch_watch, fs_database_url,
                                                    sipp_dir):
    with trunk_call(sipp_dir, switch_watch, journey_menu.number) as call:
        first = call.menu(MENU_TEXT)
        call.press("7")
        said = call.legs.executed("playback", 15, "That is not a valid choice", after=first)
        again = call.menu(MENU_TEXT, after=said)
        call.press("4")
        call.menu(SUB_TEXT, after=again)
        assert call.finish() == 0
    logged(fs_database_url, call, CallResult.ANSWERED)


def test_silence_replays_the_menu_then_takes_its_default(journey_menu, switch_watch,
                                                         fs_database_url, sipp_dir):
    with trunk_call(sipp_dir, switch_watch, journey_menu.number) as call:
        first = call.menu(MENU_TEXT)
        said = call.legs.executed("playback", 15, "We did not hear your choice", after=first)
        again = call.menu(MENU_TEXT, after=said)
        call.legs.executed("playback", 15, "menu default", after=again)
        call.legs.hung_up(15)
        assert call.finish() == 0
    logged(fs_database_url, call, CallResult.ANSWERED)


def test_a_closed_switchboard_sends_the_call_to_its_closed_destination(
        journey_menu, switch_watch, fs_database_url, sipp_dir, demo_rows):
    from vaxel.actor import Actor
    from vaxel.base import utcnow
    from vaxel.models import SwitchboardService
    from vaxel.schedules.models import OpeningSchedule
    from vaxel.schedules.services import create_schedule, set_override
    from vaxel.tenancy.models import Company

    def close(session) -> None:
        service = session.get(SwitchboardService, journey_menu.service_id)
        schedule = create_schedule(session, session.get(Company, demo_rows.company_id),
                                   service=service, closed_destination="message:closed")
        set_override(session, Actor.system(), schedule, False, now=utcnow())

    def reopen(session) -> None:
        session.execute(delete(OpeningSchedule).where(
            OpeningSchedule.service_id == journey_menu.service_id))
    with demo_rows.temporarily(close, reopen):
        with trunk_call(sipp_dir, switch_watch, journey_menu.number) as call:
            call.legs.executed("playback", 15, "We are closed right now")
            call.legs.hung_up(15)
            assert call.finish() == 0
            menus = [e for e in call.legs.events() if e.get("Application") == "play_and_get_digits"]
            assert not menus, "a closed switchboard played its menu"
    logged(fs_database_url, call, CallResult.ANSWERED)


def test_key_to_the_meeting_rooms_dial_in_asks_for_the_room_and_its_pin_and_joins(
        journey_menu, switch_watch, fs_database_url, sipp_dir, demo_rows, call_controller):
    """Someone outside the company keys the room's number and PIN and is in Alex's room:
    listed among its participants in PostgreSQL under the carrier's caller number."""
    from tests.actors import person
    from vaxel.conference.models import ConferenceParticipant
    from vaxel.conference.services import own_room
    from vaxel.people.models import User

    from .calllog import read

    def alexs_room(session):
        alex = session.get(User, journey_menu.person_user_id)
        room = own_room(session, person(demo_rows.company_id, alex.id), alex)
        room.pin = "246810"
        return room.id, room.number

    room_id, room_number = demo_rows.change(alexs_room, lambda session: None)

    def in_the_room():
        return read(fs_database_url, lambda session: session.scalars(
            select(ConferenceParticipant.caller_number).where(
                ConferenceParticipant.room_id == room_id)).all())

    with trunk_call(sipp_dir, switch_watch, journey_menu.number) as call:
        call.menu(MENU_TEXT)
        call.press("6")
        call.menu("meeting room number")
        call.press(room_number + "#")
        call.menu("conference PIN")
        call.press("246810#")
        wait_until(lambda: CALLER in in_the_room(), 15, "the caller listed in the room")
    wait_until(lambda: CALLER not in in_the_room(), 15, "the caller gone from the room")
