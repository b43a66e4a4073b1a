"""The owners' commands on their rooms: claimed from PostgreSQL (FOR UPDATE SKIP LOCKED),
carried out with mod_conference's API over the inbound Event Socket, answered in the row.
Recording writes into the recordings store, with a call_recording row like any call's."""
from __future__ import annotations

import logging
from typing import Callable

from sqlalchemy.orm import Session, sessionmaker

from vaxel.base import utcnow
from vaxel.conference.models import ConferenceCommand, ConferenceRoom, RoomAction
from vaxel.conference.rules import conference_name, live_rooms, reply_ok
from vaxel.conference.services import claim_commands, finish_command, forget_rooms
from vaxel.people.models import User
from vaxel.recordings.models import CallRecording
from vaxel.recordings.services import start_recording
from vaxel.storage import Store, StorageError

from ...esl import EslError

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5
RECONCILE_SECONDS = 60.0
# mod_conference's API words for each request (a member's id follows the member ones).
API = {RoomAction.MUTE: "mute", RoomAction.UNMUTE: "unmute", RoomAction.REMOVE: "kick",
       RoomAction.LOCK: "lock", RoomAction.UNLOCK: "unlock"}


class RoomCommands:
    def __init__(self, session_factory: sessionmaker[Session], api: Callable[[str], str],
                 store: Store):
        self.session_factory, self.api, self.store = session_factory, api, store

    def poll(self) -> int:
        with self.session_factory.begin() as session:
            claimed = claim_commands(session)
            for command in claimed:
                ok, result = self.carry_out(session, command)
                finish_command(command, ok, result, utcnow())
                log.info("conference command %s (%s): %s", command.id, command.action.value,
                         "done" if ok else result)
        return len(claimed)

    def reconcile(self, node: str = "") -> int:
        """Forget the participants of rooms the switch no longer holds (an event missed,
        the switch or the controller restarted)."""
        try:
            rooms = live_rooms(self.api("conference list"))
        except EslError as exc:
            log.warning("conference rooms not reconciled: %s", exc)
            return 0
        with self.session_factory.begin() as session:
            gone = forget_rooms(session, rooms, node)
        if gone:
            log.info("conference rooms: %s participants no longer there", gone)
        return gone

    def carry_out(self, session: Session, command: ConferenceCommand) -> tuple[bool, dict]:
        room = session.get(ConferenceRoom, command.room_id)
        name = conference_name(room.id)
        try:
            if command.action is RoomAction.RECORD:
                return self._record(session, room, name)
            if command.action is RoomAction.STOP_RECORDING:
                return self._stop_recording(session, room, name)
            member = f" {int(command.member_id)}" if command.member_id is not None else ""
            text = self.api(f"conference {name} {API[command.action]}{member}").strip()
        except EslError as exc:
            return False, {"error": f"FreeSWITCH: {exc}"}
        return (True, {"reply": text}) if reply_ok(text) else (False, {"error": text})

    def _record(self, session: Session, room: ConferenceRoom, name: str) -> tuple[bool, dict]:
        if room.recording_id is not None:
            return False, {"error": "The room is already being recorded."}
        try:
            self.store.check_writable()
        except StorageError as exc:
            return False, {"error": f"Recordings cannot be stored: {exc}"}
        owner = session.get(User, room.user_id)
        now = utcnow()
        recording, path = start_recording(session, self.store, owner,
                                          f"{name}-{now:%Y%m%d%H%M%S}", "conference",
                                          room.number, room.number, now)
        text = self.api(f"conference {name} recording start {path}").strip()
        if not reply_ok(text):
            session.delete(recording)
            return False, {"error": text}
        room.recording_id = recording.id
        return True, {"reply": text, "recording_id": recording.id}

    def _stop_recording(self, session: Session, room: ConferenceRoom,
                        name: str) -> tuple[bool, dict]:
        recording = session.get(CallRecording, room.recording_id) if room.recording_id else None
        if recording is None:
            return False, {"error": "The room is not being recorded."}
        text = self.api(f"conference {name} recording stop all").strip()
        stopped(room, recording)
        return True, {"reply": text, "recording_id": recording.id}


def stopped(room: ConferenceRoom, recording: CallRecording) -> None:
    """The recording is over (stopped, or the conference ended): its length, and none running."""
    recording.duration_seconds = max(0, int((utcnow() - recording.started_at).total_seconds()))
    room.recording_id = None
