"""Rooms' pure decisions: numbers, PINs, the switch's names, and what its events say."""
from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from vaxel.conference.flow import (ASK_PIN, ASK_ROOM, CheckRoomPin, FindRoom, JoinRoom,
                                   conference_flow)
from vaxel.conference.invites import invitation_ics
from vaxel.conference.rules import (DIAL_IN, PIN_ATTEMPTS, ROOM_ATTEMPTS, join_argument, new_pin, pin_matches,
                                    reply_ok, room_change, room_number, room_of)
from vaxel.callflow.commands import Answer, Collect, Hangup, Play
from vaxel.sms.gateway import verdict


def test_a_room_takes_its_owners_extension_behind_the_prefix_unless_taken():
    assert room_number("1001", {"1001"}) == "81001"
    assert room_number("1001", {"81001"}) == "8000"
    assert room_number("1001", {"81001", "8000"}) == "8001"


def test_pins_are_six_digits_and_compared_whole():
    pin = new_pin()
    assert len(pin) == 6 and pin.isdigit()
    assert pin_matches("246810", "246810")
    assert not pin_matches("246810", "24681")
    assert not pin_matches("246810", "2468100")
    assert not pin_matches("246810", None) and not pin_matches("", "")


def test_only_our_rooms_names_are_read_back():
    assert join_argument(7) == "vaxel-room-7@vaxel"
    assert room_of("vaxel-room-7") == 7
    assert room_of("vaxel-room-7 x") is None and room_of("other") is None


def maintenance(**headers):
    return {"Event-Subclass": "conference::maintenance", "Conference-Name": "vaxel-room-3",
            **headers}


def test_maintenance_events_become_room_changes():
    joined = room_change(maintenance(Action="add-member", **{
        "Member-ID": "5", "Unique-ID": "u1", "Caller-Caller-ID-Number": "1000",
        "Caller-Caller-ID-Name": "Alex", "Speak": "true"}))
    assert (joined.room_id, joined.kind, joined.member_id, joined.muted) == (3, "join", 5, False)
    assert room_change(maintenance(Action="mute-member", **{"Member-ID": "5"})).kind == "mute"
    assert room_change(maintenance(Action="lock")).kind == "lock"
    assert room_change(maintenance(Action="start-talking", **{"Member-ID": "5"})) is None
    assert room_change({**maintenance(Action="lock"), "Conference-Name": "x"}) is None
    assert room_change({**maintenance(Action="lock"), "Event-Subclass": "sofia::register"}) is None


def test_the_switchs_replies_tell_success_from_failure():
    assert reply_ok("OK mute 5") and reply_ok("+OK Record file /x.wav")
    assert not reply_ok("Conference vaxel-room-3 not found")
    assert not reply_ok("Non-Existant ID 9") and not reply_ok("-ERR no") and not reply_ok("")


class Ctx:
    company_id = 4
    call_uuid = "c1"


def run(flow, answers):
    """Drive a flow; `answers` maps a command type to what the switch gives back."""
    seen, reply = [], None
    try:
        while True:
            command = flow.send(reply)
            seen.append(command)
            reply = answers(command)
    except StopIteration:
        return seen


def test_the_right_pin_joins_the_room():
    seen = run(conference_flow(Ctx(), None, "9"),
               lambda c: "1234" if isinstance(c, Collect) else
               (c.pin == "1234") if isinstance(c, CheckRoomPin) else None)
    assert isinstance(seen[0], Answer)
    assert CheckRoomPin(4, 9, "1234") in seen and JoinRoom(9) in seen


def test_a_wrong_pin_is_refused_after_the_last_try_and_the_call_ends():
    seen = run(conference_flow(Ctx(), None, "9"),
               lambda c: "0000" if isinstance(c, Collect) else
               False if isinstance(c, CheckRoomPin) else None)
    assert sum(isinstance(c, CheckRoomPin) for c in seen) == PIN_ATTEMPTS
    assert not any(isinstance(c, JoinRoom) for c in seen)
    assert isinstance(seen[-1], Hangup) and seen[-1].cause == "CALL_REJECTED"
    assert isinstance(seen[-2], Play)


