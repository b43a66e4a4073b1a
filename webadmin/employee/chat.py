"""The app's chat, as JSON for the shell (webadmin/static/app/chat.js): my
conversations with unread counts, history, sending (idempotent on the client's id, with a
small attachment), read marks, search, attachments; new messages come on the app's one
stream (stream.py).

A nested blueprint of the app's (/app/chat/…, log-in required by the app's own check),
so that refusals answer as JSON the script shows beside the composer, text kept.
"""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request, send_file
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.wrappers import Response

from vaxel.base import utcnow
from vaxel.chat import messages, services
from vaxel.chat.models import ChatMessage
from vaxel.errors import InvalidInput, VaxelError
from vaxel.widget import visitor_chat

from .. import forms
from ..confirm import asked_in_the_browser, confirm_first
from ..db import get_db, rollback_db
from ..i18n import gettext
from ..stores import voicemail_store


bp = Blueprint("chat", __name__, url_prefix="/chat")


@bp.errorhandler(VaxelError)
def _refused(exc: VaxelError) -> tuple[Response, int]:
    rollback_db()
    return jsonify({"error": gettext(exc.message), "field": exc.field}), exc.status


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(exc: HTTPException) -> tuple[Response, int]:
    return jsonify({"error": gettext("The upload was too large."), "field": "file"}), 413


def as_json(found: list[ChatMessage]) -> list[dict]:
    return [{"id": m.id, "conversation_id": m.conversation_id, "sender_id": m.sender_id,
             "sender": m.sender.name if m.sender else "", "body": m.body,
             "origin": m.origin.value,
             "client_id": m.client_id,
             "created_at": m.created_at.isoformat(), "attachment": _attachment(m)}
            for m in found]


def _attachment(message: ChatMessage) -> dict | None:
    if message.attachment_path is None:
        return None
    return {"name": message.attachment_name, "type": message.attachment_type,
            "size": message.attachment_size, "url": f"/app/chat/attachments/{message.id}"}


def _id(name: str) -> int:
    found = forms.optional_id(request.values, name)
    if found is None:
        raise InvalidInput(f"Choose a valid {name.replace('_', ' ')}.", field=name)
    return found


@bp.get("/conversations.json")
def conversations() -> Response:
    db = get_db()
    services.person(g.actor)
    visitor_chat.route(db, g.actor.company_id, utcnow())  # an agent just logged in takes one
    return jsonify({"mine": [s.as_dict() for s in services.my_conversations(db, g.actor)],
                    "joinable": [s.as_dict() for s in services.joinable(db, g.actor)],
                    "colleagues": [{"id": user_id, "name": name}
                                   for user_id, name in services.colleagues(db, g.actor)],
                    "may_make_rooms": g.actor.is_admin,
                    "cursor": messages.newest_id(db, g.actor.company_id)})


@bp.post("/direct")
def start_direct() -> Response:
    found = services.start_direct(get_db(), g.actor, _id("user_id"))
    return jsonify({"id": found.id})


@bp.post("/groups")
def create_group() -> Response:
    kind = request.form.get("kind", "closed")
    found = services.create_group(get_db(), g.actor, request.form.get("title", ""),
                                  open_to_join=kind != "closed", room=kind == "room")
    return jsonify({"id": found.id})


@bp.post("/<int:conversation_id>/join")
def join(conversation_id: int) -> Response:
    services.join(get_db(), g.actor, conversation_id)
    return jsonify({"id": conversation_id})


@bp.post("/<int:conversation_id>/members")
def add_member(conversation_id: int) -> Response:
    services.add_member(get_db(), g.actor, conversation_id, _id("user_id"))
    return members(conversation_id)


@bp.post("/<int:conversation_id>/members/remove")
@confirm_first("Remove this colleague from the group?", "Remove")
def remove_member(conversation_id: int) -> Response:
    """The group's owner (or an admin) removes a colleague."""
    services.remove_member(get_db(), g.actor, conversation_id, _id("user_id"))
    return members(conversation_id)


@bp.post("/<int:conversation_id>/leave")
def leave(conversation_id: int) -> Response:
    services.remove_member(get_db(), g.actor, conversation_id, services.person(g.actor))
    return jsonify({"left": conversation_id})


@bp.post("/<int:conversation_id>/end")
@asked_in_the_browser
def end_visitor_chat(conversation_id: int) -> Response:
    """The agent ends a website visitor's chat (the visitor is told; the next one comes)."""
    found = visitor_chat.end_by_agent(get_db(), g.actor, conversation_id, utcnow())
    return jsonify({"id": conversation_id, "state": found.state.value})


@bp.get("/<int:conversation_id>/members.json")
def members(conversation_id: int) -> Response:
    found = services.members(get_db(), g.actor, conversation_id)
    return jsonify([{"id": user_id, "name": name} for user_id, name in found])


@bp.get("/<int:conversation_id>/messages.json")
def history(conversation_id: int) -> Response:
    before = forms.optional_id(request.args, "before")
    return jsonify(as_json(messages.history(get_db(), g.actor, conversation_id, before)))


@bp.post("/<int:conversation_id>/messages")
def send(conversation_id: int) -> tuple[Response, int]:
    upload = request.files.get("file")
    attached = (messages.Upload(upload.filename or "", upload.read())
                if upload is not None and upload.filename else None)
    db = get_db()
    message, new = messages.send(db, g.actor, voicemail_store(), conversation_id,
                                 request.form.get("client_id", ""),
                                 request.form.get("body", ""), attached)
    return jsonify(as_json([message])[0]), 201 if new else 200


@bp.post("/<int:conversation_id>/read")
def mark_read(conversation_id: int) -> Response:
    member = messages.mark_read(get_db(), g.actor, conversation_id, _id("up_to"))
    return jsonify({"last_read_id": member.last_read_id})


@bp.get("/search.json")
def search() -> Response:
    return jsonify(as_json(messages.search(get_db(), g.actor, request.args.get("q", ""))))


@bp.get("/attachments/<int:message_id>")
def attachment(message_id: int) -> Response:
    """Always a download of the sniffed type, never run or sniffed by the browser as a
    page of ours (a picture still shows in an <img>)."""
    message = messages.attachment(get_db(), g.actor, message_id)
    path = voicemail_store().path(message.attachment_path)
    response = send_file(path, mimetype=message.attachment_type, as_attachment=True,
                         download_name=message.attachment_name, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
