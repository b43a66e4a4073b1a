"""The app's attended transfer, through the server's call control (the operator console's
vaxel.callcontrol.console, carried out by the controller): it works the same whether the
user talks on the app or on a desk phone. Consult: the switch holds the call (the caller
hears music) and rings the user's phones, which then call the colleague or number; the
app answers that call itself. Complete joins the caller with the consulted party and the
user leaves both; cancel ends the consultation and gives the caller back.

The consultation's call id is known once the controller has placed it: the app reads it
from its command (GET commands/<id>), which only its own user may read."""
from __future__ import annotations

from flask import g, jsonify, request, url_for
from werkzeug.wrappers import Response

from vaxel.callcontrol import console
from vaxel.callcontrol.models import CallCommand

from ..db import get_db
from .views import bp, own_user


@bp.get("/calls/live.json")
def my_live_calls() -> Response:
    own_user()
    return jsonify([{"id": c.call_uuid, "caller": c.caller_number, "destination": c.destination,
                     "state": c.state} for c in console.my_live_calls(get_db(), g.actor)])


@bp.post("/calls/<call_id>/consult")
def consult(call_id: str) -> tuple[Response, int]:
    own_user()
    command = console.start_consultation(get_db(), g.actor, call_id,
                                         request.form.get("destination", "").strip())
    return _accepted(command)


@bp.post("/calls/<call_id>/<any(complete, cancel):action>")
def after_consultation(call_id: str, action: str) -> tuple[Response, int]:
    own_user()
    finish = console.complete_transfer if action == "complete" else console.cancel_consultation
    return _accepted(finish(get_db(), g.actor, call_id,
                            request.form.get("consult_call_id", "").strip()))


@bp.get("/commands/<int:command_id>")
def my_command(command_id: int) -> Response:
    own_user()
    command = console.my_command(get_db(), g.actor, command_id)
    return jsonify({"id": command.id, "status": command.status.value,
                    "result": {k: command.result[k] for k in ("call_id", "consult_call_id",
                                                              "error") if k in command.result}})


def _accepted(command: CallCommand) -> tuple[Response, int]:
    return jsonify({"id": command.id, "status": command.status.value,
                    "url": url_for("employee.my_command", command_id=command.id)}), 202
