"""Call control and live calls: /calls, /commands."""
from __future__ import annotations

from flask import jsonify, url_for

from vaxel.callcontrol.fsapi import check_destination, check_uuid
from vaxel.callcontrol.models import CommandAction
from vaxel.callcontrol.services import get_command, live_call, live_calls, request_command
from vaxel.errors import InvalidInput
from vaxel.people.models import User

from ..db import get_db
from . import actor, body, company_id, json_id, route, shapes


def _accepted(command):
    response = jsonify(shapes.command(command))
    response.headers["Location"] = url_for("api.show_command", command_id=command.id)
    return response, 202


def _user_id(data: dict) -> int:
    user_id = json_id(data, "user_id")
    user = get_db().get(User, user_id) if user_id is not None else None
    if user is None or user.company_id != company_id():
        raise InvalidInput("user_id must be a user of this company.")
    return user.id


@route("/calls", "calls:write", ("POST",))
def click_to_call():
    """Ring the user's phones; when one answers, call the destination."""
    data = body()
    args = {"user_id": _user_id(data), "destination": check_destination(
        str(data.get("destination", "")))}
    return _accepted(request_command(get_db(), actor(), CommandAction.CLICK_TO_CALL, args))


@route("/calls", "calls:read")
def list_live_calls():
    return jsonify({"calls": [shapes.live_call(c) for c in live_calls(get_db(), company_id())]})


@route("/calls/<call_id>/transfer", "calls:write", ("POST",))
def transfer_call(call_id: str):
    """Blind: {"destination"}; attended: {"consult_call_id"} (after consulting)."""
    data = body()
    call = live_call(get_db(), company_id(), check_uuid(call_id))
    consult = data.get("consult_call_id")
    if consult is not None:
        live_call(get_db(), company_id(), check_uuid(str(consult)))
        action, args = CommandAction.ATTENDED_TRANSFER, {"consult_call_id": consult}
    else:
        action = CommandAction.BLIND_TRANSFER
        args = {"destination": check_destination(str(data.get("destination", "")))}
    return _accepted(request_command(get_db(), actor(), action,
                                     {"call_id": call.call_uuid, **args}))


@route("/calls/<call_id>/hangup", "calls:write", ("POST",))
def hang_up_call(call_id: str):
    call = live_call(get_db(), company_id(), check_uuid(call_id))
    return _accepted(request_command(get_db(), actor(), CommandAction.HANG_UP,
                                     {"call_id": call.call_uuid}))


@route("/commands/<int:command_id>", "calls:read")
def show_command(command_id: int):
    return jsonify(shapes.command(get_command(get_db(), company_id(), command_id)))
