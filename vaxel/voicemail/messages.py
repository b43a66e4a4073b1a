"""A message's life: begun before the caller speaks, finished (file in place, row NEW,
e-mail queued) in one transaction, then heard, saved or deleted.

Durability: `begin_message` commits a RECORDING row naming the incoming file before the
recording starts. `finish_message` moves the fsynced file to its final name and marks the
row NEW in the same transaction that queues the e-mail; only after that commit may the
caller hear "message saved". A crash in between leaves a RECORDING row, which
`recover_interrupted` later keeps (flagged `interrupted`) or removes with its file.
"""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record_change, snapshot
from ..errors import NotFound
from ..mail.services import queue_mail
from ..storage import INCOMING, Store, wav_seconds
from ..webhooks import domain as webhooks
from .mailboxes import owner_emails
from .models import CallbackRequest, Mailbox, Message, MessageState

log = logging.getLogger(__name__)

# A RECORDING row older than the longest message plus this is an interrupted one.
RECOVERY_GRACE = dt.timedelta(minutes=2)
VISIBLE = (MessageState.NEW, MessageState.SAVED)


def begin_message(session: Session, store: Store, box: Mailbox, call_uuid: str,
                  caller_number: str, caller_name: str) -> Message:
    incoming = store.incoming_path()
    message = Message(company_id=box.company_id, mailbox_id=box.id,
                      state=MessageState.RECORDING, call_uuid=call_uuid,
                      caller_number=caller_number[:64], caller_name=caller_name[:200],
                      file_path=store.relative(incoming), duration_ms=0, interrupted=False)
    session.add(message)
    session.flush()
    return message


def finish_message(session: Session, store: Store, message: Message, min_seconds: int,
                   interrupted: bool = False) -> Message | None:
    """Keep the recording if it is long enough (NEW, e-mail queued); else discard it."""
    incoming = store.path(message.file_path)
    seconds = wav_seconds(incoming)
    if seconds is None or seconds < min_seconds:
        log.info("message %s discarded: %s s of audio (minimum %s)", message.id, seconds,
                 min_seconds)
        store.remove(message.file_path)
        session.delete(message)
        session.flush()
        return None
    relative = f"{message.company_id}/{message.mailbox_id}/{message.id}.wav"
    store.commit(incoming, relative)
    message.file_path, message.duration_ms = relative, int(seconds * 1000)
    message.state, message.interrupted = MessageState.NEW, interrupted
    _queue_notification(session, store, message)
    _announce(session, message)
    session.flush()
    return message


def _queue_notification(session: Session, store: Store, message: Message) -> None:
    box = session.get(Mailbox, message.mailbox_id)
    who = message.caller_name or message.caller_number or "an unknown caller"
    seconds = message.duration_ms // 1000
    body = (f"New voicemail from {who} ({message.caller_number or 'number withheld'}), "
            f"{seconds} s, {message.created_at:%Y-%m-%d %H:%M} UTC.")
    if message.interrupted:
        body += "\nThe recording was interrupted; what was said before that is kept."
    queue_mail(session, owner_emails(session, box), f"New voicemail from {who}", body,
               company_id=message.company_id, attachment=store.path(message.file_path),
               attachment_name=f"voicemail-{message.id}.wav", attachment_type="audio/wav")


