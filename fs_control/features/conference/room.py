"""Performing a room call's commands: the PIN check against PostgreSQL, then the
`conference` application, which returns when the caller leaves or is removed.

Only callers this controller let in belong in a room: `Admissions` remembers them, and a
member the switch adds by any other way (a dialplan snippet or an originate naming the
room) is hung up at once (participants.py)."""
from __future__ import annotations

import logging
from collections import OrderedDict

from sqlalchemy.orm import Session, sessionmaker

from vaxel.base import utcnow
from vaxel.conference.flow import CheckRoomPin, FindRoom, JoinRoom
from vaxel.conference.rules import join_argument
from vaxel.conference.services import room_by_number, room_pin_ok

log = logging.getLogger(__name__)

# A conference lasts as long as the meeting; this only guards against a lost event.
ROOM_TIMEOUT = 12 * 3600.0
ADMISSIONS_KEPT = 100_000


class Admissions:
    """Calls let into a room by the PIN (call uuid → room id), newest kept, bounded."""

    def __init__(self) -> None:
        self._rooms: OrderedDict[str, int] = OrderedDict()

    def admit(self, call_uuid: str, room_id: int) -> None:
        self._rooms[call_uuid] = room_id
        while len(self._rooms) > ADMISSIONS_KEPT:
            self._rooms.popitem(last=False)

    def admitted(self, call_uuid: str, room_id: int) -> bool:
        return bool(call_uuid) and self._rooms.get(call_uuid) == room_id

    def forget(self, call_uuid: str) -> None:
        self._rooms.pop(call_uuid, None)


class RoomPerformers:
    def __init__(self, session_factory: sessionmaker[Session], admissions: Admissions):
        self.session_factory, self.admissions = session_factory, admissions

    def table(self) -> dict[type, object]:
        return {CheckRoomPin: self.check_pin, FindRoom: self.find_room, JoinRoom: self.join}

    def find_room(self, executor, command: FindRoom) -> int | None:
        if not command.number:
            return None
        with self.session_factory() as session:
            return room_by_number(session, command.company_id, command.number)

    def check_pin(self, executor, command: CheckRoomPin) -> bool:
        with self.session_factory.begin() as session:
            ok = room_pin_ok(session, command.company_id, command.room_id, command.pin,
                             utcnow())
        if not ok:
            log.info("call %s: wrong PIN for conference room %s", executor.channel.uuid,
                     command.room_id)
        return ok

    def join(self, executor, command: JoinRoom) -> None:
        self.admissions.admit(executor.channel.uuid, command.room_id)
        try:
            executor.channel.execute("conference", join_argument(command.room_id), ROOM_TIMEOUT)
        finally:
            self.admissions.forget(executor.channel.uuid)