def test_the_dial_in_asks_for_the_room_then_its_pin():
    keyed = iter(["123", "81001", "1234"])
    seen = run(conference_flow(Ctx(), None, DIAL_IN),
               lambda c: next(keyed) if isinstance(c, Collect) else
               (9 if c.number == "81001" else None) if isinstance(c, FindRoom) else
               (c.pin == "1234") if isinstance(c, CheckRoomPin) else None)
    assert [c.prompt for c in seen if isinstance(c, Collect)] == [ASK_ROOM, ASK_ROOM, ASK_PIN]
    assert FindRoom(4, "123") in seen and FindRoom(4, "81001") in seen
    assert CheckRoomPin(4, 9, "1234") in seen and JoinRoom(9) in seen


def test_the_dial_in_ends_the_call_when_no_room_has_the_keyed_number():
    seen = run(conference_flow(Ctx(), None, DIAL_IN),
               lambda c: "999" if isinstance(c, Collect) else None)
    assert sum(isinstance(c, FindRoom) for c in seen) == ROOM_ATTEMPTS
    assert not any(isinstance(c, (CheckRoomPin, JoinRoom)) for c in seen)
    assert isinstance(seen[-1], Hangup) and seen[-1].cause == "CALL_REJECTED"


def test_the_calendar_invitation_is_a_valid_rfc5545_request():
    start = dt.datetime(2030, 5, 6, 9, 30, tzinfo=dt.timezone.utc)
    ics = invitation_ics(uid="abc@vaxel", organizer_name="Alex", organizer_email="a@x.se",
                         guests=["b@y.se", "c@z.se"], summary="Conference call",
                         description="Dial 81001, PIN 123456", location="Tel. 81001",
                         start=start, minutes=45, now=start)
    calendar = Calendar.from_ical(ics)
    assert str(calendar["method"]) == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert event["dtend"].dt - event["dtstart"].dt == dt.timedelta(minutes=45)
    assert sorted(str(a) for a in event.get("attendee")) == ["mailto:b@y.se", "mailto:c@z.se"]
    assert "PIN 123456" in str(event["description"]) and str(event["uid"]) == "abc@vaxel"


def test_the_gateways_answers_decide_retry_or_give_up():
    assert verdict(200) == "sent" and verdict(202) == "sent"
    assert verdict(400) == "give_up" and verdict(401) == "give_up"
    assert verdict(429) == "retry" and verdict(503) == "retry" and verdict(302) == "retry"


def test_our_live_rooms_are_read_from_the_conference_list():
    from vaxel.conference.rules import live_rooms

    listing = ("+OK Conference vaxel-room-3 (2 members rate: 16000 flags: running)\n"
               "1;sofia/internal/1000@x;uuid;Alex;1000;hear|speak;0;0;100;0\n"
               "+OK Conference someone-else (1 member rate: 8000 flags: running)\n")
    assert live_rooms(listing) == {3}
    assert live_rooms("No active conferences.") == set() and live_rooms("") == set()


def test_too_many_wrong_pins_in_a_row_close_the_room_to_pins_for_a_while():
    from vaxel.conference.rules import MAX_PIN_FAILURES, PIN_BLOCK, pin_verdict

    now = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
    failures, blocked = 0, None
    for _ in range(MAX_PIN_FAILURES - 1):
        ok, failures, blocked = pin_verdict("246810", "000000", failures, blocked, now)
        assert not ok and blocked is None
    ok, failures, blocked = pin_verdict("246810", "000000", failures, blocked, now)
    assert not ok and blocked == now + PIN_BLOCK
    # While blocked, the right PIN is refused too (a guesser learns nothing).
    assert pin_verdict("246810", "246810", failures, blocked, now + PIN_BLOCK / 2)[0] is False
    assert pin_verdict("246810", "246810", failures, blocked, now + PIN_BLOCK) == (True, 0, None)
    # A right PIN starts the count again.
    assert pin_verdict("246810", "246810", 5, None, now) == (True, 0, None)
