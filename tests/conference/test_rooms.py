"""Rooms against PostgreSQL: made on first use, the owner's and admins' only (another
company's is not found), PIN reset audited without the PIN, commands queued for the
controller, participants kept from the switch's events, invitations queued durably."""
from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar
from sqlalchemy import select

from tests.actors import SYSTEM, person
from vaxel.audit.models import AuditEntry
from vaxel.conference import services as rooms
from vaxel.conference.invites import invite
from vaxel.conference.models import ConferenceParticipant, RoomAction, RoomCommandStatus
from vaxel.conference.rules import RoomChange
from vaxel.errors import Forbidden, InvalidInput, NotFound
from vaxel.mail.models import OutboxMail
from vaxel.models import Plan, Role
from vaxel.people.services import create_user
from vaxel.sms.models import OutboxSms
from vaxel.tenancy.services import create_company

NOW = dt.datetime(2030, 3, 4, 8, tzinfo=dt.timezone.utc)


@pytest.fixture
def world(db):
    a = create_company(db, SYSTEM, "Alpha", "alpha.example", plan=Plan.ENTERPRISE)
    b = create_company(db, SYSTEM, "Beta", "beta.example", plan=Plan.ENTERPRISE)
    owner = create_user(db, SYSTEM, a, "Alex Owner", "1001", email="alex@alpha.example")
    colleague = create_user(db, SYSTEM, a, "Cam Colleague", "1002")
    admin = create_user(db, SYSTEM, a, "Ada Admin", "1000", role=Role.ADMIN)
    stranger = create_user(db, SYSTEM, b, "Sam Stranger", "1001")
    db.flush()
    return {"a": a, "b": b, "owner": owner, "colleague": colleague, "admin": admin,
            "stranger": stranger, "room": rooms.own_room(db, person(a.id, owner.id), owner)}


def test_a_room_is_made_once_with_a_number_and_a_pin(db, world):
    room = world["room"]
    assert room.number == "81001" and len(room.pin) == 6
    assert rooms.own_room(db, person(world["a"].id, world["owner"].id), world["owner"]) is room
    other = rooms.own_room(db, SYSTEM, world["stranger"])
    assert other.number == "81001" and other.company_id == world["b"].id


def test_only_the_owner_or_an_admin_controls_a_room(db, world):
    a, room = world["a"], world["room"]
    with pytest.raises(Forbidden):
        rooms.get_room(db, person(a.id, world["colleague"].id), room.id)
    with pytest.raises(Forbidden):
        rooms.own_room(db, person(a.id, world["colleague"].id), world["owner"])
    assert rooms.get_room(db, person(a.id, world["admin"].id, is_admin=True), room.id) is room
    with pytest.raises(NotFound):  # another company's room, even for its admin
        rooms.get_room(db, person(world["b"].id, world["stranger"].id, is_admin=True), room.id)


def test_a_pin_reset_is_audited_without_the_pin(db, world):
    room, owner = world["room"], world["owner"]
    old = room.pin
    rooms.reset_pin(db, person(world["a"].id, owner.id), room.id)
    assert room.pin != old and len(room.pin) == 6
    entry = db.scalars(select(AuditEntry).where(
        AuditEntry.action == "conference_room.reset_pin")).one()
    assert room.pin not in str(entry.before) + str(entry.after) and old not in str(entry.after)


def test_member_commands_need_a_member_in_the_room(db, world):
    actor = person(world["a"].id, world["owner"].id)
    room = world["room"]
    with pytest.raises(NotFound):
        rooms.request_command(db, actor, room.id, RoomAction.MUTE, 4)
    rooms.apply_change(db, RoomChange(room.id, "join", 4, "uuid-4", "1002", "Cam"))
    command = rooms.request_command(db, actor, room.id, RoomAction.MUTE, 4)
    assert command.status is RoomCommandStatus.PENDING and command.member_id == 4
    lock = rooms.request_command(db, actor, room.id, RoomAction.LOCK, 4)
    assert lock.member_id is None
    assert [c.id for c in rooms.claim_commands(db)] == [command.id, lock.id]


