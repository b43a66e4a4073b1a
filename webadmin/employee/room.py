"""My conference room in the app: its number and PIN, who is in it now (pushed: a change
signal per company, then the room is read with the owner's rights), and the owner's
commands — mute, remove (asks first), lock, record — which the controller carries out on
the switch. Admins may command any room of their company by its id; another company's
room is not found."""
from __future__ import annotations

import hashlib
import json

from flask import current_app, g, jsonify, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from vaxel.base import utcnow
from vaxel.conference import services as rooms
from vaxel.conference.invites import invite, split_guests
from vaxel.conference.models import ConferenceParticipant, ConferenceRoom, RoomAction
from vaxel.errors import InvalidInput, VaxelError
from vaxel.schedules.clock import zone
from vaxel.tenancy.models import Company

from .. import forms
from ..db import get_db, rollback_db
from ..errors import handle_vaxel_error
from ..i18n import gettext
from .views import bp, own_user

CONFIRMED = "confirmed"


@bp.errorhandler(VaxelError)
def _refused(exc: VaxelError):
    """The app's own JSON requests are answered in JSON (the page keeps what was typed)."""
    if not request.path.startswith("/app/room"):
        return handle_vaxel_error(exc)
    rollback_db()
    return jsonify({"error": gettext(exc.message)}), exc.status


@bp.get("/room.json")
def my_room() -> Response:
    user = own_user()
    room = rooms.own_room(get_db(), g.actor, user)
    get_db().commit()  # made on first use
    return jsonify(room_view(room))


def room_view(room: ConferenceRoom) -> dict:
    people = rooms.participants(get_db(), g.actor, room.id)
    settings = current_app.config["VAXEL_SETTINGS"]
    return {"id": room.id, "number": room.number, "pin": room.pin, "locked": room.locked,
            "recording": room.recording_id is not None,
            "sms": bool(settings.sms_gateway_url),
            "participants": [{"member_id": p.member_id, "number": p.caller_number,
                              "name": p.caller_name, "muted": p.muted,
                              "joined_at": p.joined_at.isoformat()} for p in people],
            "command_url": url_for("employee.room_command", room_id=room.id, action="ACTION"),
            "pin_url": url_for("employee.room_pin", room_id=room.id),
            "invite_url": url_for("employee.room_invite", room_id=room.id)}


@bp.post("/room/<int:room_id>/<action>")
def room_command(room_id: int, action: str) -> tuple[Response, int]:
    try:
        chosen = RoomAction(action)
    except ValueError:
        raise InvalidInput("Unknown room command.") from None
    room = rooms.get_room(get_db(), g.actor, room_id)  # 404/403 before anything is asked
    if chosen is RoomAction.REMOVE and request.form.get(CONFIRMED) != "yes":
        return jsonify({"confirm": gettext("Remove this participant from the room?")}), 409
    command = rooms.request_command(get_db(), g.actor, room.id, chosen,
                                    forms.optional_id(request.form, "member_id"))
    get_db().commit()
    return jsonify({"command_id": command.id, "status": command.status.value}), 200


@bp.post("/room/<int:room_id>/pin")
def room_pin(room_id: int) -> tuple[Response, int]:
    rooms.get_room(get_db(), g.actor, room_id)
    if request.form.get(CONFIRMED) != "yes":
        return jsonify({"confirm": gettext("Make a new PIN? The old one stops working.")}), 409
    room = rooms.reset_pin(get_db(), g.actor, room_id)
    get_db().commit()
    return jsonify({"pin": room.pin}), 200


@bp.post("/room/<int:room_id>/invite")
def room_invite(room_id: int) -> tuple[Response, int]:
    room = rooms.get_room(get_db(), g.actor, room_id)
    company = get_db().get(Company, room.company_id)
    start = forms.optional_local_datetime(request.form, "start", zone(company.timezone))
    if start is None:
        raise InvalidInput("Choose when the meeting starts.", field="start")
    settings = current_app.config["VAXEL_SETTINGS"]
    sent = invite(get_db(), g.actor, room.id,
                  emails=split_guests(request.form.get("emails", "")),
                  phones=split_guests(request.form.get("phones", "")), start=start,
                  minutes=forms.whole_number(request.form, "minutes", 5, 24 * 60),
                  now=utcnow(),
                  sms_enabled=bool(settings.sms_gateway_url))
    get_db().commit()
    return jsonify(sent), 200


def render_room_version(session_factory):
    """A version of the company's rooms (who is in, muted, locked, recording), for the
    app's stream (stream.py): a signal that says nothing about anyone's room."""
    def render(company_id: int) -> str:
        with session_factory() as session:
            rows = session.execute(
                select(ConferenceRoom.id, ConferenceRoom.locked, ConferenceRoom.recording_id,
                       ConferenceParticipant.member_id, ConferenceParticipant.muted)
                .outerjoin(ConferenceParticipant,
                           ConferenceParticipant.room_id == ConferenceRoom.id)
                .where(ConferenceRoom.company_id == company_id)
                .order_by(ConferenceRoom.id, ConferenceParticipant.member_id)).all()
        digest = hashlib.sha256(json.dumps([list(r) for r in rows]).encode()).hexdigest()
        return json.dumps({"version": digest[:16]})
    return render
