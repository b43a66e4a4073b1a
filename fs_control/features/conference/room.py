"""Performing a room call's commands: the PIN check against PostgreSQL, then the
`conference` application, which returns when the caller leaves or is removed."""
from __future__ import annotations

import logging

from sqlalchemy.orm import Session, sessionmaker

from vaxel.conference.flow import CheckRoomPin, JoinRoom
from vaxel.conference.rules import join_argument
from vaxel.conference.services import room_pin_ok

log = logging.getLogger(__name__)

# A conference lasts as long as the meeting; this only guards against a lost event.
ROOM_TIMEOUT = 12 * 3600.0


class RoomPerformers:
    def __init__(self, session_factory: sessionmaker[Session]):
        self.session_factory = session_factory

    def table(self) -> dict[type, object]:
        return {CheckRoomPin: self.check_pin, JoinRoom: self.join}

    def check_pin(self, executor, command: CheckRoomPin) -> bool:
        with self.session_factory() as session:
            ok = room_pin_ok(session, command.company_id, command.room_id, command.pin)
        if not ok:
            log.info("call %s: wrong PIN for conference room %s", executor.channel.uuid,
                     command.room_id)
        return ok

    def join(self, executor, command: JoinRoom) -> None:
        executor.channel.execute("conference", join_argument(command.room_id), ROOM_TIMEOUT)
