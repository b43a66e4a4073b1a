"""Recorded calls: metadata rows, who may hear them, and the 24-month retention."""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..errors import NotFound
from ..people.models import User
from ..storage import Store
from .models import CallRecording

log = logging.getLogger(__name__)

RETENTION_MONTHS = 24
PURGE_BATCH = 500


def retention_cutoff(now: dt.datetime, months: int = RETENTION_MONTHS) -> dt.datetime:
    """The instant `months` calendar months before `now` (29 Feb → 28 Feb)."""
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    day = min(now.day, [31, 29 if _leap(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
                        31][month])
    return now.replace(year=year, month=month + 1, day=day)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def recorded_user(session: Session, company_id: int, user_ids: list[int]) -> User | None:
    """The first of these users of the company whose calls are recorded (the add-on)."""
    for user_id in user_ids:
        user = session.get(User, user_id)
        if user is not None and user.company_id == company_id and user.recording_enabled \
                and user.active:
            return user
    return None


def start_recording(session: Session, store: Store, user: User, call_uuid: str,
                    direction: str, from_number: str, to_number: str,
                    started_at: dt.datetime) -> tuple[CallRecording, Path]:
    """The row (duration unknown until the call ends) and the path to record to."""
    relative = f"{user.company_id}/{started_at:%Y/%m}/{call_uuid}-{user.id}.wav"
    recording = CallRecording(company_id=user.company_id, user_id=user.id, call_uuid=call_uuid,
                              direction=direction, from_number=from_number[:64],
                              to_number=to_number[:64], started_at=started_at,
                              file_path=relative)
    session.add(recording)
    session.flush()
    path = store.path(relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    return recording, path


def file_recording(session: Session, store: Store, company_id: int, user_id: int,
                   call_uuid: str, relative: str, direction: str, from_number: str,
                   to_number: str, started_at: dt.datetime,
                   duration_seconds: int) -> CallRecording | None:
    """The row for a recording FreeSWITCH made on its own (from the dialplan), once the
    call is over; None when no audio was written (the call was never answered) or the row
    already exists (the same hang-up seen twice)."""
    if not store.path(relative).is_file():
        return None
    exists = session.scalar(select(CallRecording.id).where(
        CallRecording.call_uuid == call_uuid, CallRecording.user_id == user_id))
    user = session.get(User, user_id)
    if exists or user is None or user.company_id != company_id:
        return None
    recording = CallRecording(company_id=company_id, user_id=user_id, call_uuid=call_uuid,
                              direction=direction, from_number=from_number[:64],
                              to_number=to_number[:64], started_at=started_at,
                              duration_seconds=duration_seconds, file_path=relative)
    session.add(recording)
    session.flush()
    return recording


def finish_recordings(session: Session, call_uuid: str, duration_seconds: int) -> int:
    rows = session.scalars(select(CallRecording).where(
        CallRecording.call_uuid == call_uuid, CallRecording.duration_seconds.is_(None))).all()
    for row in rows:
        row.duration_seconds = duration_seconds
    return len(rows)


def purge_expired(session: Session, store: Store, now: dt.datetime) -> int:
    """Delete recordings (file, then row) older than the retention; returns how many."""
    expired = session.scalars(select(CallRecording).where(
        CallRecording.started_at < retention_cutoff(now)).limit(PURGE_BATCH)).all()
    for row in expired:
        store.remove(row.file_path)
        session.delete(row)
    session.flush()
    return len(expired)


def can_hear(actor: Actor, recording: CallRecording) -> bool:
    """Only the company's admins and the recorded user."""
    return actor.reaches(recording.company_id) and (
        actor.is_admin or (actor.user_id is not None and recording.user_id == actor.user_id))


def list_recordings(session: Session, actor: Actor, limit: int = 100,
                    before: dt.datetime | None = None,
                    before_id: int | None = None) -> list[CallRecording]:
    """Newest first. A page starts after the previous page's last row: `before` its
    started_at and `before_id` its id (both legs of an internal call start at the same
    instant, so the time alone could skip one at a page break). The actor's own company's
    (an operator's reach is narrowed with `Actor.within` first)."""
    query = select(CallRecording).where(CallRecording.company_id == actor.company_id)
    if not actor.is_admin:
        query = query.where(CallRecording.user_id == actor.user_id)
    if before is not None:
        older = CallRecording.started_at < before
        if before_id is not None:
            older = older | ((CallRecording.started_at == before) & (CallRecording.id < before_id))
        query = query.where(older)
    return list(session.scalars(query.order_by(CallRecording.started_at.desc(),
                                               CallRecording.id.desc()).limit(limit)))


def open_recording(session: Session, store: Store, actor: Actor, recording_id: int) -> Path:
    """The audio file for streaming; NotFound if it does not exist or is not the actor's."""
    recording = session.get(CallRecording, recording_id)
    if recording is None or not can_hear(actor, recording):
        raise NotFound("No such recording.")
    path = store.path(recording.file_path)
    if not path.is_file():
        raise NotFound("The recording's audio is missing.")
    return path
