"""Call recording for calls the controller bridges: `record_session` (stereo: caller left,
callee right) started just before the bridge when a ringing user has recording switched on,
with the company's optional announcement. Calls FreeSWITCH's dialplan bridges directly
(xml_curl's ring plans, outbound dialling) are recorded by the dialplan itself; this
module files those recordings when the call ends."""
from __future__ import annotations

import datetime as dt
import logging
from typing import Callable, Mapping

from sqlalchemy.orm import Session, sessionmaker

from vaxel.base import utcnow
from vaxel.calls.events import CallEnded as CallEndedEvent
from vaxel.callflow.commands import Bridge, Play, Prompt
from vaxel.recordings.services import (file_recording, finish_recordings, purge_expired,
                                       recorded_user, start_recording)
from vaxel.routing.dialplan import RECORDED_CALLS
from vaxel.storage import Store, StorageError
from vaxel.tenancy.models import Company

from ...executor import CallExecutor

log = logging.getLogger(__name__)

PURGE_INTERVAL = 3600.0
ANNOUNCEMENT = "This call may be recorded."


class RecordingBridge:
    """Performs Bridge: starts the recording if needed, then the executor's own bridge."""

    def __init__(self, session_factory: sessionmaker[Session], store: Store):
        self.session_factory = session_factory
        self.store = store
        # Calls this controller records, so their end costs a query only when there is one.
        self.recording: set[str] = set()

    def __call__(self, executor: CallExecutor, cmd: Bridge):
        # The flow says whom it rings with the add-on (from cached look-ups), so the common
        # bridge costs no database work; a second bridge on one call keeps the first recording.
        if cmd.record_user_id is not None and not executor.bridged:
            self._record(executor, cmd.record_user_id)
        return CallExecutor._bridge(executor, cmd)

    def _record(self, executor: CallExecutor, user_id: int) -> None:
        company_id = int(executor.channel.variable("vaxel_company_id") or 0)
        with self.session_factory.begin() as session:
            user = recorded_user(session, company_id, [user_id])
            if user is None:
                return
            announce = session.get(Company, company_id).announce_recording
            path = self._start(session, executor, user)
        if path is None:
            return
        if announce:
            executor.perform(Play(Prompt(file=f"prompts/{company_id}/call_recorded.wav",
                                         text=ANNOUNCEMENT)))
        executor.channel.execute("set", "RECORD_STEREO=true", 10)
        self.recording.add(executor.channel.uuid)
        executor.channel.execute("record_session", str(path), 10)

    def _start(self, session: Session, executor: CallExecutor, user):
        try:
            self.store.check_writable()
        except StorageError as exc:
            # The call still goes through: losing a recording beats losing the call.
            log.error("call %s not recorded: %s", executor.channel.uuid, exc)
            return None
        intent = executor.channel.variable("vaxel_intent")
        direction = "incoming" if intent == "inbound" else "internal"
        _, path = start_recording(session, self.store, user, executor.channel.uuid, direction,
                                  caller_number(executor), user.extension, utcnow())
        return path


def caller_number(executor) -> str:
    channel = getattr(executor.channel, "channel", None) or {}
    return channel.get("Caller-Caller-ID-Number") or ""


def recording_finisher(session_factory: sessionmaker[Session],
                       recording: set[str]) -> Callable[[CallEndedEvent], None]:
    def finish(event: CallEndedEvent) -> None:
        if event.call_uuid not in recording:
            return
        recording.discard(event.call_uuid)
        with session_factory.begin() as session:
            finish_recordings(session, event.call_uuid, event.duration_seconds)
    return finish


def purge_job(session_factory: sessionmaker[Session], store: Store) -> Callable[[], int]:
    def purge_recordings() -> int:
        with session_factory.begin() as session:
            purged = purge_expired(session, store, utcnow())
        if purged:
            log.info("purged %s call recordings past their retention", purged)
        return purged
    return purge_recordings


_DIRECTIONS = {"inbound": "incoming", "outbound": "outgoing"}


def dialplan_recording(headers: Mapping[str, str]) -> dict | None:
    """What a CHANNEL_HANGUP_COMPLETE says about a recording the dialplan started
    (vaxel.routing.dialplan._recording), as file_recording's arguments; None if none."""
    user, company = (headers.get("variable_vaxel_recorded_user") or "",
                     headers.get("variable_vaxel_company_id") or "")
    uuid, answered = headers.get("Unique-ID") or "", headers.get("variable_answer_epoch") or "0"
    if not (user.isdigit() and company.isdigit() and uuid) or not answered.isdigit() \
            or answered == "0":
        return None
    return dict(company_id=int(company), user_id=int(user), call_uuid=uuid,
                relative=f"{RECORDED_CALLS}/{uuid}.wav",
                direction=_DIRECTIONS.get(headers.get("variable_vaxel_intent") or "", "internal"),
                from_number=headers.get("Caller-Caller-ID-Number") or "",
                to_number=headers.get("variable_vaxel_dialled")
                or headers.get("Caller-Destination-Number") or "",
                started_at=dt.datetime.fromtimestamp(int(answered), dt.timezone.utc),
                duration_seconds=int(headers.get("variable_billsec") or 0))


def dialplan_recording_filer(session_factory: sessionmaker[Session], store: Store):
    def file_dialplan_recording(event) -> None:
        found = dialplan_recording(event)
        if found is None:
            return
        with session_factory.begin() as session:
            if file_recording(session, store, **found) is None:
                log.info("call %s: no recording to file", found["call_uuid"])
    return file_dialplan_recording
