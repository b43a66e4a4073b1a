"""Voicemail and call recordings: listing and downloading the audio.

Access is decided by vaxel (`messages.can_open`, `recordings.can_hear`), never here. A
token acts for its company as an admin would, with one exception the domain insists on: a
personal mailbox is only ever its owner's, so for voicemail the token (scope
voicemail:read, granted deliberately by the company's admin) acts *as the mailbox's
owner* — it reads a user's voicemail the way that user's phone or portal would.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import jsonify, request, send_file
from sqlalchemy import select
from werkzeug.wrappers import Response

from vaxel.actor import Actor
from vaxel.base import parse_instant, utcnow
from vaxel.errors import InvalidInput, NotFound
from vaxel.recordings import services as recordings
from vaxel.voicemail import messages
from vaxel.voicemail.models import Mailbox, Message

from ..db import get_db
from ..stores import recordings_store, voicemail_store
from . import actor, company_id, paging, route, shapes
from .people import _user


def _wav(path: Path, name: str) -> Response:
    return send_file(path, mimetype="audio/wav", max_age=0, download_name=name)


def mailbox_actor(token: Actor, box: Mailbox | None) -> Actor:
    """Who the token acts as for this mailbox: its owner for a personal one, the company's
    admin for a shared one (both are what the domain's rule allows, nothing more)."""
    owner = box.user_id if box is not None else None
    return token if owner is None else token.acting_as(owner)


def _message_actor(message_id: int) -> Actor:
    message = get_db().get(Message, message_id)
    box = get_db().get(Mailbox, message.mailbox_id) if message is not None else None
    if box is None or box.company_id != company_id():
        raise NotFound("No such message.")
    return mailbox_actor(actor(), box)


@route("/users/<int:user_id>/voicemail", "voicemail:read")
def list_user_voicemail(user_id: int):
    """The user's personal mailbox: new and saved messages, oldest first."""
    user = _user(user_id)
    box = get_db().scalar(select(Mailbox).where(Mailbox.user_id == user.id))
    if box is None:  # made on the first call that reaches it
        return jsonify({"mailbox_id": None, "messages": []})
    rows = messages.list_messages(get_db(), mailbox_actor(actor(), box), box.id)
    return jsonify({"mailbox_id": box.id, "messages": [shapes.voicemail(m) for m in rows]})


@route("/voicemail/<int:message_id>/audio", "voicemail:read")
def voicemail_audio(message_id: int):
    path = messages.open_audio(get_db(), voicemail_store(), _message_actor(message_id),
                               message_id)
    return _wav(path, f"voicemail-{message_id}.wav")


@route("/voicemail/<int:message_id>/heard", "voicemail:write", ("POST",))
def mark_voicemail_heard(message_id: int):
    """New → saved, as when its owner listens (the lamp on the phone goes out)."""
    message = messages.mark_heard(get_db(), _message_actor(message_id), message_id, utcnow())
    return jsonify(shapes.voicemail(message))


@route("/voicemail/<int:message_id>", "voicemail:write", ("DELETE",))
def delete_voicemail(message_id: int):
    """The audio is removed; the row stays as a tombstone for the log. Audited, with the
    token as the actor."""
    messages.delete_message(get_db(), _message_actor(message_id), voicemail_store(),
                            message_id, utcnow())
    return "", 204


def _before() -> dt.datetime | None:
    raw = request.args.get("before")
    if raw is None:
        return None
    try:
        return parse_instant(raw)
    except ValueError:
        raise InvalidInput("before is a date-time, ISO 8601.") from None


def _before_id() -> int | None:
    raw = request.args.get("before_id")
    if raw is None:
        return None
    if not raw.isdigit() or len(raw) > 10:
        raise InvalidInput("before_id is a recording id.")
    return int(raw)


@route("/recordings", "recordings:read")
def list_recordings():
    """Newest first; page with `before` and `before_id` (the last row's started_at and
    id), not an offset."""
    limit, _ = paging()
    rows = recordings.list_recordings(get_db(), actor(), limit, _before(), _before_id())
    return jsonify({"recordings": [shapes.recording(r) for r in rows]})


@route("/recordings/<int:recording_id>", "recordings:read")
def recording_audio(recording_id: int):
    path = recordings.open_recording(get_db(), recordings_store(), actor(), recording_id)
    return _wav(path, f"recording-{recording_id}.wav")
