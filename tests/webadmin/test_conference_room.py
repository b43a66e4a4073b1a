"""The app's room panel on the server: my room (made on first use), the owner's commands
queued for the controller, removal and a new PIN asked first, admins may command any room
of their company, a colleague may not, another company's room is not found; refusals in
JSON, in Swedish for a Swedish browser, with nothing queued."""
from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from vaxel.conference.models import ConferenceCommand, ConferenceRoom, RoomAction
from vaxel.conference.rules import RoomChange
from vaxel.conference.services import apply_change, own_room
from vaxel.mail.models import OutboxMail
from vaxel.models import User
from vaxel.sms.models import OutboxSms
from tests.actors import SYSTEM


@pytest.fixture
def rooms(db, world):
    """Alpha's user's room with one participant in it, and Beta's user's room."""
    mine = own_room(db, SYSTEM, db.get(User, world.a.user))
    theirs = own_room(db, SYSTEM, db.get(User, world.b.user))
    apply_change(db, RoomChange(mine.id, "join", 7, "uuid-7", "+46701234567", "Guest"))
    db.flush()
    return mine, theirs


@pytest.fixture
def configured(app):
    settings = app.config["VAXEL_SETTINGS"]
    app.config["VAXEL_SETTINGS"] = dataclasses.replace(
        settings, sms_gateway_url="https://sms.example/send")
    return app


def commands(db) -> list[tuple[str, int | None]]:
    return [(c.action.value, c.member_id)
            for c in db.scalars(select(ConferenceCommand).order_by(ConferenceCommand.id))]


def test_my_room_shows_its_number_pin_and_who_is_in_it(portal, world, rooms):
    portal.login(world.a.user_email)
    room = portal.get("/app/room.json").get_json()
    mine = rooms[0]
    assert (room["id"], room["number"], room["pin"]) == (mine.id, mine.number, mine.pin)
    assert room["participants"] == [{"member_id": 7, "number": "+46701234567", "name": "Guest",
                                     "muted": False, "joined_at": room["participants"][0]["joined_at"]}]
    page = portal.get("/app/").text
    assert 'id="room"' in page and "room.js" in page


def test_the_owner_mutes_locks_and_records(portal, world, rooms, db):
    portal.login(world.a.user_email)
    room_id = rooms[0].id
    for action, member in (("mute", "7"), ("lock", ""), ("record", "")):
        reply = portal.post(f"/app/room/{room_id}/{action}", {"member_id": member})
        assert reply.status_code == 200, reply.text
    assert commands(db) == [("mute", 7), ("lock", None), ("record", None)]


def test_removing_someone_asks_first(portal, world, rooms, db):
    portal.login(world.a.user_email)
    url = f"/app/room/{rooms[0].id}/remove"
    asked = portal.post(url, {"member_id": "7"})
    assert asked.status_code == 409 and asked.get_json()["confirm"]
    assert commands(db) == []
    assert portal.post(url, {"member_id": "7", "confirmed": "yes"}).status_code == 200
    assert commands(db) == [(RoomAction.REMOVE.value, 7)]


def test_a_new_pin_asks_first_then_replaces_the_old(portal, world, rooms, db):
    portal.login(world.a.user_email)
    old = rooms[0].pin
    url = f"/app/room/{rooms[0].id}/pin"
    assert portal.post(url).status_code == 409
    assert db.get(ConferenceRoom, rooms[0].id).pin == old
    new = portal.post(url, {"confirmed": "yes"}).get_json()["pin"]
    db.expire_all()
    assert new != old and db.get(ConferenceRoom, rooms[0].id).pin == new


def test_a_colleague_may_not_command_my_room_but_an_admin_may(portal, world, rooms, db):
    from vaxel.people.services import create_user
    from vaxel.accounts.services import create_user_account
    from vaxel.tenancy.models import Company
    from .conftest import PASSWORD

    colleague = create_user(db, SYSTEM, db.get(Company, world.a.company), "Cam", "1005")
    create_user_account(db, colleague, "cam@alpha.example", PASSWORD)
    db.flush()
    portal.login("cam@alpha.example")
    assert portal.post(f"/app/room/{rooms[0].id}/lock").status_code == 403
    assert portal.post(f"/app/room/{rooms[0].id}/pin", {"confirmed": "yes"}).status_code == 403
    assert commands(db) == []
    portal.post("/logout")
    portal.login(world.a.admin_email)
    assert portal.post(f"/app/room/{rooms[0].id}/lock").status_code == 200


def test_another_companys_room_is_not_found(portal, world, rooms, db):
    portal.login(world.a.admin_email)  # even an admin, of the other company
    theirs = rooms[1].id
    for action in ("lock", "pin", "invite"):
        assert portal.post(f"/app/room/{theirs}/{action}", {"confirmed": "yes"}).status_code == 404
    assert commands(db) == []


def test_invitations_are_queued_and_a_refusal_says_why_in_swedish(portal, world, rooms, db,
                                                                 configured):
    portal.login(world.a.user_email)
    url = f"/app/room/{rooms[0].id}/invite"
    sent = portal.post(url, {"emails": "anna@example.com", "phones": "0701234567",
                             "start": "2030-06-01T10:00", "minutes": "30"})
    assert sent.status_code == 200 and sent.get_json() == {"emails": 1, "phones": 1}
    assert db.scalars(select(OutboxMail)).one().attachment_type == "text/calendar"
    assert db.scalars(select(OutboxSms)).one().to_number == "+46701234567"
    refused = portal.post(url, {"emails": "nobody", "start": "2030-06-01T10:00",
                                "minutes": "30"}, headers={"Accept-Language": "sv"})
    assert refused.status_code == 422
    assert refused.get_json()["error"] == "Inte en e-postadress: nobody"
    assert len(db.scalars(select(OutboxMail)).all()) == 1
