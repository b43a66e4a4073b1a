"""Who is in each room, from mod_conference's conference::maintenance events, written to
PostgreSQL (batched with the controller's other small writes) for the app to show."""
from __future__ import annotations

from sqlalchemy.orm import Session

from vaxel.conference.models import ConferenceRoom
from vaxel.conference.rules import room_change
from vaxel.conference.services import apply_change
from vaxel.recordings.models import CallRecording

from ...batching import BatchWriter
from .commands import stopped

SUBCLASS = "conference::maintenance"


def participant_writer(writer: BatchWriter, node: str = ""):
    def on_event(event) -> None:
        change = room_change(event)
        if change is None:
            return

        def write(session: Session) -> None:
            apply_change(session, change, node)
            if change.kind == "end":
                _recording_over(session, change.room_id)
        writer.submit(write)
    return on_event


def _recording_over(session: Session, room_id: int) -> None:
    """A conference that ends stops its recording with it."""
    room = session.get(ConferenceRoom, room_id)
    recording = session.get(CallRecording, room.recording_id) if room and room.recording_id \
        else None
    if recording is not None:
        stopped(room, recording)
