"""Rooms for their owners and admins (with the Actor), and what the controller reads and
writes: the PIN check, participants from the switch's events, the owner's commands."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import audited, record
from ..errors import Forbidden, NotFound
from ..people.models import User
from ..switchboard.models import SwitchboardService
from ..tenancy.scoped import in_company
from .models import (ConferenceCommand, ConferenceParticipant, ConferenceRoom, RoomAction,
                     RoomCommandStatus)
from .rules import RoomChange, new_pin, pin_verdict, room_number

MEMBER_ACTIONS = frozenset({RoomAction.MUTE, RoomAction.UNMUTE, RoomAction.REMOVE})


def room_state(room: ConferenceRoom) -> dict[str, Any]:
    """What the audit log keeps of a room: never its PIN."""
    return {"user_id": room.user_id, "number": room.number, "locked": room.locked}


def own_room(session: Session, actor: Actor, user: User) -> ConferenceRoom:
    """The user's room, made on first use (a number and a random PIN)."""
    _check_controls(actor, user.company_id, user.id)
    room = session.scalar(select(ConferenceRoom).where(ConferenceRoom.user_id == user.id))
    if room is not None:
        return room
    room = ConferenceRoom(company_id=user.company_id, user_id=user.id, pin=new_pin(),
                          locked=False, number=room_number(user.extension,
                                                           _numbers_taken(session, user.company_id)))
    session.add(room)
    session.flush()
    record(session, actor, "conference_room.create", room, None, now=room_state(room))
    return room


def _numbers_taken(session: Session, company_id: int) -> set[str]:
    taken = set(session.scalars(select(User.extension).where(User.company_id == company_id)))
    taken |= set(session.scalars(select(SwitchboardService.extension).where(
        SwitchboardService.company_id == company_id, SwitchboardService.extension.is_not(None))))
    taken |= set(session.scalars(select(ConferenceRoom.number).where(
        ConferenceRoom.company_id == company_id)))
    return taken


def _check_controls(actor: Actor, company_id: int, owner_id: int) -> None:
    """Another company's room is not found; a colleague's is the owner's and admins' only."""
    actor.check_company(company_id, "conference room")
    if not actor.is_admin and actor.user_id != owner_id:
        raise Forbidden("Only the room's owner or an admin may do this.")


def get_room(session: Session, actor: Actor, room_id: int) -> ConferenceRoom:
    room = in_company(session, ConferenceRoom, actor.company_id, room_id,
                      "No such conference room in this company.")
    _check_controls(actor, room.company_id, room.user_id)
    return room


def reset_pin(session: Session, actor: Actor, room_id: int) -> ConferenceRoom:
    room = get_room(session, actor, room_id)
    room.pin = new_pin()
    # A new PIN is the owner's answer to guessing: the old count and block go with it.
    room.pin_failures, room.pin_blocked_until = 0, None
    # The audit entry says the PIN changed, never what it is.
    record(session, actor, "conference_room.reset_pin", room, room_state(room),
           now=room_state(room))
    return room


def participants(session: Session, actor: Actor, room_id: int) -> list[ConferenceParticipant]:
    room = get_room(session, actor, room_id)
    return list(session.scalars(select(ConferenceParticipant)
                                .where(ConferenceParticipant.room_id == room.id)
                                .order_by(ConferenceParticipant.joined_at,
                                          ConferenceParticipant.member_id)))


def request_command(session: Session, actor: Actor, room_id: int, action: RoomAction,
                    member_id: int | None = None) -> ConferenceCommand:
    """Queue an owner's command for the controller (a trigger-free poll picks it up)."""
    room = get_room(session, actor, room_id)
    if action in MEMBER_ACTIONS:
        present = member_id is not None and session.get(
            ConferenceParticipant, (room.id, member_id)) is not None
        if not present:
            raise NotFound("That participant is no longer in the room.")
    else:
        member_id = None
    command = ConferenceCommand(company_id=room.company_id, room_id=room.id, action=action,
                                member_id=member_id, status=RoomCommandStatus.PENDING,
                                result={}, requested_by=actor.label[:200])
    session.add(command)
    session.flush()
    with audited(session, actor, f"conference_room.{action.value}", room, room_state):
        pass
    return command


def get_command(session: Session, actor: Actor, command_id: int) -> ConferenceCommand:
    command = in_company(session, ConferenceCommand, actor.company_id, command_id,
                         "No such conference command in this company.")
    get_room(session, actor, command.room_id)
    return command


# -- the controller's side ------------------------------------------------------------------

def room_by_number(session: Session, company_id: int, number: str) -> int | None:
    return session.scalar(select(ConferenceRoom.id).where(
        ConferenceRoom.company_id == company_id, ConferenceRoom.number == number))


def room_pin_ok(session: Session, company_id: int, room_id: int, pin: str | None,
                now: dt.datetime) -> bool:
    """One PIN entered on a call to the room; counts wrong ones (row locked: two callers
    guessing at once are both counted)."""
    room = session.get(ConferenceRoom, room_id, with_for_update=True)
    if room is None or room.company_id != company_id:
        return False
    ok, room.pin_failures, room.pin_blocked_until = pin_verdict(
        room.pin, pin, room.pin_failures, room.pin_blocked_until, now)
    return ok


def claim_commands(session: Session, limit: int = 10) -> list[ConferenceCommand]:
    """Pending commands, oldest first; two controllers never take one twice. Claimed ones
    are finished in the same transaction (a mute is instant, never worth retrying)."""
    return list(session.scalars(select(ConferenceCommand)
                                .where(ConferenceCommand.status == RoomCommandStatus.PENDING)
                                .order_by(ConferenceCommand.id).limit(limit)
                                .with_for_update(skip_locked=True)))


def finish_command(command: ConferenceCommand, ok: bool, result: dict, now: dt.datetime) -> None:
    command.status = RoomCommandStatus.DONE if ok else RoomCommandStatus.FAILED
    command.result = result
    command.finished_at = now


_PARTICIPANT = ConferenceParticipant.__table__


def apply_change(session: Session, change: RoomChange, node: str = "") -> None:
    """Keep a room's participants (and lock) as the switch reports them."""
    room = session.get(ConferenceRoom, change.room_id)
    if room is None:
        return
    key = (_PARTICIPANT.c.room_id == room.id) & (_PARTICIPANT.c.member_id == change.member_id)
    if change.kind == "join" and change.member_id is not None:
        values = {"call_uuid": change.call_uuid, "caller_number": change.caller_number,
                  "caller_name": change.caller_name, "muted": change.muted, "node": node}
        session.execute(insert(_PARTICIPANT).values(
            room_id=room.id, member_id=change.member_id, company_id=room.company_id, **values)
            .on_conflict_do_update(index_elements=["room_id", "member_id"], set_=values))
    elif change.kind == "leave":
        session.execute(delete(_PARTICIPANT).where(key))
    elif change.kind in ("mute", "unmute"):
        session.execute(update(_PARTICIPANT).where(key).values(muted=change.kind == "mute"))
    elif change.kind in ("lock", "unlock"):
        room.locked = change.kind == "lock"
    elif change.kind == "end":
        session.execute(delete(_PARTICIPANT).where(_PARTICIPANT.c.room_id == room.id))
        room.locked = False


def forget_rooms(session: Session, live_rooms: set[int], node: str = "") -> int:
    """Participants of rooms this node's switch no longer holds (a missed event, a restart)."""
    gone = delete(ConferenceParticipant).where(ConferenceParticipant.node == node)
    if live_rooms:
        gone = gone.where(ConferenceParticipant.room_id.not_in(live_rooms))
    return session.execute(gone).rowcount