def _announce(session: Session, message: Message) -> None:
    box = session.get(Mailbox, message.mailbox_id)
    webhooks.voicemail_new(session, message.company_id, {
        "message_id": message.id, "mailbox_id": message.mailbox_id, "user_id": box.user_id,
        "caller_number": message.caller_number, "caller_name": message.caller_name,
        "duration_seconds": message.duration_ms // 1000, "call_id": message.call_uuid})


def recover_interrupted(session: Session, store: Store, now: dt.datetime) -> list[int]:
    """Finish messages whose recording was cut off by a crash; returns the ids kept."""
    kept = []
    stale = session.execute(
        select(Message, Mailbox).join(Mailbox, Mailbox.id == Message.mailbox_id)
        .where(Message.state == MessageState.RECORDING).with_for_update(skip_locked=True)).all()
    for message, box in stale:
        if message.created_at + dt.timedelta(seconds=box.max_message_seconds) + \
                RECOVERY_GRACE > now:
            continue  # maybe still being recorded
        if finish_message(session, store, message, box.min_message_seconds, interrupted=True):
            log.warning("message %s was interrupted; kept and flagged", message.id)
            kept.append(message.id)
    return kept


def remove_orphan_files(session: Session, store: Store, now: dt.datetime,
                        age: dt.timedelta = dt.timedelta(hours=1)) -> int:
    """Delete incoming files that no RECORDING row names (their row was never committed)."""
    folder = store.root / INCOMING
    if not folder.is_dir():
        return 0
    named = set(session.scalars(select(Message.file_path).where(
        Message.state == MessageState.RECORDING)))
    removed = 0
    for path in folder.iterdir():
        old = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc) < now - age
        if old and f"{INCOMING}/{path.name}" not in named:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


# -- listening (phone, web, API) -------------------------------------------------------------
def can_open(session: Session, actor: Actor, box: Mailbox) -> bool:
    """Who asks (web, API, phone): the company's admins open shared mailboxes, nobody else
    does; a personal mailbox is only ever its owner's (`Actor.acting_as`)."""
    if not actor.reaches(box.company_id):
        return False
    if box.user_id is not None:
        return box.user_id == actor.user_id
    # A shared (team) mailbox has no member list of its own: the company's admins read
    # it, on the portal, through the API (a token acts as an admin) and on the phone.
    # A plain user could otherwise play or delete the team's messages by guessing ids.
    return actor.is_admin


def _message(session: Session, actor: Actor, message_id: int) -> Message:
    message = session.get(Message, message_id)
    if message is None or message.state not in VISIBLE:
        raise NotFound("No such message.")
    box = session.get(Mailbox, message.mailbox_id)
    if not can_open(session, actor, box):
        raise NotFound("No such message.")  # never reveal another mailbox's messages
    return message


def visible_message(session: Session, actor: Actor, message_id: int) -> Message:
    """A message the actor may open; another mailbox's answers NotFound."""
    return _message(session, actor, message_id)


def list_messages(session: Session, actor: Actor, mailbox_id: int,
                  states: tuple[MessageState, ...] = VISIBLE) -> list[Message]:
    box = session.get(Mailbox, mailbox_id)
    if box is None or not can_open(session, actor, box):
        raise NotFound("No such mailbox.")
    states = tuple(s for s in states if s in VISIBLE)
    return list(session.scalars(select(Message).where(
        Message.mailbox_id == box.id, Message.state.in_(states)).order_by(Message.created_at)))


def open_audio(session: Session, store: Store, actor: Actor, message_id: int) -> Path:
    """The WAV file of a message, for streaming; NotFound if the actor may not hear it."""
    path = store.path(_message(session, actor, message_id).file_path)
    if not path.is_file():
        raise NotFound("The message's audio is missing.")
    return path


def mark_heard(session: Session, actor: Actor, message_id: int, now: dt.datetime) -> Message:
    message = _message(session, actor, message_id)
    message.state = MessageState.SAVED
    message.heard_at = message.heard_at or now
    session.flush()
    return message


def mark_new(session: Session, actor: Actor, message_id: int) -> Message:
    """Back to new, as a reminder: the lamp lights again (the controller's MWI sync). When
    it was first heard stays recorded."""
    message = _message(session, actor, message_id)
    message.state = MessageState.NEW
    session.flush()
    return message


def delete_message(session: Session, actor: Actor, store: Store, message_id: int,
                   now: dt.datetime) -> None:
    """The row stays as a DELETED tombstone (for the log); the audio is removed. Audited
    with the message before and after (its tombstone)."""
    message = _message(session, actor, message_id)
    was = snapshot(message)
    message.state, message.deleted_at = MessageState.DELETED, now
    store.remove(message.file_path)
    session.flush()
    record_change(session, actor, message.company_id, "delete", message.__tablename__,
                  message.id, was, snapshot(message))


def counts(session: Session, mailbox_id: int) -> tuple[int, int]:
    """(new, saved) — what the message-waiting lamp shows."""
    rows = dict(session.execute(select(Message.state, func.count()).where(
        Message.mailbox_id == mailbox_id, Message.state.in_(VISIBLE)).group_by(Message.state)).all())
    return rows.get(MessageState.NEW, 0), rows.get(MessageState.SAVED, 0)


def add_callback(session: Session, box: Mailbox, number: str, caller_number: str,
                 call_uuid: str) -> CallbackRequest:
    request = CallbackRequest(company_id=box.company_id, mailbox_id=box.id, user_id=box.user_id,
                              number=number[:32], caller_number=caller_number[:64],
                              call_uuid=call_uuid)
    session.add(request)
    session.flush()
    webhooks.callback_requested(session, box.company_id, "voicemail", {
        "number": request.number, "caller_number": request.caller_number,
        "mailbox_id": box.id, "user_id": box.user_id, "call_id": call_uuid})
    return request
