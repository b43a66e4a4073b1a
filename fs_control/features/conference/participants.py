"""Who is in each room, from mod_conference's conference::maintenance events, written to
PostgreSQL (batched with the controller's other small writes) for the app to show. A
member this controller did not let in (no PIN) is hung up, not listed."""
from __future__ import annotations

import logging
from typing import Callable

from sqlalchemy.orm import Session

from vaxel.conference.models import ConferenceRoom
from vaxel.conference.rules import conference_name, room_change
from vaxel.conference.services import apply_change
from vaxel.recordings.models import CallRecording

from ...batching import BatchWriter
from ...esl import EslError
from .commands import stopped
from .room import Admissions

log = logging.getLogger(__name__)
SUBCLASS = "conference::maintenance"


def participant_writer(writer: BatchWriter, admissions: Admissions, api: Callable[[str], str],
                       node: str = ""):
    def on_event(event) -> None:
        change = room_change(event)
        if change is None:
            return
        if change.kind == "join" and not admissions.admitted(change.call_uuid, change.room_id):
            _hang_up_intruder(api, change.room_id, change.member_id, change.call_uuid)
            return

        def write(session: Session) -> None:
            apply_change(session, change, node)
            if change.kind == "end":
                _recording_over(session, change.room_id)
        writer.submit(write)
    return on_event


def _hang_up_intruder(api: Callable[[str], str], room_id: int, member_id: int | None,
                      call_uuid: str) -> None:
    log.warning("call %s entered conference room %s without its PIN: hung up", call_uuid,
                room_id)
    if member_id is None:
        return
    try:
        api(f"conference {conference_name(room_id)} hup {int(member_id)}")
    except EslError as exc:
        log.error("could not hang up member %s of room %s: %s", member_id, room_id, exc)


def _recording_over(session: Session, room_id: int) -> None:
    """A conference that ends stops its recording with it."""
    room = session.get(ConferenceRoom, room_id)
    recording = session.get(CallRecording, room.recording_id) if room and room.recording_id \
        else None
    if recording is not None:
        stopped(room, recording)