def test_participants_follow_the_switchs_events(db, world):
    room, actor = world["room"], person(world["a"].id, world["owner"].id)
    rooms.apply_change(db, RoomChange(room.id, "join", 1, "u1", "1001", "Alex"))
    rooms.apply_change(db, RoomChange(room.id, "join", 2, "u2", "1002", "Cam"))
    rooms.apply_change(db, RoomChange(room.id, "mute", 2))
    rooms.apply_change(db, RoomChange(room.id, "lock"))
    people = rooms.participants(db, actor, room.id)
    assert [(p.member_id, p.muted) for p in people] == [(1, False), (2, True)]
    assert room.locked
    rooms.apply_change(db, RoomChange(room.id, "leave", 1))
    assert [p.member_id for p in rooms.participants(db, actor, room.id)] == [2]
    rooms.apply_change(db, RoomChange(room.id, "end"))
    assert rooms.participants(db, actor, room.id) == [] and not room.locked
    rooms.apply_change(db, RoomChange(room.id, "join", 3))
    assert rooms.forget_rooms(db, set()) == 1
    assert db.scalars(select(ConferenceParticipant)).all() == []


def test_invitations_go_by_mail_with_a_calendar_entry_and_by_sms(db, world, tmp_path):
    room = world["room"]
    sent = invite(db, person(world["a"].id, world["owner"].id), room.id,
                  emails=["b@y.example", "c@z.example"], phones=["070-123 45 67"],
                  start=NOW, minutes=30, now=NOW)
    assert sent == {"emails": 2, "phones": 1}
    mail = db.scalars(select(OutboxMail)).one()
    assert mail.to_addrs == "b@y.example,c@z.example" and mail.attachment_type == "text/calendar"
    assert mail.attachment_path is None  # carried in the row: no file shared between services
    event = Calendar.from_ical(mail.attachment_data).walk("VEVENT")[0]
    assert room.pin in str(event["description"]) and room.number in str(event["location"])
    sms = db.scalars(select(OutboxSms)).one()
    assert sms.to_number == "+46701234567" and room.pin in sms.body and room.number in sms.body
    assert "09:00" in sms.body  # the company's time (Stockholm), not UTC


@pytest.mark.parametrize("emails, phones, why", [
    ([], [], "at least one"),
    (["not-an-address"], [], "Not an e-mail address"),
    (["ok@x.example"], ["12"], "Not a phone number"),
])
def test_a_bad_guest_refuses_the_whole_invitation(db, world, tmp_path, emails, phones, why):
    with pytest.raises(InvalidInput, match=why):
        invite(db, person(world["a"].id, world["owner"].id), world["room"].id, emails=emails,
               phones=phones, start=NOW, minutes=30, now=NOW)
    assert db.scalars(select(OutboxMail)).all() == [] and db.scalars(select(OutboxSms)).all() == []


def test_no_text_messages_without_a_gateway(db, world, tmp_path):
    with pytest.raises(InvalidInput, match="not set up"):
        invite(db, person(world["a"].id, world["owner"].id), world["room"].id, emails=[],
               phones=["0701234567"], start=NOW, minutes=30, now=NOW,
               sms_enabled=False)


def test_guessing_over_many_calls_closes_the_room_until_a_new_pin(db, world):
    from vaxel.conference.rules import MAX_PIN_FAILURES

    room, company = world["room"], world["a"].id
    for _ in range(MAX_PIN_FAILURES):
        assert not rooms.room_pin_ok(db, company, room.id, "000000", NOW)
    assert not rooms.room_pin_ok(db, company, room.id, room.pin, NOW)  # blocked
    assert not rooms.room_pin_ok(db, world["b"].id, room.id, room.pin, NOW)  # not theirs
    rooms.reset_pin(db, person(company, world["owner"].id), room.id)
    assert rooms.room_pin_ok(db, company, room.id, room.pin, NOW)


def test_the_invitation_mail_carries_the_calendar_entry(db, world):
    from fs_control.features.mail.smtp import build_message

    invite(db, person(world["a"].id, world["owner"].id), world["room"].id,
           emails=["b@y.example"], phones=[], start=NOW, minutes=30, now=NOW)
    message = build_message(db.scalars(select(OutboxMail)).one(), "pbx@alpha.example")
    parts = [p for p in message.iter_attachments()]
    assert [(p.get_content_type(), p.get_filename()) for p in parts] == [
        ("text/calendar", "invitation.ics")]
    event = Calendar.from_ical(parts[0].get_content()).walk("VEVENT")[0]
    assert str(event["organizer"]) == "mailto:alex@alpha.example"
